// Writes from the page: channel.save / create / delete on a fake socket. Each sends the sync
// join's frame, shows at once, settles with the server's reply (the id; a refusal with its code
// and per-field errors; timeout; disconnected), and a refused write leaves the state exactly as
// the server sent it, frames that came meanwhile included.
import assert from "node:assert/strict";
import { test } from "node:test";

import { SyncChannel } from "../../src/sync/channel.js";
import { EVENT_CREATE, EVENT_DELETE, EVENT_SAVE } from "../../src/sync/protocol.js";
import { setup, tick } from "../../test-support/fake-socket.js";

const P = "app.PostSerializer";
const C = "app.CommentSerializer";
const SHAPE = { root: P, many: false, nested: { [P]: { comments: [C, true] }, [C]: {} } };
const post = (v, comments, title = "T") => ({ id: 1, title, comments, _instance_type: P, _tstamp: v });
const comment = (id, v, text = `c${id}`) => ({ id, text, _instance_type: C, _tstamp: v });
const WRITES = new Set([EVENT_SAVE, EVENT_CREATE, EVENT_DELETE]);

async function joined(t, options = {}) {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const states = [];
  const channel = new SyncChannel(env.socket, "stok", {
    target: new EventTarget(),
    onState: (state) => states.push(state),
    ...options,
  });
  env.ws().open();
  env.ws().serve([1, "sync:1", "ok", { tk: "stok2", s: SHAPE }]);
  await tick();
  serveLayers(env.ws, 5, [post(5, [7, 8]), comment(7, 5), comment(8, 5)], true);
  return { ...env, channel, states };
}

function serveLayers(ws, v, layers, reset = false) {
  const payload = { v, i: layers, a: [1] };
  if (reset) payload.r = true;
  ws().serve([null, "sync:1", "instances", payload]);
}

// The last write frame the page sent: [ref, topic, event, payload].
const lastWrite = (ws) => ws().sent.filter(([, , event]) => WRITES.has(event)).at(-1);

const texts = (channel) => channel.state.comments.map((c) => [c.id, c.text]);

test("save sends the row's type, id and data, shows at once, and resolves with the id", async (t) => {
  const { ws, channel, states } = await joined(t);
  const saved = channel.save(C, 7, { text: "mine" });
  assert.deepEqual(lastWrite(ws), [2, "sync:1", "save", { type: C, id: 7, data: { text: "mine" } }]);
  assert.deepEqual(texts(channel), [[7, "mine"], [8, "c8"]]);
  assert.equal(states.at(-1).comments[0].text, "mine");
  ws().serve([2, "sync:1", "ok", { id: 7 }]);
  assert.equal(await saved, 7);
  // Still shown until the broadcast; then the server's row (it may have changed the data).
  assert.deepEqual(texts(channel), [[7, "mine"], [8, "c8"]]);
  serveLayers(ws, 6, [comment(7, 6, "mine (cleaned)")]);
  assert.deepEqual(texts(channel), [[7, "mine (cleaned)"], [8, "c8"]]);
  assert.equal(channel.store.pending.size, 0);
});

test("a refused save rejects with the code and the errors per field, and is undone exactly", async (t) => {
  const { ws, channel, states } = await joined(t);
  const before = channel.state;
  const saved = channel.save(C, 7, { text: "" });
  assert.equal(channel.state.comments[0].text, "");
  // Another row changes meanwhile: the rollback keeps it.
  serveLayers(ws, 6, [comment(8, 6, "other's edit")]);
  const errors = { text: ["This field may not be blank."] };
  ws().serve([2, "sync:1", "error", { code: "bad_params", reason: "CommentSerializer: the data is not valid (text)", errors }]);
  await assert.rejects(saved, (error) => {
    assert.equal(error.code, "bad_params");
    assert.deepEqual(error.errors, errors);
    return true;
  });
  assert.deepEqual(channel.state, { ...before, comments: [before.comments[0], { id: 8, text: "other's edit" }] });
  assert.deepEqual(states.at(-1), channel.state);
});

test("a save of a row that changes meanwhile is undone to the newer row", async (t) => {
  const { ws, channel } = await joined(t);
  const saved = channel.save(C, 7, { text: "mine" });
  // Someone else's save of the same row committed first: the server's row wins.
  serveLayers(ws, 6, [comment(7, 6, "theirs")]);
  assert.deepEqual(texts(channel), [[7, "theirs"], [8, "c8"]]);
  ws().serve([2, "sync:1", "error", { code: "forbidden", reason: "can_save refused" }]);
  await assert.rejects(saved, { code: "forbidden" });
  assert.deepEqual(texts(channel), [[7, "theirs"], [8, "c8"]]);
});

