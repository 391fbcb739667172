// The connection state of a view, as classes on its root: dj-connected once joined,
// dj-disconnected while the socket is down or reconnecting, dj-error when the join was refused
// or a handler crashed. And the page's default banner, shown while the socket is down.

import {
  ATTR_BANNER,
  BANNER_OFF,
  CLASS_BANNER,
  CLASS_CONNECTED,
  CLASS_DISCONNECTED,
  CLASS_ERROR,
} from "./attributes.js";
import { ERROR_HANDLER_ERROR, ERROR_SERVER_ERROR } from "../transport/protocol.js";

/** Error codes that put dj-error on the root when an event (or a frame) reports them. */
export const CRASH_CODES = new Set([ERROR_HANDLER_ERROR, ERROR_SERVER_ERROR]);

/** Joined: connected, and whatever went wrong before is over. */
export function markJoined(root) {
  root.classList.add(CLASS_CONNECTED);
  root.classList.remove(CLASS_DISCONNECTED);
  root.classList.remove(CLASS_ERROR);
}

/** The socket closed: the view waits for the reconnection and its re-join. */
export function markDisconnected(root) {
  root.classList.remove(CLASS_CONNECTED);
  root.classList.add(CLASS_DISCONNECTED);
}

/** The join was refused: the view is not live. */
export function markRefused(root) {
  root.classList.remove(CLASS_CONNECTED);
  root.classList.add(CLASS_ERROR);
}

/** A handler crashed; the view stays joined. */
export function markError(root) {
  root.classList.add(CLASS_ERROR);
}

/** An event got its reply: the server's handlers run again. */
export function clearError(root) {
  root.classList.remove(CLASS_ERROR);
}

// Zero specificity (:where), so that any rule of the page restyles it.
const BANNER_CSS = `:where(.${CLASS_BANNER}){position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);z-index:2147483647;padding:.4rem .9rem;border-radius:.4rem;background:#333;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)}:where(.${CLASS_BANNER}[hidden]){display:none}`;

export const BANNER_TEXT = "Reconnecting…";

/**
 * The default banner: <div class="dj-reconnecting" role="status" hidden>, put once at the end
 * of the body, shown while `socket` is down. None if `script` (djwire's script tag) has
 * data-dj-banner="off". Returns the element, or null.
 */
export function installBanner(document, socket, script) {
  if (script && script.getAttribute(ATTR_BANNER) === BANNER_OFF) return null;
  if (!document.body || typeof document.createElement !== "function") return null;
  const existing = document.querySelector(`.${CLASS_BANNER}`);
  const banner = existing || document.createElement("div");
  if (!existing) {
    const style = document.createElement("style");
    style.textContent = BANNER_CSS;
    banner.setAttribute("class", CLASS_BANNER);
    banner.setAttribute("role", "status");
    banner.textContent = BANNER_TEXT;
    banner.setAttribute("hidden", "");
    (document.head || document.body).append(style);
    document.body.append(banner);
  }
  socket.onClose(() => banner.removeAttribute("hidden"));
  socket.onOpen(() => banner.setAttribute("hidden", ""));
  return banner;
}
