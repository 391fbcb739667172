import assert from "node:assert/strict";
import { test } from "node:test";

import { entriesToParams, fieldParams, keyParams, valueParams } from "../../src/live/params.js";
import { FakeElement } from "../../test-support/fake-dom.js";

test("dj-value-* attributes become string params named after the prefix", () => {
  const button = new FakeElement("BUTTON", { "dj-click": "remove", "dj-value-id": "7", "dj-value-kind": "" });
  assert.deepEqual(valueParams(button), { id: "7", kind: "" });
});

test("a text field sends value, its name, and its dj-value-*", () => {
  const input = new FakeElement("INPUT", { "dj-value-row": "3" }, { type: "text", name: "q", value: "abc" });
  assert.deepEqual(fieldParams(input), { value: "abc", q: "abc", row: "3" });
});

test("a field without a name sends only value", () => {
  const input = new FakeElement("INPUT", {}, { type: "text", name: "", value: "x" });
  assert.deepEqual(fieldParams(input), { value: "x" });
});

test("a checkbox: its value when checked; unchecked, value is \"\" and its name is absent", () => {
  const box = new FakeElement("INPUT", {}, { type: "checkbox", name: "done", value: "on", checked: true });
  assert.deepEqual(fieldParams(box), { value: "on", done: "on" });
  box.checked = false;
  assert.deepEqual(fieldParams(box), { value: "" });
});

test("a multiple select sends the list of selected values", () => {
  const options = [
    { value: "a", selected: true },
    { value: "b", selected: false },
    { value: "c", selected: true },
  ];
  const select = new FakeElement("SELECT", {}, { name: "tags", multiple: true, options });
  assert.deepEqual(fieldParams(select), { value: ["a", "c"], tags: ["a", "c"] });
});

test("form entries: a repeated name gives a list, a file its name", () => {
  const entries = [["title", "t"], ["tag", "a"], ["tag", "b"], ["tag", "c"], ["doc", { name: "cv.pdf" }]];
  assert.deepEqual(entriesToParams(entries), { title: "t", tag: ["a", "b", "c"], doc: "cv.pdf" });
});

test("key bindings send the key, and the value when the element is a field", () => {
  const input = new FakeElement("INPUT", { "dj-value-x": "1" }, { type: "text", value: "hi" });
  assert.deepEqual(keyParams(input, { key: "Enter" }), { key: "Enter", value: "hi", x: "1" });
  const div = new FakeElement("DIV");
  assert.deepEqual(keyParams(div, { key: "Escape" }), { key: "Escape" });
});
