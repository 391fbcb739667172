// The public window.djwire, pinned on the committed bundle itself: a change here is a change
// pages see (docs/liveviews.md, "The JS client").
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

import { Channel } from "../src/transport/channel.js";
import { Socket } from "../src/transport/socket.js";
import { View } from "../src/live/view.js";

const BUNDLES = ["djwire.js", "djwire.min.js"];

// Just enough of a page without LiveViews for the bundle to start; `globals` are set first.
// `script` (optional) is the attributes of {% djwire_scripts %}'s script tag.
function runPage(name, globals = {}, script = null) {
  const source = readFileSync(new URL(`../../src/djwire/static/djwire/${name}`, import.meta.url), "utf8");
  const tag = script && { getAttribute: (attr) => script[attr] ?? null };
  const document = {
    readyState: "complete",
    createElement: () => ({}),
    querySelector: (selector) => (selector.startsWith("script") ? tag : null),
    querySelectorAll: () => [],
    addEventListener: () => {},
    dispatchEvent: () => true,
  };
  const page = { document, location: { protocol: "http:", host: "h" }, CustomEvent, console, ...globals };
  page.window = page;
  vm.runInNewContext(source, page);
  return page;
}

const runBundle = (name, globals = {}) => runPage(name, globals).djwire;

// A WebSocket that only records the URLs it was opened on.
function recordingWebSocket() {
  const opened = [];
  class WebSocket {
    static OPEN = 1;
    constructor(url) {
      opened.push(url);
    }
  }
  return { WebSocket, opened };
}

const methods = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== "constructor");

for (const name of BUNDLES) {
  test(`${name}: window.djwire has exactly hooks, signals, socket, sync, version, views`, () => {
    const djwire = runBundle(name);
    assert.deepEqual(Object.keys(djwire).sort(), ["hooks", "signals", "socket", "sync", "version", "views"]);
    assert.deepEqual(Object.keys(djwire.sync), ["join"]);
    assert.equal(typeof djwire.hooks, "object");
    assert.ok(Array.isArray(djwire.views) && djwire.views.length === 0);
    assert.match(djwire.version, /^\d+\.\d+\.\d+$/);
    for (const method of ["channel", "connect", "disconnect"]) {
      assert.equal(typeof djwire.socket[method], "function", `socket.${method}`);
    }
  });

  test(`${name}: djwire.signals has call and connect; window.DFSignals is the same object`, () => {
    const page = runPage(name);
    assert.deepEqual(Object.keys(page.djwire.signals).sort(), ["call", "connect"]);
    assert.equal(page.DFSignals, page.djwire.signals);
  });

  test(`${name}: the socket connects for a signals window, not for a page with neither`, () => {
    const plain = recordingWebSocket();
    runPage(name, { WebSocket: plain.WebSocket }, { "data-dj-socket": "/djwire/ws/" });
    assert.deepEqual(plain.opened, []);
    const win = recordingWebSocket();
    runPage(name, { WebSocket: win.WebSocket }, { "data-dj-socket": "/s/", "data-dj-window": "wtok" });
    assert.deepEqual(win.opened, ["ws://h/s/"]);
  });

  test(`${name}: a page with only channels opens its socket once, at the first join`, () => {
    const ws = recordingWebSocket();
    const page = runPage(name, { WebSocket: ws.WebSocket }, { "data-dj-socket": "/s/" });
    assert.deepEqual(ws.opened, []);
    page.djwire.sync.join("tok1");
    page.djwire.sync.join("tok2");
    assert.deepEqual(ws.opened, ["ws://h/s/"]);
  });
}

test("a built-in called on a page that is not a window runs, and resolves", async () => {
  const djwire = runBundle("djwire.js");
  // The bundle runs in another realm: its {} is not this realm's.
  assert.equal(JSON.stringify(await djwire.signals.call("html.focus", { selector: "#none" })), "{}");
  await assert.rejects(djwire.signals.call("app.save", {}), /not a signals window/);
});

test("a page that set window.djwire.hooks first keeps its hooks", () => {
  const Counter = { mounted() {} };
  const djwire = runBundle("djwire.js", { djwire: { hooks: { Counter } } });
  assert.equal(djwire.hooks.Counter, Counter);
});

// The documented methods; others on these classes are internals.
test("the documented socket, channel and view methods exist", () => {
  for (const name of ["channel", "connect", "disconnect", "onClose", "onOpen", "request"]) {
    assert.ok(methods(Socket).includes(name), `Socket.${name}`);
  }
  for (const name of ["join", "leave", "on", "onJoin", "onJoinError", "push", "rejoin"]) {
    assert.ok(methods(Channel).includes(name), `Channel.${name}`);
  }
  for (const name of ["pushEvent", "resync"]) assert.ok(methods(View).includes(name), `View.${name}`);
});
