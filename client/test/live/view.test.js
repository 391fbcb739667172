// A view on a fake socket, without a DOM patch: joins, events while offline, errors.
import assert from "node:assert/strict";
import { test } from "node:test";

import { View } from "../../src/live/view.js";
import { setup, tick } from "../../test-support/fake-socket.js";

// A [dj-root] with nothing inside: enough for a view whose joins bring no tree.
class FakeRoot extends EventTarget {
  constructor() {
    super();
    this.classes = new Set();
    this.classList = {
      add: (name) => this.classes.add(name),
      remove: (name) => this.classes.delete(name),
      get length() {
        return 0;
      },
    };
    this.errors = [];
    this.addEventListener("djwire:error", (event) => this.errors.push(event.detail));
  }

  getAttribute(name) {
    return { "dj-token": "tok", "dj-v": "5" }[name] ?? null;
  }

  removeAttribute() {}
  querySelector() {
    return null;
  }
  querySelectorAll() {
    return [];
  }
}

function joinedView(t) {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const root = new FakeRoot();
  const view = new View(root, env.socket, {});
  env.ws().open();
  return { ...env, root, view };
}

const events = (ws) => ws.sent.filter(([, , event]) => event === "event").map(([, , , p]) => p.e);
const lastRef = (ws) => ws.sent.at(-1)[0];

test("the join carries the token, the version shown, and the protocol version", (t) => {
  const { ws, view } = joinedView(t);
  assert.equal(view.topic, "lv:1");
  assert.deepEqual(ws().sent, [[1, "lv:1", "join", { token: "tok", v: null, f: [], pv: 1 }]]);
});

// The regression: clicks made while the socket was down were dropped without a word.
test("events made while the socket is down go out in order after the re-join", async (t) => {
  const { ws, view, timers } = joinedView(t);
  ws().serve([1, "lv:1", "ok", { v: 5, tk: "tok2" }]);
  await tick();
  ws().close();
  const clicks = [view.pushEvent("increment", {}), view.pushEvent("decrement", {})];
  timers.due.find((x) => x.kind === "timeout").fn();
  ws().open();
  assert.deepEqual(ws().sent, [[2, "lv:1", "join", { token: "tok2", v: null, f: [], pv: 1 }]]);
  ws().serve([2, "lv:1", "ok", { v: 5 }]);
  await tick();
  assert.deepEqual(events(ws()), ["increment", "decrement"]);
  ws().serve([3, "lv:1", "ok", { v: 5 }]);
  ws().serve([4, "lv:1", "ok", { v: 5 }]);
  await Promise.all(clicks);
});

test("an event in flight when the socket drops is reported on the root and not sent again", async (t) => {
  const { ws, view, root, timers } = joinedView(t);
  ws().serve([1, "lv:1", "ok", { v: 5 }]);
  await tick();
  const click = view.pushEvent("increment", {});
  assert.ok(root.classes.has("dj-loading"));
  ws().close();
  await click;
  assert.equal(root.errors.length, 1);
  const [detail] = root.errors;
  assert.equal(detail.code, "disconnected");
  assert.equal(detail.event, "increment");
  assert.match(detail.reason, /closed/);
  assert.ok(!root.classes.has("dj-loading"));
  timers.due.find((x) => x.kind === "timeout").fn();
  ws().open();
  ws().serve([lastRef(ws()), "lv:1", "ok", { v: 5 }]);
  await tick();
  assert.deepEqual(events(ws()), []);
});

test("an error reply is reported with its code and the event name", async (t) => {
  const { ws, view, root } = joinedView(t);
  ws().serve([1, "lv:1", "ok", { v: 5 }]);
  await tick();
  const click = view.pushEvent("nope", {});
  ws().serve([2, "lv:1", "error", { code: "unknown_handler", reason: "no nope" }]);
  await click;
  assert.deepEqual(root.errors, [{ code: "unknown_handler", reason: "no nope", event: "nope" }]);
});

test("an event without a reply in 30 s is reported as timeout, and the view re-joins", async (t) => {
  const { ws, view, root, timers } = joinedView(t);
  ws().serve([1, "lv:1", "ok", { v: 5 }]);
  await tick();
  const click = view.pushEvent("increment", {});
  timers.due.find((x) => x.kind === "timeout" && x.ms === 30000).fn();
  await click;
  assert.equal(root.errors[0].code, "timeout");
  assert.equal(root.errors[0].event, "increment");
  assert.deepEqual(ws().sent.at(-1), [3, "lv:1", "leave", {}]);
});

// stale_session: the page's session expired or rotated; only a fresh render cures it (issue 12).
const REFUSALS = [["token_expired", 1], ["protocol_mismatch", 1], ["stale_session", 1], ["bad_token", 0]];
for (const [code, reloads] of REFUSALS) {
  test(`a join refused with ${code} ${reloads ? "reloads the page" : "does not reload"}`, async (t) => {
    const location = { reloads: 0, reload() { this.reloads += 1; } };
    const items = new Map();
    const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v) };
    Object.assign(globalThis, { location, sessionStorage: storage });
    t.after(() => {
      delete globalThis.location;
      delete globalThis.sessionStorage;
    });
    const { ws, root } = joinedView(t);
    ws().serve([1, "lv:1", "error", { code, reason: "whatever the wording" }]);
    await tick();
    assert.equal(root.errors[0].code, code);
    assert.equal(location.reloads, reloads);
  });
}
