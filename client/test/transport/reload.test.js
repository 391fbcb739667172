import assert from "node:assert/strict";
import { test } from "node:test";

import { RELOAD_INTERVAL_MS, reloadAtMostOnce } from "../../src/transport/reload.js";

function fakeTab() {
  const items = new Map();
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v) };
  const location = { reloads: 0, reload() { this.reloads += 1; } };
  return { storage, location };
}

test("reloads at most once per interval per tab", () => {
  const { storage, location } = fakeTab();
  const now = 1_700_000_000_000;
  assert.equal(reloadAtMostOnce(storage, location, now), true);
  assert.equal(reloadAtMostOnce(storage, location, now + RELOAD_INTERVAL_MS - 1), false);
  assert.equal(reloadAtMostOnce(storage, location, now + RELOAD_INTERVAL_MS), true);
  assert.equal(location.reloads, 2);
});

test("without sessionStorage it does not reload: a loop is worse than a stale page", () => {
  const { location } = fakeTab();
  const broken = { getItem: () => { throw new Error("denied"); }, setItem: () => {} };
  assert.equal(reloadAtMostOnce(broken, location, 1000), false);
  assert.equal(location.reloads, 0);
});