test("create sends the parent's id, shows a row with a negative id, and resolves with the new id", async (t) => {
  const { ws, channel } = await joined(t);
  const created = channel.create(C, 1, { text: "new" });
  assert.deepEqual(lastWrite(ws), [2, "sync:1", "create", { type: C, parent: 1, data: { text: "new" } }]);
  assert.deepEqual(texts(channel), [[7, "c7"], [8, "c8"], [-1, "new"]]);
  ws().serve([2, "sync:1", "ok", { id: 9 }]);
  assert.equal(await created, 9);
  // The broadcast: the new row and its parent's list; the temporary row is gone.
  serveLayers(ws, 6, [comment(9, 6, "new"), post(6, [7, 8, 9])]);
  assert.deepEqual(texts(channel), [[7, "c7"], [8, "c8"], [9, "new"]]);
});

test("a refused create is dropped from the state", async (t) => {
  const { ws, channel } = await joined(t);
  const before = channel.state;
  const created = channel.create(C, 1, { text: "no" });
  ws().serve([2, "sync:1", "error", { code: "forbidden", reason: "can_create refused" }]);
  await assert.rejects(created, { code: "forbidden" });
  assert.deepEqual(channel.state, before);
});

test("delete hides the row at once, shows it again if refused, resolves once done", async (t) => {
  const { ws, channel } = await joined(t);
  const refused = channel.delete(C, 7);
  assert.deepEqual(lastWrite(ws), [2, "sync:1", "delete", { type: C, id: 7 }]);
  assert.deepEqual(texts(channel), [[8, "c8"]]);
  ws().serve([2, "sync:1", "error", { code: "not_found", reason: "no Comment 7 in this channel's state" }]);
  await assert.rejects(refused, { code: "not_found" });
  assert.deepEqual(texts(channel), [[7, "c7"], [8, "c8"]]);
  const deleted = channel.delete(C, 8);
  ws().serve([3, "sync:1", "ok", {}]);
  assert.equal(await deleted, undefined);
  serveLayers(ws, 6, [{ id: 8, _instance_type: C, _tstamp: 6, _deleted: true }, post(6, [7])]);
  assert.deepEqual(texts(channel), [[7, "c7"]]);
  assert.equal(channel.store.pending.size, 0);
});

test("a write with no reply rejects with timeout and is undone", async (t) => {
  const { ws, channel, timers } = await joined(t, { timeout: 700 });
  const saved = channel.save(C, 7, { text: "slow" });
  timers.due.find((x) => x.kind === "timeout" && x.ms === 700).fn();
  await assert.rejects(saved, { code: "timeout" });
  assert.deepEqual(texts(channel), [[7, "c7"], [8, "c8"]]);
  assert.equal(lastWrite(ws)[2], "save");
});

test("a write in flight when the socket drops rejects with disconnected and is undone", async (t) => {
  const { ws, channel } = await joined(t);
  const deleted = channel.delete(C, 7);
  ws().close();
  await assert.rejects(deleted, { code: "disconnected" });
  assert.deepEqual(texts(channel), [[7, "c7"], [8, "c8"]]);
  // And at once while the reconnection is under way.
  await assert.rejects(channel.save(C, 7, { text: "x" }), { code: "disconnected" });
});

test("optimistic: false shows a write only when the server sends it", async (t) => {
  const { ws, channel } = await joined(t, { optimistic: false });
  const saved = channel.save(C, 7, { text: "mine" });
  assert.deepEqual(texts(channel), [[7, "c7"], [8, "c8"]]);
  ws().serve([2, "sync:1", "ok", { id: 7 }]);
  await saved;
  serveLayers(ws, 6, [comment(7, 6, "mine")]);
  assert.deepEqual(texts(channel), [[7, "mine"], [8, "c8"]]);
});

test("a write made before the first join goes out after it, shown on nothing", async (t) => {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const states = [];
  const channel = new SyncChannel(env.socket, "stok", { target: new EventTarget(), onState: (s) => states.push(s) });
  env.ws().open();
  const saved = channel.save(C, 7, { text: "early" });
  assert.equal(lastWrite(env.ws), undefined);
  assert.deepEqual(states, []); // no row to show it on: the page is not told of a null state
  env.ws().serve([1, "sync:1", "ok", { tk: "stok2", s: SHAPE }]);
  await tick();
  await tick();
  const [ref] = lastWrite(env.ws);
  env.ws().serve([ref, "sync:1", "ok", { id: 7 }]);
  assert.equal(await saved, 7);
});
