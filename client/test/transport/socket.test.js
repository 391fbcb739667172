import assert from "node:assert/strict";
import { test } from "node:test";

import { backoffDelay, decodeFrame, HEARTBEAT_MS, Socket, socketURL } from "../../src/transport/socket.js";
import { FakeWebSocket, setup, tick } from "../../test-support/fake-socket.js";

test("socketURL follows the page's scheme and host", () => {
  assert.equal(socketURL({ protocol: "https:", host: "a.b:8443" }, "/x/"), "wss://a.b:8443/x/");
  assert.equal(socketURL({ protocol: "http:", host: "a.b" }, "/djwire/ws/"), "ws://a.b/djwire/ws/");
});

test("backoff doubles from 100 ms up to 10 s, with ±30% jitter", () => {
  assert.equal(backoffDelay(0, () => 0.5), 100);
  assert.equal(backoffDelay(3, () => 0.5), 800);
  assert.equal(backoffDelay(20, () => 0.5), 10000);
  assert.equal(backoffDelay(0, () => 0), 70);
  assert.equal(backoffDelay(20, () => 1), 13000);
});

test("decodeFrame accepts only 4-item arrays", () => {
  assert.deepEqual(decodeFrame('[1,"lv:1","ok",{}]'), { ref: 1, topic: "lv:1", event: "ok", payload: {} });
  assert.equal(decodeFrame("{}"), null);
  assert.equal(decodeFrame("[1,2,3]"), null);
  assert.equal(decodeFrame("not json"), null);
});

test("a request is a 4-item frame with a fresh ref, resolved by the reply with that ref", async () => {
  const { socket, ws } = setup();
  ws().open();
  const first = socket.request("lv:1", "event", { e: "inc", p: {} });
  const second = socket.request("lv:1", "event", { e: "dec", p: {} });
  assert.deepEqual(ws().sent, [
    [1, "lv:1", "event", { e: "inc", p: {} }],
    [2, "lv:1", "event", { e: "dec", p: {} }],
  ]);
  ws().serve([2, "lv:1", "error", { code: "unknown_handler", reason: "no dec" }]);
  ws().serve([1, "lv:1", "ok", { v: 2 }]);
  assert.deepEqual(await first, { event: "ok", payload: { v: 2 } });
  assert.deepEqual(await second, { event: "error", payload: { code: "unknown_handler", reason: "no dec" } });
});

test("server frames go to the topic's subscriber; socket errors become djwire:error", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const { socket, ws, events } = setup();
  const seen = [];
  socket.subscribe("lv:1", (event, payload) => seen.push([event, payload]));
  ws().open();
  ws().serve([null, "lv:1", "diff", { v: 2, d: { 0: "x" } }]);
  ws().serve([null, "", "error", { code: "bad_frame", reason: "not JSON" }]);
  assert.deepEqual(seen, [["diff", { v: 2, d: { 0: "x" } }]]);
  assert.deepEqual(events, ["djwire:connected", "djwire:error"]);
  assert.equal(warn.mock.callCount(), 1);
});

test("a request while disconnected rejects at once", async () => {
  const { socket } = setup();
  await assert.rejects(socket.request("lv:1", "event", {}), /not connected/);
});

test("closing rejects the pending replies, tells the page, and reconnects after a backoff", async () => {
  const { socket, ws, events, timers } = setup();
  let opens = 0;
  socket.onOpen(() => opens++);
  ws().open();
  const pending = socket.request("lv:1", "event", {});
  ws().close();
  await assert.rejects(pending, /disconnected/);
  assert.deepEqual(events, ["djwire:connected", "djwire:disconnected"]);
  const retry = timers.due.find((t) => t.kind === "timeout");
  assert.equal(retry.ms, 100);
  retry.fn();
  assert.equal(FakeWebSocket.instances.length, 2);
  ws().open();
  assert.equal(opens, 2, "onOpen callbacks run on every connection: views re-join there");
});

test("failed attempts back off further; a success starts over", () => {
  const { ws, timers } = setup();
  const delays = [];
  for (let i = 0; i < 3; i++) {
    ws().close();
    const retry = timers.due.find((t) => t.kind === "timeout");
    timers.clearTimeout(retry.id);
    delays.push(retry.ms);
    retry.fn();
  }
  assert.deepEqual(delays, [100, 200, 400]);
  ws().open();
  ws().close();
  assert.equal(timers.due.find((t) => t.kind === "timeout").ms, 100);
});

test("heartbeat every 30 s on topic \"\"; one left unanswered closes the socket", () => {
  const { ws, events, timers } = setup();
  ws().open();
  const beat = timers.due.find((t) => t.kind === "interval");
  assert.equal(beat.ms, HEARTBEAT_MS);
  beat.fn();
  assert.deepEqual(ws().sent.at(-1), [1, "", "hb", {}]);
  beat.fn();
  assert.deepEqual(events, ["djwire:connected", "djwire:disconnected"]);
});

test("an answered heartbeat keeps the socket open", async () => {
  const { ws, events, timers } = setup();
  ws().open();
  const beat = timers.due.find((t) => t.kind === "interval");
  beat.fn();
  ws().serve([1, "", "ok", {}]);
  await tick();
  beat.fn();
  assert.deepEqual(ws().sent.at(-1), [2, "", "hb", {}]);
  assert.deepEqual(events, ["djwire:connected"]);
});

test("disconnect() closes for good", () => {
  const { socket, ws, timers } = setup();
  ws().open();
  socket.disconnect();
  assert.equal(timers.due.length, 0);
});

test("a request with a timeout rejects with code timeout; a late reply is ignored", async () => {
  const { socket, ws, timers } = setup();
  ws().open();
  const pending = socket.request("lv:1", "event", {}, { timeout: 5000 });
  const timer = timers.due.find((t) => t.kind === "timeout");
  assert.equal(timer.ms, 5000);
  timer.fn();
  await assert.rejects(pending, (error) => error.code === "timeout");
  ws().serve([1, "lv:1", "ok", {}]); // too late: nothing to resolve, nothing thrown
});

test("a reply in time clears its timeout", async () => {
  const { socket, ws, timers } = setup();
  ws().open();
  const pending = socket.request("lv:1", "event", {}, { timeout: 5000 });
  ws().serve([1, "lv:1", "ok", { v: 2 }]);
  assert.deepEqual(await pending, { event: "ok", payload: { v: 2 } });
  assert.equal(timers.due.filter((t) => t.kind === "timeout").length, 0);
});

test("rejections carry a code: disconnected, whether never sent or in flight", async () => {
  const { socket, ws } = setup();
  await assert.rejects(socket.request("lv:1", "event", {}), (error) => error.code === "disconnected");
  ws().open();
  const pending = socket.request("lv:1", "event", {});
  ws().close();
  await assert.rejects(pending, (error) => error.code === "disconnected");
  await tick();
});

test("channels get topics prefix + 1, 2, ... per prefix", () => {
  const { socket } = setup();
  const topics = [socket.channel("lv:"), socket.channel("lv:"), socket.channel("sig:")].map((c) => c.topic);
  assert.deepEqual(topics, ["lv:1", "lv:2", "sig:1"]);
});
