// The signals window on a fake socket: the join, the token's renewal, calls and their replies,
// the server's signal frames.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Signals, NOT_A_WINDOW } from "../../src/signals/signals.js";
import { CALL_TIMEOUT_MS } from "../../src/signals/window.js";
import { EVENT_CALL, EVENT_SIGNAL, SIGNALS_TOPIC_PREFIX } from "../../src/signals/protocol.js";
import { FakeDocument } from "../../test-support/fake-dom.js";
import { setup, tick } from "../../test-support/fake-socket.js";

function windowPage(t, { open = true } = {}) {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const document = new FakeDocument();
  const errors = [];
  const joins = [];
  document.addEventListener("djwire:error", (event) => errors.push(event.detail));
  document.addEventListener("djwire:joined", (event) => joins.push(event.detail));
  const signals = new Signals(document);
  const reloads = [];
  const win = signals.open(env.socket, "wtok", { reload: () => reloads.push(1) });
  if (open) env.ws().open();
  return { ...env, document, signals, win, errors, joins, reloads };
}

const calls = (ws) => ws.sent.filter(([, , event]) => event === EVENT_CALL);

test("the window joins sig:1 with its token and the protocol version", (t) => {
  const { ws, win } = windowPage(t);
  assert.equal(win.topic, `${SIGNALS_TOPIC_PREFIX}1`);
  assert.deepEqual(ws().sent, [[1, "sig:1", "join", { token: "wtok", pv: 1 }]]);
});

test("a re-join after a reconnection sends the token of the last join reply", async (t) => {
  const { ws, timers, joins } = windowPage(t);
  ws().serve([1, "sig:1", "ok", { tk: "wtok2" }]);
  await tick();
  assert.deepEqual(joins, [{ topic: "sig:1" }]);
  ws().close();
  timers.due.find((x) => x.kind === "timeout").fn();
  ws().open();
  assert.deepEqual(ws().sent, [[2, "sig:1", "join", { token: "wtok2", pv: 1 }]]);
});

test("a token frame (the window's topics changed) is the token of the next join", async (t) => {
  const { ws, timers } = windowPage(t);
  ws().serve([1, "sig:1", "ok", { tk: "wtok2" }]);
  await tick();
  ws().serve([null, "sig:1", "token", { tk: "wtok3" }]);
  ws().close();
  timers.due.find((x) => x.kind === "timeout").fn();
  ws().open();
  assert.deepEqual(ws().sent, [[2, "sig:1", "join", { token: "wtok3", pv: 1 }]]);
});

test("a call made before the join waits, goes out after it, and resolves on ok", async (t) => {
  const { ws, signals } = windowPage(t);
  let accepted = null;
  const call = signals.call("app.save", { id: 4 }).then((reply) => (accepted = reply));
  assert.deepEqual(calls(ws()), []);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  assert.deepEqual(calls(ws()), [[2, "sig:1", "call", { signal: "app.save", opts: { id: 4 } }]]);
  assert.equal(accepted, null);
  ws().serve([2, "sig:1", "ok", {}]);
  await call;
  assert.deepEqual(accepted, {});
});

test("a call may ask for a delay with an options object as its third argument", async (t) => {
  const { ws, signals } = windowPage(t);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  signals.call("app.remind", { text: "tea" }, { countdown: 300 });
  assert.deepEqual(calls(ws()), [
    [2, "sig:1", "call", { signal: "app.remind", opts: { text: "tea" }, countdown: 300 }],
  ]);
});

for (const code of ["unknown_handler", "forbidden", "bad_params"]) {
  test(`a call the server refuses rejects with its code: ${code}`, async (t) => {
    const { ws, signals } = windowPage(t);
    ws().serve([1, "sig:1", "ok", {}]);
    await tick();
    const call = signals.call("app.save", {});
    ws().serve([2, "sig:1", "error", { code, reason: "no" }]);
    await assert.rejects(call, { name: "TransportError", code, reason: "no" });
  });
}

test("a call in flight when the socket drops rejects with disconnected, and is not sent again", async (t) => {
  const { ws, signals, timers } = windowPage(t);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  const call = signals.call("app.save", {});
  ws().close();
  await assert.rejects(call, { code: "disconnected" });
  timers.due.find((x) => x.kind === "timeout").fn();
  ws().open();
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  assert.deepEqual(calls(ws()), []);
});

