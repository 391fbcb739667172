// The page's one WebSocket: request refs and their replies, heartbeat, reconnection with
// exponential backoff, and the topics of its channels. It knows topics only as strings; what a
// join means belongs to the channel's user (live/view.js for a LiveView).

import { Channel } from "./channel.js";
import { DOM_CONNECTED, DOM_DISCONNECTED, DOM_ERROR } from "./dom-events.js";
import { TransportError } from "./errors.js";
import { decodeFrame, encodeFrame } from "./frames.js";
import {
  ERROR_DISCONNECTED,
  ERROR_TIMEOUT,
  EVENT_ERROR,
  EVENT_HEARTBEAT,
  PAYLOAD_CODE,
  PAYLOAD_REASON,
  SOCKET_TOPIC,
} from "./protocol.js";

export { decodeFrame, encodeFrame } from "./frames.js";

export const DEFAULT_SOCKET_PATH = "/djwire/ws/";
export const HEARTBEAT_MS = 30000;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10000;
const BACKOFF_JITTER = 0.3;

/** The ws:// or wss:// URL of `path` on the page's host. */
export function socketURL(location, path) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/** Milliseconds to wait before reconnection attempt `attempt` (0, 1, ...). */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  // Jitter spreads the reconnections of many pages after a server restart.
  return Math.round(base * (1 + BACKOFF_JITTER * (2 * random() - 1)));
}

export class Socket {
  /**
   * `options` exist for tests: `WebSocket` (constructor), `target` (where the djwire:* events
   * are dispatched), `timers` ({setTimeout, clearTimeout, setInterval, clearInterval}), `random`.
   */
  constructor(url, options = {}) {
    this.url = url;
    this.WebSocket = options.WebSocket || globalThis.WebSocket;
    this.target = options.target || globalThis.document;
    this.timers = options.timers || globalThis;
    this.random = options.random || Math.random;
    this.ws = null;
    this.ref = 0;
    this.replies = new Map(); // ref -> {resolve, reject, timer}
    this.topics = new Map(); // topic -> callback(event, payload) for frames with ref null
    this.topicCounts = new Map(); // topic prefix -> topics allocated so far
    this.openCallbacks = [];
    this.closeCallbacks = [];
    this.attempt = 0;
    this.heartbeat = null;
    this.heartbeatRef = null;
    this.reconnectTimer = null;
    this.stopped = false;
  }

  get connected() {
    return this.ws !== null && this.ws.readyState === this.WebSocket.OPEN;
  }

  /**
   * A channel on a topic of its own: `prefix` followed by 1, 2, ... in the order asked
   * ("lv:1", "lv:2"). See channel.js for `options`.
   */
  channel(prefix, options = {}) {
    const n = (this.topicCounts.get(prefix) || 0) + 1;
    this.topicCounts.set(prefix, n);
    return new Channel(this, `${prefix}${n}`, options);
  }

  /** Call `callback` after every (re)connection: joins are (re)made there. */
  onOpen(callback) {
    this.openCallbacks.push(callback);
  }

  /** Call `callback` whenever the connection is lost (before the reconnection is scheduled). */
  onClose(callback) {
    this.closeCallbacks.push(callback);
  }

  /** Route the server-initiated frames of `topic` to `callback(event, payload)`. */
  subscribe(topic, callback) {
    this.topics.set(topic, callback);
  }

  unsubscribe(topic) {
    this.topics.delete(topic);
  }

  connect() {
    this.stopped = false;
    const ws = new this.WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => this.opened();
    ws.onmessage = (message) => this.received(message.data);
    ws.onclose = (event) => this.closed(ws, event);
  }

  /** Close for good: no reconnection. */
  disconnect() {
    this.stopped = true;
    this.timers.clearTimeout(this.reconnectTimer);
    if (this.ws) this.ws.close();
  }

  /**
   * Send a request and resolve with the reply `{event, payload}` (`ok` or `error`). Reject with
   * a TransportError: `disconnected` when the socket is not connected or closes before the
   * reply, `timeout` when `timeout` ms pass without one (the reply is then ignored).
   */
  request(topic, event, payload, { timeout = null } = {}) {
    if (!this.connected) {
      return Promise.reject(new TransportError(ERROR_DISCONNECTED, "not connected"));
    }
    this.ref += 1;
    const ref = this.ref;
    const reply = new Promise((resolve, reject) => {
      const timer = timeout === null ? null : this.timers.setTimeout(() => this.expired(ref, timeout), timeout);
      this.replies.set(ref, { resolve, reject, timer });
    });
    this.ws.send(encodeFrame(ref, topic, event, payload));
    return reply;
  }

  expired(ref, timeout) {
    const pending = this.replies.get(ref);
    if (!pending) return;
    this.replies.delete(ref);
    pending.reject(new TransportError(ERROR_TIMEOUT, `no reply within ${timeout} ms`));
  }

  opened() {
    this.attempt = 0;
    this.heartbeat = this.timers.setInterval(() => this.beat(), HEARTBEAT_MS);
    for (const callback of this.openCallbacks) callback();
    this.target.dispatchEvent(new CustomEvent(DOM_CONNECTED));
  }

  // A heartbeat still unanswered when the next one is due means the connection is dead even
  // if the browser has not noticed: close it so that the reconnection starts.
  beat() {
    if (this.heartbeatRef !== null) {
      this.ws.close();
      return;
    }
    const sent = this.request(SOCKET_TOPIC, EVENT_HEARTBEAT, {});
    this.heartbeatRef = this.ref;
    sent.then(
      () => (this.heartbeatRef = null),
      () => (this.heartbeatRef = null),
    );
  }

  received(text) {
    const frame = decodeFrame(text);
    if (frame === null) {
      console.warn("djwire: dropped a frame that is not a 4-item array", text);
      return;
    }
    const { ref, topic, event, payload } = frame;
    if (ref !== null) {
      const pending = this.replies.get(ref);
      if (pending) {
        this.replies.delete(ref);
        this.timers.clearTimeout(pending.timer);
        pending.resolve({ event, payload });
      }
      return;
    }
    const callback = this.topics.get(topic);
    if (callback) {
      callback(event, payload);
    } else if (event === EVENT_ERROR) {
      console.warn(`djwire: ${payload[PAYLOAD_CODE]}: ${payload[PAYLOAD_REASON]}`);
      this.target.dispatchEvent(new CustomEvent(DOM_ERROR, { detail: payload }));
    }
  }

  closed(ws, event) {
    if (ws !== this.ws) return;
    const wasOpen = this.heartbeat !== null;
    this.timers.clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.heartbeatRef = null;
    this.ws = null;
    const why = event && event.code ? ` (close code ${event.code})` : "";
    const error = new TransportError(ERROR_DISCONNECTED, `the connection closed before the reply${why}`);
    for (const pending of this.replies.values()) {
      this.timers.clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.replies.clear();
    for (const callback of this.closeCallbacks) callback();
    if (wasOpen) this.target.dispatchEvent(new CustomEvent(DOM_DISCONNECTED));
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.random);
    this.attempt += 1;
    this.reconnectTimer = this.timers.setTimeout(() => this.connect(), delay);
  }
}
