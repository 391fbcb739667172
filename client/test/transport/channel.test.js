import assert from "node:assert/strict";
import { test } from "node:test";

import { MAX_BUFFERED, OVERLOADED_RETRY_MS } from "../../src/transport/channel.js";
import { setup, tick } from "../../test-support/fake-socket.js";

// A socket, open, with one channel on "lv:1" whose join params count the joins.
function joinedLater(options = {}) {
  const env = setup();
  let joins = 0;
  const channel = env.socket.channel("lv:", { params: () => ({ token: "t", n: ++joins }), ...options });
  const seen = [];
  channel.onJoin((reply) => seen.push(["joined", reply]));
  channel.onJoinError((error) => seen.push(["refused", error.code]));
  return { ...env, channel, seen };
}

// The frames after the join frame, without refs, as [event, payload].
const sentAfterJoin = (ws) => ws.sent.filter(([, , event]) => event !== "join").map(([, , e, p]) => [e, p]);
const refOf = (ws, event) => ws.sent.findLast(([, , e]) => e === event)[0];

async function reconnect({ ws, timers }) {
  ws().close();
  timers.due.find((t) => t.kind === "timeout").fn();
  ws().open();
  await tick();
}

test("join sends the params with the protocol version, and onJoin gets the reply", async () => {
  const { ws, channel, seen } = joinedLater();
  const joined = channel.join();
  ws().open();
  assert.deepEqual(ws().sent, [[1, "lv:1", "join", { token: "t", n: 1, pv: 1 }]]);
  assert.equal(channel.state, "joining");
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(await joined, { v: 1 });
  assert.equal(channel.joined, true);
  assert.deepEqual(seen, [["joined", { v: 1 }]]);
});

test("after a reconnection the channel joins again, with params built anew", async () => {
  const env = joinedLater();
  const { ws, channel, seen } = env;
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  await reconnect(env);
  assert.equal(channel.state, "joining");
  assert.deepEqual(ws().sent, [[2, "lv:1", "join", { token: "t", n: 2, pv: 1 }]]);
  ws().serve([2, "lv:1", "ok", { v: 4 }]);
  await tick();
  assert.deepEqual(seen, [["joined", { v: 1 }], ["joined", { v: 4 }]]);
});

test("pushes made before the join go out in order right after it, behind the onJoin callbacks' own", async () => {
  const { ws, channel } = joinedLater();
  channel.onJoin(() => channel.push("event", { e: "from-mounted" }));
  channel.push("event", { e: "first" });
  channel.push("event", { e: "second" });
  channel.join();
  ws().open();
  assert.deepEqual(sentAfterJoin(ws()), [], "nothing before the join reply");
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(sentAfterJoin(ws()), [
    ["event", { e: "first" }],
    ["event", { e: "second" }],
    ["event", { e: "from-mounted" }],
  ]);
});

