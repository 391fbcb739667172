// One LiveView: a client of its own channel. It holds the root element, its token and version,
// its rendered tree and statics; it joins with what the page shows and turns the frames of its
// topic into DOM patches.

import { DOM_ERROR, DOM_EVENT_PREFIX, DOM_JOINED, DOM_RESYNC } from "../transport/dom-events.js";
import { TransportError } from "../transport/errors.js";
import {
  ERROR_DISCONNECTED,
  ERROR_FORBIDDEN,
  ERROR_LOGIN_REQUIRED,
  ERROR_PROTOCOL_MISMATCH,
  ERROR_STALE_SESSION,
  ERROR_TIMEOUT,
  ERROR_TOKEN_EXPIRED,
  EVENT_ERROR,
  PAYLOAD_NEW_TOKEN,
  PAYLOAD_TOKEN,
} from "../transport/protocol.js";
import { reloadAtMostOnce } from "../transport/reload.js";
import { ATTR_TOKEN, ATTR_TREE, ATTR_VERSION } from "./attributes.js";
import { CRASH_CODES, clearError, markDisconnected, markError, markJoined, markRefused } from "./connection.js";
import { acknowledgeFields, isDirty, snapshotFields } from "./dirty.js";
import { showRendered } from "./fields.js";
import { ViewHooks } from "./hooks.js";
import { lock, lockedBy } from "./inflight.js";
import { startLoading } from "./loading.js";
import { isField } from "./params.js";
import { Patcher } from "./patcher.js";
import {
  EVENT_DIFF,
  EVENT_EVENT,
  EVENT_PUSH,
  EVENT_RESYNC,
  LIVEVIEW_TOPIC_PREFIX,
  PAYLOAD_DIFF,
  PAYLOAD_FINGERPRINTS,
  PAYLOAD_HANDLER,
  PAYLOAD_PARAMS,
  PAYLOAD_PUSH_EVENT,
  PAYLOAD_PUSH_PAYLOAD,
  PAYLOAD_TREE,
  PAYLOAD_VERSION,
} from "./protocol.js";
import { Sequencer } from "./sequencer.js";
import { readPageTree } from "./page.js";
import { mergeTree } from "./tree.js";

// An event without a reply by then is reported (djwire:error, code `timeout`) and the view
// re-joins: the server may or may not have run it, and the join brings the truth.
export const EVENT_TIMEOUT_MS = 30000;

// Join refusals only a fresh HTTP render can cure. For login_required and forbidden (the
// view's access checks refuse the socket's user, e.g. after a logout in another tab) the
// reload lets Django answer: a redirect to the login page, or a 403.
const RELOAD_CODES = new Set([
  ERROR_TOKEN_EXPIRED,
  ERROR_PROTOCOL_MISMATCH,
  ERROR_STALE_SESSION,
  ERROR_LOGIN_REQUIRED,
  ERROR_FORBIDDEN,
]);

export class View {
  constructor(root, socket, hookRegistry) {
    this.root = root;
    this.token = root.getAttribute(ATTR_TOKEN);
    this.statics = new Map();
    this.tree = readEmbeddedTree(root, this.statics);
    this.sequencer = new Sequencer(Number(root.getAttribute(ATTR_VERSION)) || 0);
    this.sequencer.stall(); // until joined
    // Replies to events sent before the latest join belong to a state the join replaced.
    this.generation = 0;
    this.hooks = new ViewHooks(hookRegistry, (name, params, el) => this.pushEvent(name, params, el));
    this.patcher = new Patcher(this);
    this.channel = socket.channel(LIVEVIEW_TOPIC_PREFIX, { params: () => this.joinParams() });
    this.topic = this.channel.topic;
    this.channel.onJoin((reply) => this.joined(reply));
    this.channel.onJoinError((error) => this.refused(error));
    this.channel.on(EVENT_DIFF, (payload) => this.pushed(payload));
    this.channel.on(EVENT_PUSH, (payload) => this.dispatchPush(payload));
    this.channel.on(EVENT_RESYNC, (payload) => this.resynced(payload));
    this.channel.on(EVENT_ERROR, (payload) => this.failed(TransportError.fromPayload(payload)));
    // Registered after the channel's own: the channel is closed when this runs.
    socket.onClose(() => markDisconnected(this.root));
    this.channel.join();
    // After join(): events the hooks send from `mounted` wait in the channel for the join.
    this.hooks.afterPatch(root);
  }

  /** How each diff reached the page: keyed rows patched in place, or the whole root. */
  get patches() {
    return this.patcher.counts;
  }

  // Built for every (re)join: the version and statics the page holds right then. From here on
  // the frames of the old join are stale.
  joinParams() {
    this.sequencer.stall();
    return {
      [PAYLOAD_TOKEN]: this.token,
      [PAYLOAD_VERSION]: this.tree === null ? null : this.sequencer.version,
      [PAYLOAD_FINGERPRINTS]: [...this.statics.keys()],
    };
  }

