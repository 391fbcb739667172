// The 17 built-in html.* signals on the fake DOM, with df_websockets' parameters.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BUILTIN_SIGNALS, connectBuiltins } from "../../src/signals/html.js";
import { Registry } from "../../src/signals/registry.js";
import { FakeDocument } from "../../test-support/fake-dom.js";

function page(html) {
  const document = new FakeDocument();
  document.body.innerHTML = html;
  const registry = new Registry();
  connectBuiltins(registry, document);
  const added = [];
  document.addEventListener("DOMContentAdded", (event) => added.push(event.target));
  const djwireAdded = [];
  document.addEventListener("djwire:content-added", (event) => djwireAdded.push(event.target));
  const run = (name, opts) => registry.run(name, opts, undefined);
  const $ = (selector) => document.querySelector(selector);
  return { document, run, $, added, djwireAdded };
}

const ids = (nodes) => nodes.map((node) => node.getAttribute("id"));
const bodyIds = (document) => ids(document.body.children);

test("the 17 built-ins are df_websockets' names", () => {
  assert.deepEqual(BUILTIN_SIGNALS, [
    "html.add_attribute",
    "html.add_class",
    "html.after",
    "html.append",
    "html.before",
    "html.boolean_attribute",
    "html.content",
    "html.download_file",
    "html.empty",
    "html.focus",
    "html.forms.set",
    "html.prepend",
    "html.remove",
    "html.remove_attr",
    "html.remove_class",
    "html.replace_with",
    "html.text",
  ]);
});

test("html.after and html.before insert next to every match and announce the new elements", () => {
  const { document, run, added, djwireAdded } = page('<p id="a" class="m"></p><p id="b" class="m"></p>');
  run("html.after", { selector: ".m", content: '<i id="x"></i>' });
  assert.deepEqual(bodyIds(document), ["a", "x", "b", "x"]);
  assert.deepEqual(ids(added), ["x", "x"]);
  assert.deepEqual(ids(djwireAdded), ["x", "x"]);
  run("html.before", { selector: "#a", content: '<i id="y"></i><i id="z"></i>' });
  assert.deepEqual(bodyIds(document), ["y", "z", "a", "x", "b", "x"]);
});

test("html.append and html.prepend insert inside, at the end and at the start", () => {
  const { run, $, added } = page('<ul id="l"><li id="m"></li></ul>');
  run("html.append", { selector: "#l", content: '<li id="last">z</li>' });
  run("html.prepend", { selector: "#l", content: '<li id="first">a</li>' });
  assert.deepEqual(ids($("#l").children), ["first", "m", "last"]);
  assert.deepEqual(ids(added), ["last", "first"]);
});

test("html.content replaces the children and announces the element itself", () => {
  const { run, $, added } = page('<div id="d"><b>old</b></div>');
  run("html.content", { selector: "#d", content: "<span>hello</span> world" });
  assert.equal($("#d").textContent, "hello world");
  assert.equal($("#d").children[0].tagName, "SPAN");
  assert.deepEqual(ids(added), ["d"]);
});

test("html.replace_with puts the content in the element's place", () => {
  const { document, run, added } = page('<p id="a"></p><p id="b"></p>');
  run("html.replace_with", { selector: "#a", content: '<div id="n"></div>' });
  assert.deepEqual(bodyIds(document), ["n", "b"]);
  assert.deepEqual(ids(added), ["n"]);
});

test("html.text sets text, not markup", () => {
  const { run, $ } = page('<p id="p"><b>x</b></p>');
  run("html.text", { selector: "#p", content: "<b>safe</b>" });
  assert.equal($("#p").textContent, "<b>safe</b>");
  assert.equal($("#p").children.length, 0);
});

test("html.empty and html.remove", () => {
  const { document, run, $ } = page('<div id="d"><b></b><i></i></div><p id="p"></p>');
  run("html.empty", { selector: "#d" });
  assert.equal($("#d").childNodes.length, 0);
  run("html.remove", { selector: "#p" });
  assert.deepEqual(bodyIds(document), ["d"]);
});

test("classes: add_class and remove_class (several names at once too)", () => {
  const { run, $ } = page('<p id="p" class="a"></p>');
  run("html.add_class", { selector: "#p", class_name: "b" });
  run("html.add_class", { selector: "#p", class_name: "c d" });
  run("html.remove_class", { selector: "#p", class_name: "a c" });
  assert.equal($("#p").getAttribute("class"), "b d");
});

