// The state a page holds of a channel: layers applied by version, tombstones, resets, and the
// nested state rebuilt from the join reply's shape.
import assert from "node:assert/strict";
import { test } from "node:test";

import { SyncState } from "../../src/sync/state.js";

const P = "app.ProjectSerializer";
const T = "app.TaskSerializer";
const C = "app.CommentSerializer";
const SHAPE = { root: P, many: false, nested: { [P]: { tasks: [T, true] }, [T]: { comments: [C, true] }, [C]: {} } };

const project = (v, tasks, extra = {}) => ({ id: 1, name: "P", tasks, _instance_type: P, _tstamp: v, ...extra });
const task = (id, v, extra = {}) => ({ id, name: `t${id}`, comments: [], _instance_type: T, _tstamp: v, ...extra });
const tombstone = (type, id, v) => ({ id, _instance_type: type, _tstamp: v, _deleted: true, _operation: "delete" });

function snapshot() {
  const state = new SyncState();
  state.shape = SHAPE;
  state.apply({ v: 5, a: [1], r: true, i: [project(5, [10, 11]), task(10, 5, { comments: [100] }), task(11, 5), { id: 100, text: "hi", _instance_type: C, _tstamp: 5 }] });
  return state;
}

test("a snapshot is rebuilt nested as the serializer nests it, without the wire's keys", () => {
  assert.deepEqual(snapshot().build(), {
    id: 1,
    name: "P",
    tasks: [
      { id: 10, name: "t10", comments: [{ id: 100, text: "hi" }] },
      { id: 11, name: "t11", comments: [] },
    ],
  });
});

test("a newer layer replaces the row; an older or equal one is skipped", () => {
  const state = snapshot();
  assert.equal(state.apply({ v: 7, i: [task(11, 7, { name: "new" })] }), true);
  assert.equal(state.apply({ v: 6, i: [task(11, 6, { name: "late" })] }), false);
  assert.equal(state.apply({ v: 7, i: [task(11, 7, { name: "again" })] }), false);
  assert.equal(state.build().tasks[1].name, "new");
  assert.equal(state.watermark, 7);
});

test("a tombstone deletes the row, and an older layer of it does not bring it back", () => {
  const state = snapshot();
  state.apply({ v: 8, i: [tombstone(T, 11, 8)] });
  assert.deepEqual(state.build().tasks.map((t) => t.id), [10]);
  state.apply({ v: 6, i: [task(11, 6)] });
  assert.deepEqual(state.build().tasks.map((t) => t.id), [10]);
});

test("a delete of a row never held changes nothing", () => {
  const state = snapshot();
  const before = state.build();
  assert.equal(state.apply({ v: 9, i: [tombstone(T, 99, 9)] }), false);
  assert.deepEqual(state.build(), before);
});

test("a new row appears once its parent lists it", () => {
  const state = snapshot();
  state.apply({ v: 9, i: [task(12, 9), project(9, [10, 11, 12])] });
  assert.deepEqual(state.build().tasks.map((t) => t.id), [10, 11, 12]);
});

test("a reset replaces everything held, versions too", () => {
  const state = snapshot();
  state.apply({ v: 20, i: [task(11, 20)] });
  state.apply({ v: 3, a: [1], r: true, i: [project(3, [])] });
  assert.deepEqual(state.build(), { id: 1, name: "P", tasks: [] });
  assert.equal(state.watermark, 3);
  state.apply({ v: 4, i: [task(11, 4), project(4, [11])] });
  assert.deepEqual(state.build().tasks.map((t) => t.id), [11]);
});

test("the anchor's tombstone leaves no state; a list channel lists its anchors in order", () => {
  const state = snapshot();
  state.apply({ v: 9, i: [tombstone(P, 1, 9)] });
  assert.equal(state.build(), null);
  const list = new SyncState();
  list.shape = { root: P, many: true, nested: { [P]: {} } };
  list.apply({ v: 1, a: [2, 1], r: true, i: [{ id: 1, _instance_type: P, _tstamp: 1 }, { id: 2, _instance_type: P, _tstamp: 1 }] });
  assert.deepEqual(list.build(), [{ id: 2 }, { id: 1 }]);
  assert.equal(list.setAnchors([1]), true);
  assert.deepEqual(list.build(), [{ id: 1 }]);
});

test("a single nested row is an object, or null when not held; a row nesting itself is cut", () => {
  const state = new SyncState();
  state.shape = { root: T, many: false, nested: { [T]: { parent: [T, false] } } };
  state.apply({ v: 1, a: [1], r: true, i: [{ id: 1, parent: 1, _instance_type: T, _tstamp: 1 }] });
  assert.deepEqual(state.build(), { id: 1, parent: null });
  state.apply({ v: 2, i: [{ id: 2, parent: null, _instance_type: T, _tstamp: 2 }, { id: 1, parent: 2, _instance_type: T, _tstamp: 2 }] });
  assert.deepEqual(state.build(), { id: 1, parent: { id: 2, parent: null } });
});

test("no state before the join's shape and snapshot", () => {
  assert.equal(new SyncState().build(), null);
  assert.equal(new SyncState().watermark, null);
});