test("pushes made while the socket is down wait for the re-join, then go out in order", async () => {
  const env = joinedLater();
  const { ws, channel, timers } = env;
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  ws().close();
  const replies = [channel.push("event", { e: "a" }), channel.push("event", { e: "b" })];
  assert.equal(channel.state, "closed");
  timers.due.find((t) => t.kind === "timeout").fn();
  ws().open();
  assert.deepEqual(sentAfterJoin(ws()), [], "not before the join reply");
  ws().serve([2, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(sentAfterJoin(ws()), [["event", { e: "a" }], ["event", { e: "b" }]]);
  ws().serve([3, "lv:1", "ok", { v: 2 }]);
  ws().serve([4, "lv:1", "ok", { v: 3 }]);
  assert.deepEqual(await Promise.all(replies), [{ v: 2 }, { v: 3 }]);
});

test("a push in flight when the socket drops rejects with disconnected and is never sent again", async () => {
  const env = joinedLater();
  const { ws, channel } = env;
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  const inFlight = channel.push("event", { e: "inc" });
  const rejected = assert.rejects(inFlight, (error) => error.code === "disconnected");
  await reconnect(env);
  await rejected;
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(sentAfterJoin(ws()), []);
});

test("the buffer is bounded: a push past it rejects at once with disconnected", async () => {
  const { channel } = joinedLater({ bufferSize: 2 });
  assert.equal(MAX_BUFFERED, 50);
  channel.push("event", { e: "1" });
  channel.push("event", { e: "2" });
  await assert.rejects(channel.push("event", { e: "3" }), (error) => {
    assert.equal(error.code, "disconnected");
    assert.match(error.reason, /2 pushes already wait/);
    return true;
  });
  assert.equal(channel.buffer.length, 2);
});

test("a push without a reply in `timeout` ms rejects with code timeout", async () => {
  const { ws, channel, timers } = joinedLater();
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  const reply = channel.push("event", { e: "slow" }, { timeout: 1000 });
  const timer = timers.due.find((t) => t.kind === "timeout" && t.ms === 1000);
  timer.fn();
  await assert.rejects(reply, (error) => error.code === "timeout");
});

test("an error reply rejects with the server's code and reason", async () => {
  const { ws, channel } = joinedLater();
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  const reply = channel.push("event", { e: "nope" });
  ws().serve([refOf(ws(), "event"), "lv:1", "error", { code: "unknown_handler", reason: "no nope" }]);
  await assert.rejects(reply, (error) => error.code === "unknown_handler" && error.reason === "no nope");
});

test("sent() is called when the frame leaves, so a buffered push's after the join", async () => {
  const { ws, channel } = joinedLater();
  const calls = [];
  channel.onJoin(() => calls.push("joined"));
  channel.push("event", {}, { sent: () => calls.push("sent") });
  channel.join();
  ws().open();
  assert.deepEqual(calls, []);
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(calls, ["joined", "sent"]);
});

test("a refused join rejects the waiting pushes with the server's code", async () => {
  const { ws, channel, seen } = joinedLater();
  const waiting = assert.rejects(channel.push("event", { e: "inc" }), (e) => e.code === "token_expired");
  const joined = assert.rejects(channel.join(), (error) => error.code === "token_expired");
  ws().open();
  ws().serve([1, "lv:1", "error", { code: "token_expired", reason: "reload" }]);
  await Promise.all([waiting, joined]);
  assert.deepEqual(seen, [["refused", "token_expired"]]);
  assert.equal(channel.state, "closed");
});

test("a join refused as overloaded is tried again after a pause, its pushes kept", async () => {
  const { ws, channel, seen, timers } = joinedLater();
  const waiting = channel.push("event", { e: "inc" });
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "error", { code: "overloaded", reason: "busy" }]);
  await tick();
  assert.deepEqual(seen, []); // not refused for good
  assert.equal(channel.state, "joining");
  const retry = timers.due.find((t) => t.kind === "timeout" && t.ms >= OVERLOADED_RETRY_MS);
  retry.fn();
  assert.deepEqual(ws().sent.at(-1), [2, "lv:1", "join", { token: "t", n: 2, pv: 1 }]);
  ws().serve([2, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(seen, [["joined", { v: 1 }]]);
  assert.deepEqual(sentAfterJoin(ws()), [["event", { e: "inc" }]]);
  ws().serve([refOf(ws(), "event"), "lv:1", "ok", { v: 2 }]);
  assert.deepEqual(await waiting, { v: 2 });
});

test("server frames of the topic reach on(event) callbacks", () => {
  const { ws, channel } = joinedLater();
  const diffs = [];
  channel.on("diff", (payload) => diffs.push(payload));
  channel.join();
  ws().open();
  ws().serve([null, "lv:1", "diff", { v: 2, d: {} }]);
  ws().serve([null, "lv:2", "diff", { v: 9, d: {} }]);
  assert.deepEqual(diffs, [{ v: 2, d: {} }]);
});

test("rejoin() leaves then joins; pushes made meanwhile wait for the new join", async () => {
  const { ws, channel } = joinedLater();
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  channel.rejoin();
  channel.push("event", { e: "meanwhile" });
  assert.deepEqual(ws().sent.at(-1), [2, "lv:1", "leave", {}]);
  ws().serve([2, "lv:1", "ok", {}]);
  await tick();
  assert.deepEqual(ws().sent.at(-1), [3, "lv:1", "join", { token: "t", n: 2, pv: 1 }]);
  ws().serve([3, "lv:1", "ok", { v: 1 }]);
  await tick();
  assert.deepEqual(ws().sent.at(-1), [4, "lv:1", "event", { e: "meanwhile" }]);
});

test("leave() sends leave, stops the re-joins, and later pushes reject", async () => {
  const env = joinedLater();
  const { ws, channel } = env;
  channel.join();
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  await tick();
  const left = channel.leave();
  assert.deepEqual(ws().sent.at(-1), [2, "lv:1", "leave", {}]);
  ws().serve([2, "lv:1", "ok", {}]);
  await left;
  await assert.rejects(channel.push("event", {}), (error) => error.code === "disconnected");
  await reconnect(env);
  assert.deepEqual(ws().sent, [], "no join after a reconnection");
});
