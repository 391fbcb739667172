// A model-state channel on a fake socket: the join with its token and watermark, the state
// and its events, calls and how each of them settles, runtime state, notifications.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CALL_TIMEOUT_MS, SyncChannel } from "../../src/sync/channel.js";
import { DOM_SYNC_NOTIFICATION, DOM_SYNC_RUNTIME, DOM_SYNC_STATE } from "../../src/sync/dom-events.js";
import { EVENT_CALL, SYNC_TOPIC_PREFIX } from "../../src/sync/protocol.js";
import { Sync } from "../../src/sync/sync.js";
import { setup, tick } from "../../test-support/fake-socket.js";

const P = "app.PostSerializer";
const C = "app.CommentSerializer";
const SHAPE = { root: P, many: false, nested: { [P]: { comments: [C, true] }, [C]: {} } };
const post = (v, comments, title = "T") => ({ id: 1, title, comments, _instance_type: P, _tstamp: v });
const comment = (id, v, text = `c${id}`) => ({ id, text, _instance_type: C, _tstamp: v });

function page(t, options = {}) {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const target = new EventTarget();
  const events = [];
  for (const name of [DOM_SYNC_STATE, DOM_SYNC_RUNTIME, DOM_SYNC_NOTIFICATION, "djwire:error", "djwire:joined"]) {
    target.addEventListener(name, (event) => events.push([name, event.detail]));
  }
  const states = [];
  const reloads = [];
  const channel = new SyncChannel(env.socket, "stok", {
    target,
    onState: (state) => states.push(state),
    reload: () => reloads.push(1),
    ...options,
  });
  env.ws().open();
  return { ...env, channel, events, states, reloads };
}

// The server's side of a join: the reply with a fresh token and the shape, then the state.
async function serveJoin(ws, ref = 1, layers = [post(5, [7]), comment(7, 5)]) {
  ws.serve([ref, "sync:1", "ok", { tk: `stok${ref + 1}`, s: SHAPE }]);
  await tick();
  ws.serve([null, "sync:1", "instances", { v: 5, i: layers, a: [1], r: true }]);
  await tick();
}

const calls = (ws) => ws.sent.filter(([, , event]) => event === EVENT_CALL);

function reconnect(ws, timers) {
  ws().close();
  timers.due.find((x) => x.kind === "timeout").fn();
  ws().open();
}

test("the channel joins sync:1 with its token and the protocol version", (t) => {
  const { ws, channel } = page(t);
  assert.equal(channel.topic, `${SYNC_TOPIC_PREFIX}1`);
  assert.deepEqual(ws().sent, [[1, "sync:1", "join", { token: "stok", pv: 1 }]]);
});

test("the state arrives nested, to onState and as djwire:sync-state", async (t) => {
  const { ws, channel, events, states } = page(t);
  await serveJoin(ws());
  const expected = { id: 1, title: "T", comments: [{ id: 7, text: "c7" }] };
  assert.deepEqual(channel.state, expected);
  assert.deepEqual(states, [expected]);
  assert.deepEqual(events.at(-1), [DOM_SYNC_STATE, { topic: "sync:1", state: expected, reset: true }]);
  ws().serve([null, "sync:1", "instances", { v: 6, i: [comment(7, 6, "edited")] }]);
  assert.equal(channel.state.comments[0].text, "edited");
  assert.equal(states.length, 2);
});

test("a frame that changes nothing (older, or a delete of an unknown row) dispatches nothing", async (t) => {
  const { ws, states } = page(t);
  await serveJoin(ws());
  ws().serve([null, "sync:1", "instances", { v: 4, i: [comment(7, 4, "old")] }]);
  ws().serve([null, "sync:1", "instances", { v: 9, i: [{ id: 99, _instance_type: C, _tstamp: 9, _deleted: true }] }]);
  assert.equal(states.length, 1);
});

