// The page's error message, shown when a join is refused or an event fails (any djwire:error
// but `disconnected`, which the Reconnecting banner tells). With DEBUG on it names the event,
// the error code and reason and the server's exception type; in production it says only
// "Something went wrong.", since the reason is for developers. Dismissible; it never covers
// the page, and the view goes on working behind it.

import { ATTR_DEBUG, ATTR_ERRORS, CLASS_ERROR_FLASH, ERRORS_OFF } from "./attributes.js";
import { DOM_ERROR } from "../transport/dom-events.js";
import { ERROR_DISCONNECTED, PAYLOAD_CODE, PAYLOAD_EXCEPTION, PAYLOAD_REASON } from "../transport/protocol.js";

export const FLASH_TEXT = "Something went wrong.";
export const DISMISS_LABEL = "Dismiss";

// Zero specificity (:where), so that any rule of the page restyles it.
const FLASH_CSS = `:where(.${CLASS_ERROR_FLASH}){position:fixed;top:1rem;right:1rem;z-index:2147483647;max-width:min(36rem,calc(100vw - 2rem));display:flex;gap:.75rem;align-items:flex-start;padding:.6rem .9rem;border-radius:.4rem;background:#7f1d1d;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);overflow-wrap:anywhere}:where(.${CLASS_ERROR_FLASH}[hidden]){display:none}:where(.${CLASS_ERROR_FLASH} p){margin:0 0 .25rem}:where(.${CLASS_ERROR_FLASH} button){font:inherit;background:none;border:0;color:inherit;cursor:pointer;padding:0 .25rem}`;

/**
 * The error message: <div class="dj-error-flash" role="alert" hidden>, put once at the end of
 * the body and shown on every djwire:error of the page. None if `script` (djwire's script tag)
 * has data-dj-errors="off". Returns the element, or null.
 */
export function installErrorFlash(document, script) {
  if (script && script.getAttribute(ATTR_ERRORS) === ERRORS_OFF) return null;
  if (!document.body || typeof document.createElement !== "function") return null;
  const debug = Boolean(script && script.hasAttribute(ATTR_DEBUG));
  const flash = document.createElement("div");
  flash.setAttribute("class", CLASS_ERROR_FLASH);
  flash.setAttribute("role", "alert");
  flash.setAttribute("hidden", "");
  const text = document.createElement("div");
  const dismiss = document.createElement("button");
  dismiss.setAttribute("type", "button");
  dismiss.setAttribute("aria-label", DISMISS_LABEL);
  dismiss.textContent = "×";
  dismiss.addEventListener("click", () => flash.setAttribute("hidden", ""));
  flash.append(text, dismiss);
  const style = document.createElement("style");
  style.textContent = FLASH_CSS;
  (document.head || document.body).append(style);
  document.body.append(flash);
  document.addEventListener(DOM_ERROR, (event) => {
    const detail = event.detail || {};
    if (detail[PAYLOAD_CODE] === ERROR_DISCONNECTED) return;
    text.replaceChildren(...lines(document, debug ? debugLines(detail) : [FLASH_TEXT]));
    flash.removeAttribute("hidden");
  });
  return flash;
}

/** What the message says in DEBUG: what failed, the error's code and reason, the exception. */
export function debugLines(detail) {
  const about = detail.event !== undefined ? ` in event ${JSON.stringify(detail.event)}` : "";
  const signal = detail.signal !== undefined ? ` in signal ${JSON.stringify(detail.signal)}` : "";
  const found = [`djwire: ${detail[PAYLOAD_CODE]}${about}${signal}`, detail[PAYLOAD_REASON]];
  if (detail[PAYLOAD_EXCEPTION]) found.push(`Exception: ${detail[PAYLOAD_EXCEPTION]}`);
  return found.filter((line) => line);
}

function lines(document, texts) {
  return texts.map((line) => {
    const p = document.createElement("p");
    p.textContent = line;
    return p;
  });
}
