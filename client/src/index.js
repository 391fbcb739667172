// The bundle's entry: one socket, one view per [dj-root] (each a client of its own channel),
// the bindings, and window.djwire.

import { ATTR_ROOT, ATTR_SOCKET_PATH } from "./live/attributes.js";
import { Bindings } from "./live/bindings.js";
import { hooks } from "./live/hooks.js";
import { View } from "./live/view.js";
import { DEFAULT_SOCKET_PATH, Socket, socketURL } from "./transport/socket.js";
import { version } from "../package.json";

// A page may define window.djwire.hooks before the bundle runs: keep its hooks.
Object.assign(hooks, window.djwire && window.djwire.hooks);

const djwire = { hooks, socket: null, views: [], version };
window.djwire = djwire;

function start() {
  const script = document.querySelector(`script[${ATTR_SOCKET_PATH}]`);
  const path = (script && script.getAttribute(ATTR_SOCKET_PATH)) || DEFAULT_SOCKET_PATH;
  const socket = new Socket(socketURL(window.location, path));
  // Views are made in page order, so the first root's topic is "lv:1", as before.
  const roots = [...document.querySelectorAll(`[${ATTR_ROOT}]`)];
  const views = roots.map((root) => new View(root, socket, hooks));
  const viewsByRoot = new Map(views.map((view) => [view.root, view]));
  new Bindings(document, (root) => viewsByRoot.get(root)).start();
  djwire.socket = socket;
  djwire.views = views;
  if (views.length > 0) socket.connect();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
