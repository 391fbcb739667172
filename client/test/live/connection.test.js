// The connection state classes on a view's root, and the default banner, on a fake socket.
import assert from "node:assert/strict";
import { test } from "node:test";

import { installBanner } from "../../src/live/connection.js";
import { View } from "../../src/live/view.js";
import { FakeDocument, FakeElement } from "../../test-support/fake-dom.js";
import { setup, tick } from "../../test-support/fake-socket.js";

function joinedView(t) {
  t.mock.method(console, "warn", () => {});
  const env = setup();
  const root = new FakeElement("DIV", { "dj-root": "", "dj-token": "tok", "dj-v": "5" });
  const view = new View(root, env.socket, {});
  env.ws().open();
  return { ...env, root, view };
}

const has = (el, name) => el.classList.contains(name);
const reconnect = (timers) => timers.due.find((x) => x.kind === "timeout").fn();

test("dj-connected once joined; dj-disconnected while the socket is down, until the re-join", async (t) => {
  const { ws, root, timers } = joinedView(t);
  assert.ok(!has(root, "dj-connected"));
  ws().serve([1, "lv:1", "ok", { v: 5 }]);
  await tick();
  assert.ok(has(root, "dj-connected"));
  assert.ok(!has(root, "dj-disconnected"));

  ws().close();
  assert.ok(has(root, "dj-disconnected"));
  assert.ok(!has(root, "dj-connected"));
  reconnect(timers);
  ws().open(); // connected again, not yet joined
  assert.ok(has(root, "dj-disconnected"));
  ws().serve([2, "lv:1", "ok", { v: 5 }]);
  await tick();
  assert.ok(has(root, "dj-connected"));
  assert.ok(!has(root, "dj-disconnected"));
});

test("a socket that never opened still marks the root dj-disconnected", (t) => {
  t.mock.method(console, "warn", () => {});
  const { ws, socket } = setup();
  const root = new FakeElement("DIV", { "dj-root": "", "dj-token": "tok" });
  new View(root, socket, {});
  ws().close();
  assert.ok(has(root, "dj-disconnected"));
});

test("every view's root gets dj-disconnected", async (t) => {
  t.mock.method(console, "warn", () => {});
  const { ws, socket } = setup();
  const roots = [1, 2].map(() => new FakeElement("DIV", { "dj-root": "", "dj-token": "tok" }));
  roots.forEach((root) => new View(root, socket, {}));
  ws().open();
  ws().serve([1, "lv:1", "ok", { v: 1 }]);
  ws().serve([2, "lv:2", "ok", { v: 1 }]);
  await tick();
  assert.ok(roots.every((root) => has(root, "dj-connected")));
  ws().close();
  assert.ok(roots.every((root) => has(root, "dj-disconnected") && !has(root, "dj-connected")));
});

test("a refused join puts dj-error, not dj-connected", async (t) => {
  const { ws, root } = joinedView(t);
  ws().serve([1, "lv:1", "error", { code: "bad_token", reason: "no" }]);
  await tick();
  assert.ok(has(root, "dj-error"));
  assert.ok(!has(root, "dj-connected"));
});

for (const code of ["handler_error", "server_error"]) {
  test(`a ${code} reply puts dj-error until the next successful reply`, async (t) => {
    const { ws, root, view } = joinedView(t);
    ws().serve([1, "lv:1", "ok", { v: 5 }]);
    await tick();
    const crash = view.pushEvent("boom", {});
    ws().serve([2, "lv:1", "error", { code, reason: "it broke" }]);
    await crash;
    assert.ok(has(root, "dj-error"));
    assert.ok(has(root, "dj-connected"));
    const fine = view.pushEvent("fine", {});
    ws().serve([3, "lv:1", "ok", { v: 5 }]);
    await fine;
    assert.ok(!has(root, "dj-error"));
  });
}

test("other error replies do not put dj-error", async (t) => {
  const { ws, root, view } = joinedView(t);
  ws().serve([1, "lv:1", "ok", { v: 5 }]);
  await tick();
  const click = view.pushEvent("nope", {});
  ws().serve([2, "lv:1", "error", { code: "unknown_handler", reason: "no nope" }]);
  await click;
  assert.ok(!has(root, "dj-error"));
});

test("a server_error frame puts dj-error; the next join removes it", async (t) => {
  const { ws, root, timers } = joinedView(t);
  ws().serve([1, "lv:1", "ok", { v: 5 }]);
  await tick();
  ws().serve([null, "lv:1", "error", { code: "server_error", reason: "render failed" }]);
  assert.ok(has(root, "dj-error"));
  ws().close();
  reconnect(timers);
  ws().open();
  ws().serve([2, "lv:1", "ok", { v: 5 }]);
  await tick();
  assert.ok(!has(root, "dj-error"));
});

function bannerPage(scriptAttrs = {}) {
  const document = new FakeDocument();
  const env = setup();
  const script = new FakeElement("SCRIPT", { "data-dj-socket": "/djwire/ws/", ...scriptAttrs });
  return { document, script, ...env };
}

test("the banner is put once into the body, hidden, and shown while the socket is down", () => {
  const { document, script, socket, ws, timers } = bannerPage();
  const banner = installBanner(document, socket, script);
  assert.equal(document.querySelectorAll(".dj-reconnecting").length, 1);
  assert.equal(banner.parentNode, document.body);
  assert.equal(banner.getAttribute("role"), "status");
  assert.equal(banner.textContent, "Reconnecting…");
  assert.ok(banner.hasAttribute("hidden"));
  ws().open();
  assert.ok(banner.hasAttribute("hidden"));
  ws().close();
  assert.ok(!banner.hasAttribute("hidden"));
  reconnect(timers);
  ws().open();
  assert.ok(banner.hasAttribute("hidden"));
  // A second install (a second bundle) reuses it.
  assert.equal(installBanner(document, socket, script), banner);
  assert.equal(document.querySelectorAll(".dj-reconnecting").length, 1);
});

test('data-dj-banner="off" on the script tag: no banner', () => {
  const { document, script, socket } = bannerPage({ "data-dj-banner": "off" });
  assert.equal(installBanner(document, socket, script), null);
  assert.equal(document.querySelectorAll(".dj-reconnecting").length, 0);
});
