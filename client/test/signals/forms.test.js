import assert from "node:assert/strict";
import { test } from "node:test";

import { serializeForm, signalValue } from "../../src/signals/forms.js";
import { FakeElement, parseHTML } from "../../test-support/fake-dom.js";

const form = (html) => parseHTML(`<form>${html}</form>`)[0];

test("a form serializes as [{name, value}] in document order, like serializeArray", () => {
  const f = form(`
    <input name="title" value="t">
    <input type="checkbox" name="done" value="on" checked>
    <input type="checkbox" name="late" value="on">
    <input type="radio" name="size" value="s"><input type="radio" name="size" value="l" checked>
    <select name="tags" multiple><option value="a" selected></option><option value="b" selected></option></select>
    <textarea name="body"></textarea>
    <input name="off" value="x" disabled>
    <input value="no name">
    <input type="submit" name="go" value="Go"><button name="b" value="1"></button>`);
  f.querySelector("textarea").value = "line";
  assert.deepEqual(serializeForm(f), [
    { name: "title", value: "t" },
    { name: "done", value: "on" },
    { name: "size", value: "l" },
    { name: "tags", value: "a" },
    { name: "tags", value: "b" },
    { name: "body", value: "line" },
  ]);
});

test("a file field serializes as the names of its files", () => {
  const f = form('<input type="file" name="doc">');
  f.querySelector("input").files = [{ name: "a.pdf" }, { name: "b.pdf" }];
  assert.deepEqual(serializeForm(f), [
    { name: "doc", value: "a.pdf" },
    { name: "doc", value: "b.pdf" },
  ]);
  assert.deepEqual(serializeForm(null), []);
});

test("a field's value: checked for boxes, a list for multiple selects and files", () => {
  const [box, text, select, file] = parseHTML(
    '<input type="checkbox" checked><input value="v"><select multiple><option value="a" selected></option><option value="b"></option></select><input type="file">',
  );
  file.files = [{ name: "x.png" }];
  assert.equal(signalValue(box), true);
  box.checked = false;
  assert.equal(signalValue(box), false);
  assert.equal(signalValue(text), "v");
  assert.deepEqual(signalValue(select), ["a"]);
  assert.deepEqual(signalValue(file), ["x.png"]);
  assert.equal(signalValue(new FakeElement("DIV")), null);
});
