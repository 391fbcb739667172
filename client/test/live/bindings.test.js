import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";

import { Bindings } from "../../src/live/bindings.js";
import { isDirty } from "../../src/live/dirty.js";
import { FakeDocument, FakeElement } from "../../test-support/fake-dom.js";

function setup() {
  const document = new FakeDocument();
  const root = new FakeElement("DIV", { "dj-root": "" });
  const sent = [];
  const view = { pushEvent: (name, params, el) => sent.push({ name, params, el }) };
  const bindings = new Bindings(document, (el) => (el === root ? view : undefined));
  bindings.start();
  return { document, root, sent, bindings };
}

test("a click inside a dj-click element sends its handler with its dj-value-*", () => {
  const { document, root, sent } = setup();
  const button = new FakeElement("BUTTON", { "dj-click": "remove", "dj-value-id": "4" });
  const icon = new FakeElement("SPAN");
  root.append(button.append(icon));
  document.fire("click", icon);
  assert.deepEqual(sent, [{ name: "remove", params: { id: "4" }, el: button }]);
});

test("elements outside a dj-root, and text nodes, send nothing", () => {
  const { document, sent } = setup();
  document.fire("click", new FakeElement("BUTTON", { "dj-click": "x" }));
  document.fire("click", { nodeType: 3 });
  assert.deepEqual(sent, []);
});

test("dj-key filters key bindings; dj-key is not a row key there", () => {
  const { document, root, sent } = setup();
  const input = new FakeElement("INPUT", { "dj-keydown": "save", "dj-key": "Enter" }, { type: "text", value: "v" });
  root.append(input);
  document.fire("keydown", input, { key: "a" });
  document.fire("keydown", input, { key: "Enter" });
  assert.deepEqual(sent.map((s) => s.params), [{ key: "Enter", value: "v" }]);
});

test("focus and blur bindings ride on focusin and focusout", () => {
  const { document, root, sent } = setup();
  const input = new FakeElement("INPUT", { "dj-focus": "opened", "dj-blur": "closed" }, { type: "text" });
  root.append(input);
  document.fire("focusin", input);
  document.fire("focusout", input);
  assert.deepEqual(sent.map((s) => s.name), ["opened", "closed"]);
});

test("dj-debounce sends one input event, with the value of the last keystroke", async () => {
  const { document, root, sent } = setup();
  const input = new FakeElement("INPUT", { "dj-input": "search", "dj-debounce": "20" }, { type: "text", name: "q", value: "a" });
  root.append(input);
  document.fire("input", input);
  input.value = "ab";
  document.fire("input", input);
  assert.equal(sent.length, 0);
  await sleep(40);
  assert.deepEqual(sent.map((s) => s.params), [{ value: "ab", q: "ab" }]);
});

test("typing into a field of a view marks it dirty", () => {
  const { document, root } = setup();
  const input = new FakeElement("INPUT", {}, { type: "text", value: "" });
  root.append(input);
  assert.equal(isDirty(input), false);
  document.fire("input", input);
  assert.equal(isDirty(input), true);
});

test("stop() removes every listener", () => {
  const { document, root, sent, bindings } = setup();
  const button = new FakeElement("BUTTON", { "dj-click": "x" });
  root.append(button);
  bindings.stop();
  document.fire("click", button);
  assert.deepEqual(sent, []);
});
