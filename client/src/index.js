// The bundle's entry: one socket, one view per [dj-root], the bindings, and window.djwire.

import { ATTR_ROOT, ATTR_SOCKET_PATH, LIVEVIEW_TOPIC_PREFIX } from "./constants.js";
import { Bindings } from "./bindings.js";
import { hooks } from "./hooks.js";
import { DEFAULT_SOCKET_PATH, Socket, socketURL } from "./socket.js";
import { View } from "./view.js";
import { version } from "../package.json";

// A page may define window.djwire.hooks before the bundle runs: keep its hooks.
Object.assign(hooks, window.djwire && window.djwire.hooks);

const djwire = { hooks, socket: null, views: [], version };
window.djwire = djwire;

function start() {
  const script = document.querySelector(`script[${ATTR_SOCKET_PATH}]`);
  const path = (script && script.getAttribute(ATTR_SOCKET_PATH)) || DEFAULT_SOCKET_PATH;
  const socket = new Socket(socketURL(window.location, path));
  const roots = [...document.querySelectorAll(`[${ATTR_ROOT}]`)];
  const views = roots.map(
    (root, i) => new View(root, socket, `${LIVEVIEW_TOPIC_PREFIX}${i + 1}`, hooks),
  );
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