test("a re-join after a reconnection sends the fresh token and the watermark", async (t) => {
  const { ws, timers, channel } = page(t);
  await serveJoin(ws());
  ws().serve([null, "sync:1", "instances", { v: 8, i: [comment(7, 8, "x")] }]);
  reconnect(ws, timers);
  assert.deepEqual(ws().sent, [[2, "sync:1", "join", { token: "stok2", w: 8, pv: 1 }]]);
  // What changed since: the missed delete of comment 7 and the post without it.
  ws().serve([2, "sync:1", "ok", { tk: "stok3", s: SHAPE }]);
  ws().serve([null, "sync:1", "instances", { v: 9, a: [1], i: [{ id: 7, _instance_type: C, _tstamp: 9, _deleted: true }, post(9, [])] }]);
  await tick();
  assert.deepEqual(channel.state, { id: 1, title: "T", comments: [] });
});

test("a credential for the authenticator is sent with every join", (t) => {
  const { ws } = page(t, { auth: "jwt" });
  assert.deepEqual(ws().sent, [[1, "sync:1", "join", { token: "stok", auth: "jwt", pv: 1 }]]);
});

test("call resolves with the action's result", async (t) => {
  const { ws, channel } = page(t);
  await serveJoin(ws());
  const result = channel.call("add_comment", "hello");
  assert.deepEqual(calls(ws()), [[2, "sync:1", "call", { action: "add_comment", args: ["hello"], kwargs: {} }]]);
  ws().serve([2, "sync:1", "ok", { result: { id: 8 } }]);
  assert.deepEqual(await result, { id: 8 });
});

test("callWith sends keyword arguments", async (t) => {
  const { ws, channel } = page(t);
  await serveJoin(ws());
  channel.callWith("rename", [], { title: "New" });
  assert.deepEqual(calls(ws())[0][3], { action: "rename", args: [], kwargs: { title: "New" } });
});

test("call rejects with the server's code on an error reply", async (t) => {
  const { ws, channel } = page(t);
  await serveJoin(ws());
  const result = channel.call("add_comment", 3);
  ws().serve([2, "sync:1", "error", { code: "bad_params", reason: "text: not a string" }]);
  await assert.rejects(result, { code: "bad_params", reason: "text: not a string" });
});

test("call rejects with timeout when no reply comes", async (t) => {
  const { ws, channel, timers } = page(t, { timeout: 500 });
  await serveJoin(ws());
  const result = channel.call("slow");
  const timer = timers.due.find((x) => x.kind === "timeout" && x.ms === 500);
  timer.fn();
  await assert.rejects(result, { code: "timeout" });
});

test("call rejects with disconnected when the socket drops before the reply", async (t) => {
  const { ws, channel } = page(t);
  await serveJoin(ws());
  const result = channel.call("add_comment", "hi");
  ws().close();
  await assert.rejects(result, { code: "disconnected" });
  // And while the reconnection is under way, at once: nothing says when it ends.
  await assert.rejects(channel.call("add_comment", "again"), { code: "disconnected" });
});

test("a call made before the first join goes out after it", async (t) => {
  const { ws, channel } = page(t);
  const result = channel.call("add_comment", "early");
  assert.deepEqual(calls(ws()), []);
  await serveJoin(ws());
  await tick();
  assert.equal(calls(ws()).length, 1);
  ws().serve([calls(ws())[0][0], "sync:1", "ok", { result: 1 }]);
  assert.equal(await result, 1);
});

test("a call waiting for a join that is refused, or never comes, is rejected", async (t) => {
  const { ws, channel, timers } = page(t);
  const refused = channel.call("a");
  ws().serve([1, "sync:1", "error", { code: "forbidden", reason: "not a member" }]);
  await assert.rejects(refused, { code: "forbidden" });
  const { channel: other, timers: otherTimers } = page(t);
  const late = other.call("a");
  otherTimers.due.find((x) => x.kind === "timeout" && x.ms === CALL_TIMEOUT_MS).fn();
  await assert.rejects(late, { code: "timeout" });
  assert.ok(timers);
});

