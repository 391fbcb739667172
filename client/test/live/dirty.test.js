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
