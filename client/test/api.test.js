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
function runBundle(name, globals = {}) {
  const source = readFileSync(new URL(`../../src/djwire/static/djwire/${name}`, import.meta.url), "utf8");
  const document = {
    readyState: "complete",
    createElement: () => ({}),
    querySelector: () => null,
    querySelectorAll: () => [],
    addEventListener: () => {},
  };
  const page = { document, location: { protocol: "http:", host: "h" }, CustomEvent, console, ...globals };
  page.window = page;
  vm.runInNewContext(source, page);
  return page.djwire;
}

const methods = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== "constructor");

for (const name of BUNDLES) {
  test(`${name}: window.djwire has exactly hooks, socket, version, views`, () => {
    const djwire = runBundle(name);
    assert.deepEqual(Object.keys(djwire).sort(), ["hooks", "socket", "version", "views"]);
    assert.equal(typeof djwire.hooks, "object");
    assert.ok(Array.isArray(djwire.views) && djwire.views.length === 0);
    assert.match(djwire.version, /^\d+\.\d+\.\d+$/);
    for (const method of ["channel", "connect", "disconnect"]) {
      assert.equal(typeof djwire.socket[method], "function", `socket.${method}`);
    }
  });
}

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