test("a refused join is djwire:error and onError; an expired token reloads the page", async (t) => {
  const errors = [];
  const { ws, events, reloads } = page(t, { onError: (error) => errors.push(error.code) });
  ws().serve([1, "sync:1", "error", { code: "token_expired", reason: "old" }]);
  await tick();
  assert.deepEqual(errors, ["token_expired"]);
  assert.deepEqual(events.at(-1), ["djwire:error", { code: "token_expired", reason: "old", topic: "sync:1" }]);
  assert.equal(reloads.length, 1);
});

test("runtime variables and notifications reach the callbacks and the DOM events", async (t) => {
  const runtime = [];
  const notes = [];
  const { ws, channel, events } = page(t, {
    onRuntime: (state, name, value) => runtime.push([{ ...state }, name, value]),
    onNotification: (data) => notes.push(data),
  });
  await serveJoin(ws());
  ws().serve([null, "sync:1", "runtime", { var: "typing", value: true }]);
  ws().serve([null, "sync:1", "notification", { data: { text: "hi" } }]);
  assert.deepEqual(channel.runtime, { typing: true });
  assert.deepEqual(runtime, [[{ typing: true }, "typing", true]]);
  assert.deepEqual(notes, [{ text: "hi" }]);
  assert.deepEqual(events.at(-2), [DOM_SYNC_RUNTIME, { topic: "sync:1", var: "typing", value: true, runtime: { typing: true } }]);
  assert.deepEqual(events.at(-1), [DOM_SYNC_NOTIFICATION, { topic: "sync:1", data: { text: "hi" } }]);
});

test("an anchors frame changes the anchors of the state", async (t) => {
  const { ws, channel } = page(t);
  await serveJoin(ws());
  ws().serve([null, "sync:1", "anchors", { a: [] }]);
  assert.equal(channel.state, null);
});

test("a channel named with its kwargs joins by name, every time", async () => {
  const env = setup();
  const join = { channel: "app_postchannel", kwargs: { post_id: 1 } };
  new SyncChannel(env.socket, join, { target: new EventTarget() });
  env.ws().open();
  assert.deepEqual(env.ws().sent, [[1, "sync:1", "join", { channel: "app_postchannel", kwargs: { post_id: 1 }, pv: 1 }]]);
  env.ws().serve([1, "sync:1", "ok", { s: SHAPE }]);
  await tick();
  env.ws().serve([null, "sync:1", "instances", { v: 5, i: [post(5, [])], a: [1], r: true }]);
  await tick();
  reconnect(env.ws, env.timers);
  assert.deepEqual(env.ws().sent.at(-1)[3], { channel: "app_postchannel", kwargs: { post_id: 1 }, w: 5, pv: 1 });
});

test("djwire.sync.join connects the page's socket and refuses a token that is not a string", (t) => {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  let connects = 0;
  const sync = new Sync(new EventTarget(), () => env.socket, () => (connects += 1));
  const channel = sync.join("stok");
  assert.equal(connects, 1);
  assert.equal(channel.topic, "sync:1");
  assert.throws(() => sync.join(undefined), /token_for/);
  assert.equal(sync.join({ channel: "app_postchannel", kwargs: { post_id: 1 } }).topic, "sync:2");
});

test("the first state is told even when empty, so a page can tell empty from not yet", async (t) => {
  const { ws, channel, states } = page(t);
  assert.equal(channel.loaded, false);
  await serveJoin(ws(), 1, []);
  assert.equal(channel.loaded, true);
  assert.deepEqual(states, [null]);
});

test("instance(type, id) is one row of the state, nested; null when not held", async (t) => {
  const { ws, channel } = page(t);
  assert.equal(channel.instance(C, 7), null);
  await serveJoin(ws());
  assert.deepEqual(channel.instance(C, 7), { id: 7, text: "c7" });
  assert.deepEqual(channel.instance(P, 1), { id: 1, title: "T", comments: [{ id: 7, text: "c7" }] });
  assert.equal(channel.instance(C, 8), null);
});