test("attributes: add_attribute, remove_attr, boolean_attribute", () => {
  const { run, $ } = page('<button id="b" title="t"></button>');
  run("html.add_attribute", { selector: "#b", attr_name: "data-x", attr_value: "1" });
  run("html.remove_attr", { selector: "#b", attr_name: "title" });
  run("html.boolean_attribute", { selector: "#b", name: "disabled", value: true });
  assert.equal($("#b").getAttribute("data-x"), "1");
  assert.equal($("#b").hasAttribute("title"), false);
  assert.equal($("#b").getAttribute("disabled"), "disabled");
  run("html.boolean_attribute", { selector: "#b", name: "disabled", value: false });
  assert.equal($("#b").hasAttribute("disabled"), false);
});

test("html.focus focuses the first match only", () => {
  const { run, document } = page('<input class="f"><input class="f">');
  run("html.focus", { selector: ".f" });
  const [first, second] = document.querySelectorAll(".f");
  assert.equal(first.focused, 1);
  assert.deepEqual(first.focusOptions, { preventScroll: false });
  assert.equal(second.focused, 0);
  run("html.focus", { selector: "#none" }); // no match: nothing happens
});

test("html.download_file clicks a hidden download link, then takes it away", (t) => {
  const { run, document } = page("");
  const made = [];
  const create = document.createElement.bind(document);
  t.mock.method(document, "createElement", (tag) => {
    const el = create(tag);
    made.push(el);
    return el;
  });
  run("html.download_file", { url: "/files/report.csv", filename: "report.csv" });
  const link = made.find((el) => el.tagName === "A");
  assert.equal(link.href, "/files/report.csv");
  assert.equal(link.download, "report.csv");
  assert.equal(link.clicked, 1);
  assert.equal(link.parentNode, null);
  run("html.download_file", { url: "/x" });
  assert.equal(made.filter((el) => el.tagName === "A")[1].download, "unknown");
});

test("html.download_file revokes an object URL after the download started", async (t) => {
  const { run } = page("");
  const revoked = [];
  t.mock.method(URL, "revokeObjectURL", (url) => revoked.push(url));
  run("html.download_file", { url: "blob:http://h/1234", filename: "a.txt" });
  run("html.download_file", { url: "/plain", filename: "b.txt" });
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(revoked, ["blob:http://h/1234"]);
});

const FORM = `<form id="f">
  <input name="title" value="old">
  <input type="checkbox" name="done" value="on">
  <input type="radio" name="size" value="s" checked><input type="radio" name="size" value="l">
  <select name="tags" multiple><option value="a" selected></option><option value="b"></option></select>
  <select name="kind"><option value="x" selected></option><option value="y"></option></select>
</form>`;

test("html.forms.set, the shape df_websockets implements: a form and [{name, value}]", () => {
  const { run, $ } = page(FORM);
  run("html.forms.set", {
    selector: "#f",
    values: [
      { name: "title", value: "new" },
      { name: "done", value: true },
      { name: "size", value: "l" },
      { name: "tags", value: ["b"] },
      { name: "kind", value: "y" },
    ],
  });
  assert.equal($("[name=title]").value, "new");
  assert.equal($("[name=done]").checked, true);
  assert.deepEqual(
    $("#f").querySelectorAll("[name=size]").map((r) => r.checked),
    [false, true],
  );
  assert.deepEqual(
    $("[name=tags]").options.map((o) => o.selected),
    [false, true],
  );
  assert.deepEqual(
    $("[name=kind]").options.map((o) => o.selected),
    [false, true],
  );
});

// The regression: df_websockets' docs show this shape, and its code throws on it.
test("html.forms.set, the shape df_websockets documents: {selector: fields, value}", () => {
  const { run, $ } = page(FORM);
  run("html.forms.set", { selector: "[name=title]", value: "documented" });
  run("html.forms.set", { selector: "[name=done]", value: true });
  assert.equal($("[name=title]").value, "documented");
  assert.equal($("[name=done]").checked, true);
  run("html.forms.set", { selector: "[name=done]", value: false });
  assert.equal($("[name=done]").checked, false);
});

test("a selector that matches nothing does nothing", () => {
  const { run } = page("<p></p>");
  for (const name of BUILTIN_SIGNALS.filter((n) => n !== "html.download_file")) {
    run(name, { selector: "#none", content: "x", class_name: "c", attr_name: "a", name: "n", values: [] });
  }
});
