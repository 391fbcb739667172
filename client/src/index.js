// The bundle's entry: one socket, one view per [dj-root] (each a client of its own channel),
// the signals window when the page is one, the model-state channels the page joins, the
// bindings, and window.djwire (window.DFSignals).

import { ATTR_ROOT, ATTR_SOCKET_PATH } from "./live/attributes.js";
import { Bindings } from "./live/bindings.js";
import { installBanner } from "./live/connection.js";
import { installErrorFlash } from "./live/flash.js";
import { hooks } from "./live/hooks.js";
import { View } from "./live/view.js";
import { ATTR_WINDOW } from "./signals/attributes.js";
import { SignalBindings } from "./signals/bindings.js";
import { Signals } from "./signals/signals.js";
import { Sync } from "./sync/sync.js";
import { DEFAULT_SOCKET_PATH, Socket, socketURL } from "./transport/socket.js";
import { version } from "../package.json";

// A page may define window.djwire.hooks before the bundle runs: keep its hooks.
Object.assign(hooks, window.djwire && window.djwire.hooks);

// Ready before start(), so that scripts running before DOMContentLoaded can connect handlers.
const signals = new Signals(document);
const signalsAPI = {
  call: (name, opts, signalId) => signals.call(name, opts, signalId),
  connect: (name, fn) => signals.connect(name, fn),
};

// The page's one socket, made on first use: a page script may join a channel before start().
let socket = null;
let connecting = false;
function pageScript() {
  return document.querySelector(`script[${ATTR_SOCKET_PATH}]`);
}
function pageSocket() {
  if (socket === null) {
    const script = pageScript();
    const path = (script && script.getAttribute(ATTR_SOCKET_PATH)) || DEFAULT_SOCKET_PATH;
    socket = new Socket(socketURL(window.location, path));
    djwire.socket = socket;
  }
  return socket;
}
function connectOnce() {
  if (connecting) return;
  connecting = true;
  const script = pageScript();
  installBanner(document, pageSocket(), script);
  installErrorFlash(document, script);
  socket.connect();
}

const sync = new Sync(document, pageSocket, connectOnce);
const syncAPI = { join: (token, options) => sync.join(token, options) };

const djwire = { hooks, signals: signalsAPI, socket: null, sync: syncAPI, views: [], version };
window.djwire = djwire;
// df_websockets' page scripts run unchanged (docs/signals.md, "Differences").
window.DFSignals = signalsAPI;

function start() {
  const script = pageScript();
  const token = script && script.getAttribute(ATTR_WINDOW);
  const socket = pageSocket();
  // Views are made in page order, so the first root's topic is "lv:1", as before.
  const roots = [...document.querySelectorAll(`[${ATTR_ROOT}]`)];
  const views = roots.map((root) => new View(root, socket, hooks));
  const viewsByRoot = new Map(views.map((view) => [view.root, view]));
  new Bindings(document, (root) => viewsByRoot.get(root)).start();
  if (token) signals.open(socket, token);
  new SignalBindings(document, (name, opts, el) => signals.callFrom(el, name, opts)).start();
  djwire.views = views;
  if (views.length > 0 || token) connectOnce();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
