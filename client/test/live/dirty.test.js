import assert from "node:assert/strict";
import { test } from "node:test";

import { acknowledgeFields, isDirty, markDirty, snapshotFields } from "../../src/live/dirty.js";

const field = () => ({ tagName: "INPUT" });

test("an acknowledged event cleans the field it was sent from", () => {
  const input = field();
  markDirty(input);
  const snapshot = snapshotFields(input);
  acknowledgeFields(snapshot);
  assert.equal(isDirty(input), false);
});

test("a field typed into while its event was in flight stays dirty", () => {
  const input = field();
  markDirty(input);
  const snapshot = snapshotFields(input);
  markDirty(input);
  acknowledgeFields(snapshot);
  assert.equal(isDirty(input), true);
});

test("an event from a form speaks for all of its fields", () => {
  const [a, b] = [field(), field()];
  markDirty(a);
  markDirty(b);
  acknowledgeFields(snapshotFields({ tagName: "FORM", elements: [a, b] }));
  assert.equal(isDirty(a) || isDirty(b), false);
});

// The regression (a flaky e2e test under load): a field's dj-change and its form's dj-submit
// went out together; the change's reply cleaned the field, the user typed a new text, and the
// submit's reply, which speaks for the old text, found the field clean again and the patch put
// the old text back. The new text was then submitted as the old one, silently.
test("text typed after one reply stays dirty through the reply of an older event", () => {
  const input = field();
  markDirty(input);
  const submit = snapshotFields({ tagName: "FORM", elements: [input] });
  const change = snapshotFields(input);
  acknowledgeFields(change);
  markDirty(input);
  acknowledgeFields(submit);
  assert.equal(isDirty(input), true);
});
