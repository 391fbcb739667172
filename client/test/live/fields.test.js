// Which value a re-rendered field shows (fields.js): the user's, unless the server changed it,
// the form was submitted, or dj-force says so. The DOM side is in tests/e2e/test_browser_fields.
import assert from "node:assert/strict";
import { test } from "node:test";

import { HOLD, KEEP, TAKE, fieldUpdate } from "../../src/live/fields.js";
import { FakeElement } from "../../test-support/fake-dom.js";

const page = { activeElement: null };

// An <input> as the page has it (`value` the user's) or as the server renders it.
function input(attributes, value = attributes.value ?? "", type = "text") {
  return new FakeElement("INPUT", attributes, { type, value, ownerDocument: page });
}

function checkbox(attributes, checked) {
  return new FakeElement("INPUT", attributes, { type: "checkbox", checked, ownerDocument: page });
}

test("a value the server did not change stays the user's", () => {
  const field = input({ value: "" }, "half-typed");
  assert.equal(fieldUpdate(field, input({ value: "", class: "wide" })), KEEP);
  const box = checkbox({}, true);
  assert.equal(fieldUpdate(box, checkbox({}, false)), KEEP);
});

test("a value the server changed is taken by an unfocused field", () => {
  assert.equal(fieldUpdate(input({ value: "" }, "typed"), input({ value: "saved" })), TAKE);
  assert.equal(fieldUpdate(checkbox({}, false), checkbox({ checked: "" }, true)), TAKE);
});

test("a focused field holds the render it shows until blur, unless it has the value", (t) => {
  const field = input({ value: "start." }, "start. B1.");
  t.after(() => (page.activeElement = null));
  page.activeElement = field;
  assert.equal(fieldUpdate(field, input({ value: "start. A1." })), HOLD);
  assert.equal(fieldUpdate(field, input({ value: "start. B1." })), TAKE);
  // A checkbox has no typing to lose: focused or not, the server's value applies.
  const box = checkbox({}, false);
  page.activeElement = box;
  assert.equal(fieldUpdate(box, checkbox({ checked: "" }, true)), TAKE);
});

test("a submitted form's field, and a new dj-force revision, take the server's value", (t) => {
  const field = input({ value: "", "dj-force": "0" }, "typed");
  t.after(() => (page.activeElement = null));
  page.activeElement = field;
  assert.equal(fieldUpdate(field, input({ value: "" }), { owned: true }), TAKE);
  assert.equal(fieldUpdate(field, input({ value: "", "dj-force": "1" })), TAKE);
  assert.equal(fieldUpdate(field, input({ value: "", "dj-force": "0" })), KEEP);
});
