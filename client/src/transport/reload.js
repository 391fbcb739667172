// Reloading the page when only a fresh HTTP render can help (the join token expired, or the
// server speaks another protocol version than this bundle). A server that keeps refusing must
// not put the page in a reload loop: at most one reload per RELOAD_INTERVAL_MS per tab.

import { ERROR_PROTOCOL_MISMATCH, ERROR_STALE_SESSION, ERROR_TOKEN_EXPIRED } from "./protocol.js";

export const RELOAD_INTERVAL_MS = 30000;

/** Join refusals only a fresh HTTP render can cure. */
export const RELOAD_CODES = new Set([ERROR_TOKEN_EXPIRED, ERROR_PROTOCOL_MISMATCH, ERROR_STALE_SESSION]);
const RELOADED_AT_KEY = "djwire:reloaded-at";

/**
 * Reload unless this tab reloaded for djwire less than RELOAD_INTERVAL_MS ago; true if it did.
 * `storage` is the tab's sessionStorage, `location` the page's (arguments for tests).
 */
export function reloadAtMostOnce(
  storage = globalThis.sessionStorage,
  location = globalThis.location,
  now = Date.now(),
) {
  try {
    const last = Number(storage.getItem(RELOADED_AT_KEY)) || 0;
    if (now - last < RELOAD_INTERVAL_MS) return false;
    storage.setItem(RELOADED_AT_KEY, String(now));
  } catch {
    // No sessionStorage (some private modes): without the guard a reload could loop.
    return false;
  }
  location.reload();
  return true;
}
