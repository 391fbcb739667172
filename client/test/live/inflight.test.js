// Forms in flight: submit buttons disabled, dj-disable-with labels, dj-throttle.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Bindings } from "../../src/live/bindings.js";
import { isLocked, keepLocked, lock, lockedBy } from "../../src/live/inflight.js";
import { View } from "../../src/live/view.js";
import { FakeDocument, FakeElement, FakeText } from "../../test-support/fake-dom.js";
import { setup, tick } from "../../test-support/fake-socket.js";

function todoForm() {
  const form = new FakeElement("FORM", { "dj-submit": "add" });
  const input = new FakeElement("INPUT", { name: "text" }, { type: "text", name: "text", value: "milk" });
  const add = new FakeElement("BUTTON", { type: "submit", "dj-disable-with": "Saving…" }, { disabled: false });
  add.append(new FakeText("Add"));
  const plain = new FakeElement("BUTTON", {}, { disabled: false }); // no type: a submit button
  const other = new FakeElement("BUTTON", { type: "button" }, { disabled: false });
  form.append(input, add, plain, other);
  return { form, input, add, plain, other };
}

test("a form's submit buttons are what its submit holds", () => {
  const { form, add, plain } = todoForm();
  assert.deepEqual(lockedBy(form, true), [add, plain]);
  assert.deepEqual(lockedBy(form), []); // a form's dj-change locks no submit button
  assert.deepEqual(lockedBy(new FakeElement("BUTTON", { "dj-click": "x" })), []);
  const opted = new FakeElement("BUTTON", { "dj-click": "x", "dj-disable-with": "…" });
  assert.deepEqual(lockedBy(opted), [opted]);
});

test("lock disables and swaps the dj-disable-with label; the release restores both", () => {
  const { form, add, plain, other } = todoForm();
  const release = lock(lockedBy(form, true));
  assert.ok(add.disabled && plain.disabled && !other.disabled);
  assert.equal(add.textContent, "Saving…");
  assert.ok(isLocked(add));
  release();
  release(); // once only
  assert.ok(!add.disabled && !plain.disabled);
  assert.ok(!add.hasAttribute("disabled"));
  assert.equal(add.textContent, "Add");
  assert.ok(!isLocked(add));
});

test("two events in flight: the last to settle releases", () => {
  const { form, add } = todoForm();
  const first = lock(lockedBy(form, true));
  const second = lock(lockedBy(form, true));
  first();
  assert.ok(add.disabled);
  second();
  assert.ok(!add.disabled);
  assert.equal(add.textContent, "Add");
});

test("a button the page had disabled stays disabled after the release", () => {
  const button = new FakeElement("BUTTON", { "dj-click": "x", "dj-disable-with": "…", disabled: "" }, { disabled: true });
  lock([button])();
  assert.ok(button.disabled);
});

test("a patch while in flight keeps the element held, and the release restores the server's label", () => {
  const { form, add } = todoForm();
  const release = lock(lockedBy(form, true));
  const rendered = new FakeElement("BUTTON", { type: "submit", "dj-disable-with": "Saving…" });
  rendered.append(new FakeText("Add another"));
  keepLocked(add, rendered);
  assert.ok(rendered.hasAttribute("disabled"));
  assert.equal(rendered.textContent, "Saving…");
  release();
  assert.equal(add.textContent, "Add another");
});

test("<input type=submit dj-disable-with> swaps its value", () => {
  const input = new FakeElement("INPUT", { type: "submit", "dj-disable-with": "Wait" }, { type: "submit", value: "Go", disabled: false });
  const release = lock([input]);
  assert.equal(input.value, "Wait");
  release();
  assert.equal(input.value, "Go");
});

function joinedView(t) {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const root = new FakeElement("DIV", { "dj-root": "", "dj-token": "tok", "dj-v": "5" });
  const view = new View(root, env.socket, {});
  env.ws().open();
  env.ws().serve([1, "lv:1", "ok", { v: 5 }]);
  return { ...env, root, view };
}

for (const [how, settle] of [
  ["an ok reply", (ws) => ws.serve([2, "lv:1", "ok", { v: 5 }])],
  ["an error reply", (ws) => ws.serve([2, "lv:1", "error", { code: "handler_error", reason: "x" }])],
  ["a disconnection", (ws) => ws.close()],
]) {
  test(`a dj-submit's buttons are disabled until ${how}`, async (t) => {
    const { ws, root, view } = joinedView(t);
    await tick();
    const { form, add } = todoForm();
    root.append(form);
    const submitted = view.pushEvent("add", { text: "milk" }, form, { submitting: true });
    assert.ok(add.disabled);
    assert.equal(add.textContent, "Saving…");
    settle(ws());
    await submitted;
    assert.ok(!add.disabled);
    assert.equal(add.textContent, "Add");
  });
}

function page() {
  const document = new FakeDocument();
  const root = new FakeElement("DIV", { "dj-root": "" });
  document.body.append(root);
  const sent = [];
  const view = { pushEvent: (name, params, el) => sent.push({ name, el }) };
  let now = 1000;
  const clock = { now: () => now };
  new Bindings(document, (el) => (el === root ? view : undefined), { clock }).start();
  return { document, root, sent, advance: (ms) => (now += ms) };
}

test("a second submit of a form in flight is not sent", () => {
  const { document, root, sent } = page();
  const { form, add } = todoForm();
  root.append(form);
  const release = lock(lockedBy(form, true));
  const event = document.fire("submit", form, { submitter: add });
  assert.equal(sent.length, 0);
  assert.ok(event.defaultPrevented);
  release();
});

test("dj-throttle sends at most one event per N ms, the first (leading edge)", () => {
  const { document, root, sent, advance } = page();
  const button = new FakeElement("BUTTON", { "dj-click": "more", "dj-throttle": "500" });
  root.append(button);
  document.fire("click", button);
  document.fire("click", button);
  advance(499);
  document.fire("click", button);
  assert.equal(sent.length, 1);
  advance(1);
  document.fire("click", button);
  assert.equal(sent.length, 2);
});
