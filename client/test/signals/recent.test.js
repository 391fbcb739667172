import assert from "node:assert/strict";
import { test } from "node:test";

import { RECENT_IDS, RecentIds } from "../../src/signals/recent.js";

test("an id is new once, then seen", () => {
  const recent = new RecentIds();
  assert.equal(recent.add("a"), true);
  assert.equal(recent.add("a"), false);
  assert.equal(recent.add("b"), true);
});

// The regression: df_websockets' registry keeps one key per signal received, forever.
test("only the last RECENT_IDS ids are kept", () => {
  const recent = new RecentIds();
  for (let i = 0; i < RECENT_IDS + 500; i++) recent.add(`id-${i}`);
  assert.equal(recent.size, RECENT_IDS);
  assert.equal(recent.add("id-0"), true, "the oldest was forgotten");
  assert.equal(recent.add(`id-${RECENT_IDS + 499}`), false);
});

test("an id seen again counts as recent", () => {
  const recent = new RecentIds(2);
  recent.add("a");
  recent.add("b");
  recent.add("a"); // seen: now the newest
  recent.add("c"); // forgets b, not a
  assert.equal(recent.add("a"), false);
  assert.equal(recent.add("b"), true);
});
