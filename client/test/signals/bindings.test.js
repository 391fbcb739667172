// data-dj-signal and data-df-signal bindings on the fake DOM.
import assert from "node:assert/strict";
import { test } from "node:test";

import { SignalBindings, defaultEvent, shouldPrevent } from "../../src/signals/bindings.js";
import { connectBuiltins } from "../../src/signals/html.js";
import { Registry } from "../../src/signals/registry.js";
import { FakeDocument, parseHTML } from "../../test-support/fake-dom.js";

const attr = (list) => JSON.stringify(list).replace(/"/g, "&quot;");

function page(html) {
  const document = new FakeDocument();
  document.body.innerHTML = html;
  const sent = [];
  const bindings = new SignalBindings(document, (name, opts, el) => sent.push({ name, opts, el }));
  bindings.start();
  const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }));
  return { document, sent, bindings, fire, $: (s) => document.querySelector(s) };
}

test("default events: submit for a form, change for fields and selects, click otherwise", () => {
  const el = (html) => parseHTML(html)[0];
  assert.equal(defaultEvent(el("<form></form>")), "submit");
  assert.equal(defaultEvent(el("<input>")), "change");
  assert.equal(defaultEvent(el('<input type="checkbox">')), "change");
  assert.equal(defaultEvent(el("<textarea></textarea>")), "change");
  // df_websockets says click, which fires before the choice is made.
  assert.equal(defaultEvent(el("<select></select>")), "change");
  for (const type of ["submit", "reset", "button", "image"]) {
    assert.equal(defaultEvent(el(`<input type="${type}">`)), "click", type);
  }
  assert.equal(defaultEvent(el("<a></a>")), "click");
  assert.equal(defaultEvent(el("<button></button>")), "click");
});

test("prevent: true prevents, false never does, absent or null prevents all but change", () => {
  assert.equal(shouldPrevent(true, "change"), true);
  assert.equal(shouldPrevent(false, "click"), false);
  assert.equal(shouldPrevent(null, "click"), true);
  assert.equal(shouldPrevent(undefined, "submit"), true);
  assert.equal(shouldPrevent(undefined, "change"), false);
});

test("a click calls the signal with its opts and prevents the default", () => {
  const { sent, fire, $ } = page(`<a id="a" href="/x" data-dj-signal="${attr([{ name: "app.open", opts: { id: 42 } }])}"></a>`);
  const allowed = fire($("#a"), "click");
  assert.equal(allowed, false);
  assert.deepEqual(sent.map(({ name, opts }) => [name, opts]), [["app.open", { id: 42 }]]);
});

// The regression: df_websockets tested prevent === null, so a hand-written attribute without
// "prevent" never prevented its form's submit.
test("a hand-written binding without prevent still prevents the submit", () => {
  const { fire, $ } = page(`<form id="f" data-df-signal="${attr([{ name: "app.save" }])}"></form>`);
  assert.equal(fire($("#f"), "submit"), false);
});

test("a change binding does not prevent; prevent: false keeps a click's default", () => {
  const { fire, $ } = page(
    `<input id="i" data-dj-signal="${attr([{ name: "a" }])}"><a id="a" data-dj-signal="${attr([{ name: "b", prevent: false }])}"></a>`,
  );
  assert.equal(fire($("#i"), "change"), true);
  assert.equal(fire($("#a"), "click"), true);
});

test("form: key sends the form serialized; value: key sends the field's value", () => {
  const spec = [{ name: "app.save", on: "change", form: "form_data", opts: { id: 42 } }];
  const { sent, fire, $ } = page(`<form id="f" data-df-signal="${attr(spec)}">
    <input name="title" value="df" data-dj-signal="${attr([{ name: "app.title", value: "title" }])}">
    <input type="checkbox" name="done" data-dj-signal="${attr([{ name: "app.done", value: "done" }])}">
  </form>`);
  fire($("[name=title]"), "change");
  assert.deepEqual(sent.map(({ name, opts }) => [name, opts]), [
    ["app.title", { title: "df" }],
    ["app.save", { id: 42, form_data: [{ name: "title", value: "df" }] }],
  ]);
  sent.length = 0;
  $("[name=done]").checked = true;
  fire($("[name=done]"), "change");
  assert.deepEqual(sent[0].opts, { done: true });
});

test("form: key on a field sends the field's form", () => {
  const spec = [{ name: "app.save", form: "data" }];
  const { sent, fire, $ } = page(`<form><input name="q" value="v"><button id="b" data-dj-signal="${attr(spec)}"></button></form>`);
  fire($("#b"), "click");
  assert.deepEqual(sent[0].opts, { data: [{ name: "q", value: "v" }] });
});

test("one element, several entries and both attributes", () => {
  const { sent, fire, $ } = page(
    `<input id="i" data-dj-signal="${attr([{ name: "a" }, { name: "b", on: "input" }])}" data-df-signal="${attr([{ name: "c" }])}">`,
  );
  fire($("#i"), "change");
  fire($("#i"), "input");
  assert.deepEqual(sent.map((s) => s.name), ["a", "c", "b"]);
});

test("a malformed attribute is reported and binds nothing", (t) => {
  const warned = t.mock.method(console, "warn", () => {});
  const { sent, fire, $ } = page('<a id="a" data-dj-signal="[{oops"></a><b id="b" data-dj-signal="[{}]"></b>');
  fire($("#a"), "click");
  fire($("#b"), "click");
  assert.deepEqual(sent, []);
  assert.equal(warned.mock.callCount(), 2);
});

// The regression: df_websockets bound only the descendants of the DOMContentAdded target, so an
// inserted element that carried the binding itself was never wired; and it could bind twice.
test("content inserted by html.* signals is bound, the inserted node itself included, once", () => {
  const { document, sent, fire, $ } = page('<div id="d"></div>');
  const registry = new Registry();
  connectBuiltins(registry, document);
  const button = `<button id="n" data-dj-signal="${attr([{ name: "app.new" }])}"><i id="in" data-dj-signal="${attr([{ name: "app.inner" }])}"></i></button>`;
  registry.run("html.append", { selector: "#d", content: button });
  fire($("#n"), "click");
  assert.deepEqual(sent.map((s) => s.name), ["app.new"]);
  // html.content announces #d; what it holds is new, and nothing is bound twice.
  sent.length = 0;
  registry.run("html.content", { selector: "#d", content: button });
  fire($("#in"), "click");
  assert.deepEqual(sent.map((s) => s.name), ["app.inner", "app.new"]);
  document.body.dispatchEvent(new CustomEvent("DOMContentAdded", { bubbles: true }));
  sent.length = 0;
  fire($("#n"), "click");
  assert.deepEqual(sent.map((s) => s.name), ["app.new"]);
});