test("a call without a reply rejects with timeout after CALL_TIMEOUT_MS", async (t) => {
  const { ws, signals, timers } = windowPage(t);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  const call = signals.call("app.save", {});
  const timer = timers.due.find((x) => x.kind === "timeout" && x.ms === CALL_TIMEOUT_MS);
  timer.fn();
  await assert.rejects(call, { code: "timeout" });
});

test("local handlers run before the call is sent, with no signal id", (t) => {
  const { signals } = windowPage(t);
  const seen = [];
  signals.connect("app.save", (opts, id) => seen.push([opts, id]));
  signals.connect("app.save", (opts) => seen.push(["second", opts.id]));
  signals.call("app.save", { id: 1 }).catch(() => {});
  assert.deepEqual(seen, [[{ id: 1 }, undefined], ["second", 1]]);
});

test("a built-in runs locally and is never sent", async (t) => {
  const { ws, signals, document } = windowPage(t);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  document.body.innerHTML = '<p id="x">old</p>';
  await signals.call("html.text", { selector: "#x", content: "new" });
  assert.equal(document.querySelector("#x").textContent, "new");
  assert.deepEqual(calls(ws()), []);
});

test("server signals run the built-ins and the connected handlers, once per signal_id", async (t) => {
  const { ws, signals, document } = windowPage(t);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  document.body.innerHTML = '<p id="x">old</p>';
  const seen = [];
  signals.connect("html.text", (opts, id) => seen.push(id));
  signals.connect("app.notify", (opts, id) => seen.push([opts.n, id]));
  const frame = (signal, opts, id) => [null, "sig:1", EVENT_SIGNAL, { signal, opts, signal_id: id }];
  ws().serve(frame("html.text", { selector: "#x", content: "hi" }, "u1"));
  ws().serve(frame("app.notify", { n: 1 }, "u2"));
  ws().serve(frame("app.notify", { n: 1 }, "u2"));
  assert.equal(document.querySelector("#x").textContent, "hi");
  assert.deepEqual(seen, ["u1", [1, "u2"]]);
});

test("df_websockets' call(name, opts, id) runs the handlers once per id and sends nothing", async (t) => {
  const { ws, signals } = windowPage(t);
  ws().serve([1, "sig:1", "ok", {}]);
  await tick();
  const seen = [];
  signals.connect("app.notify", (opts, id) => seen.push(id));
  await signals.call("app.notify", {}, "u1");
  await signals.call("app.notify", {}, "u1");
  assert.deepEqual(seen, ["u1"]);
  assert.deepEqual(calls(ws()), []);
});

test("a handler that throws does not stop the others", (t) => {
  const { signals } = windowPage(t);
  t.mock.method(console, "error", () => {});
  const seen = [];
  signals.connect("app.x", () => {
    throw new Error("boom");
  });
  signals.connect("app.x", () => seen.push("ran"));
  signals.received({ signal: "app.x", opts: {}, signal_id: "1" });
  assert.deepEqual(seen, ["ran"]);
});

test("a refused join rejects the waiting calls and is reported; an expired token reloads", async (t) => {
  const { ws, signals, errors, reloads } = windowPage(t);
  const call = signals.call("app.save", {});
  ws().serve([1, "sig:1", "error", { code: "token_expired", reason: "old" }]);
  await assert.rejects(call, { code: "token_expired" });
  assert.deepEqual(errors, [{ code: "token_expired", reason: "old", topic: "sig:1" }]);
  assert.equal(reloads.length, 1);
});

test("a window whose session expired or rotated reloads the page (stale_session)", async (t) => {
  const { ws, reloads } = windowPage(t);
  ws().serve([1, "sig:1", "error", { code: "stale_session", reason: "another session" }]);
  await tick();
  assert.equal(reloads.length, 1);
});

test("on a page that is not a window, call runs local handlers and rejects server calls", async (t) => {
  const signals = new Signals(new FakeDocument());
  const seen = [];
  signals.connect("app.save", (opts) => seen.push(opts));
  await assert.rejects(signals.call("app.save", { a: 1 }), { code: "disconnected", reason: NOT_A_WINDOW });
  assert.deepEqual(seen, [{ a: 1 }]);
  await signals.call("html.focus", { selector: "#none" });
});