  joined(reply) {
    const {
      [PAYLOAD_VERSION]: v,
      [PAYLOAD_NEW_TOKEN]: tk,
      [PAYLOAD_TREE]: t,
      [PAYLOAD_DIFF]: d,
    } = reply;
    this.generation += 1;
    if (tk) this.token = tk;
    if (t !== undefined) this.tree = mergeTree(this.tree, t, this.statics);
    if (d !== undefined) this.tree = mergeTree(this.tree, d, this.statics);
    if (t !== undefined || d !== undefined) this.patcher.render({ resume: t !== undefined });
    this.sequencer.reset(v);
    markJoined(this.root);
    this.root.dispatchEvent(new CustomEvent(DOM_JOINED, { bubbles: true }));
  }

  // The server re-mounted the view (pushes to it were lost for good): its whole tree replaces
  // what the page shows, and replies to events sent before belong to the state it replaced.
  resynced(payload) {
    const { [PAYLOAD_VERSION]: v, [PAYLOAD_TREE]: t } = payload;
    this.generation += 1;
    this.tree = mergeTree(this.tree, t, this.statics);
    this.patcher.render({ resume: true });
    this.sequencer.reset(v);
    this.root.dispatchEvent(new CustomEvent(DOM_RESYNC, { bubbles: true }));
  }

  refused(error) {
    markRefused(this.root);
    this.failed(error);
    if (RELOAD_CODES.has(error.code)) reloadAtMostOnce();
  }

  /** Re-join after the versions disagreed: leave, then join with what the page shows. */
  resync() {
    this.sequencer.stall();
    this.channel.rejoin();
  }

  /**
   * Send event `name` with `params`; `el` (optional) is the element that sent it. Made while
   * the view is not joined (a hook's mounted, a click during a reconnection), it waits in the
   * channel and goes out, in order, right after the join. `submitting`: the event is a form's
   * dj-submit (its submit buttons are disabled until it settles).
   */
  async pushEvent(name, params, el = null, { submitting = false } = {}) {
    const fields = el ? snapshotFields(el) : [];
    const stopLoading = startLoading(el ? [el, this.root] : [this.root]);
    // A form's submit buttons, and an element with dj-disable-with: disabled until settled.
    const release = lock(lockedBy(el, submitting));
    let generation = null;
    const sent = () => {
      generation = this.generation;
      this.sequencer.sent();
    };
    const payload = { [PAYLOAD_HANDLER]: name, [PAYLOAD_PARAMS]: params };
    try {
      const reply = await this.channel.push(EVENT_EVENT, payload, { timeout: EVENT_TIMEOUT_MS, sent });
      if (generation !== this.generation) return;
      clearError(this.root);
      acknowledgeFields(fields);
      const { [PAYLOAD_VERSION]: v, [PAYLOAD_DIFF]: d } = reply;
      this.patcher.apply(this.sequencer.reply(v, d), serverOwnedFields(el));
      // A checkbox or radio that sent this event shows the server's answer, changed or not.
      if (el && !isDirty(el)) showRendered(el);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.eventFailed(error, name, generation);
    } finally {
      stopLoading();
      release();
    }
  }

  // `generation`: of the join the event was sent under, null if it was never sent (the buffer
  // was full, or the join it waited for was refused).
  eventFailed(error, name, generation) {
    const current = generation === this.generation;
    if (generation === null || error.code === ERROR_DISCONNECTED) {
      // Never sent, or in flight when the connection dropped (the server may or may not have
      // run it): either way it is not sent again, and the page must know.
      this.failed(error, name);
    } else if (error.code === ERROR_TIMEOUT) {
      this.failed(error, name);
      if (current) this.resync();
    } else if (current) {
      this.failed(error, name);
      this.patcher.apply(this.sequencer.failed());
    }
  }

  pushed(payload) {
    this.patcher.apply(this.sequencer.push(payload[PAYLOAD_VERSION], payload[PAYLOAD_DIFF]));
  }

  dispatchPush(payload) {
    const name = DOM_EVENT_PREFIX + payload[PAYLOAD_PUSH_EVENT];
    const detail = payload[PAYLOAD_PUSH_PAYLOAD];
    this.root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
  }

  /** Tell the page: djwire:error on the root, detail {code, reason, event?}. */
  failed(error, eventName = undefined) {
    if (CRASH_CODES.has(error.code)) markError(this.root);
    const about = eventName === undefined ? "" : ` (event ${JSON.stringify(eventName)})`;
    console.warn(`djwire: ${this.topic}: ${error.code}: ${error.reason}${about}`);
    const detail = error.detail(eventName === undefined ? {} : { event: eventName });
    this.root.dispatchEvent(new CustomEvent(DOM_ERROR, { bubbles: true, detail }));
  }
}

// After its dj-submit is acknowledged, a form's fields show what the server rendered (a saved
// todo clears its input even though the input still has focus), except fields typed into
// while the event was in flight.
function serverOwnedFields(el) {
  if (!el || el.tagName !== "FORM") return [];
  return [...el.elements].filter((field) => isField(field) && !isDirty(field));
}

// The tree of the HTTP render, read back from the page with what <script type="application/json"
// dj-tree> inside the root says of it (page.js); null if it cannot be, and the join sends it.
// The script is removed first: it is not part of the tree, nor of what the patches compare.
function readEmbeddedTree(root, statics) {
  const script = root.querySelector(`:scope > script[${ATTR_TREE}]`);
  if (!script) return null;
  script.remove();
  return readPageTree(root, JSON.parse(script.textContent), statics);
}
