// The page's one WebSocket: 4-item frames, request refs and their replies, heartbeat, and
// reconnection with exponential backoff. It knows topics only as strings; joins live in view.js.

import {
  DOM_CONNECTED,
  DOM_DISCONNECTED,
  DOM_ERROR,
  EVENT_ERROR,
  EVENT_HEARTBEAT,
  PAYLOAD_CODE,
  PAYLOAD_REASON,
  SOCKET_TOPIC,
} from "./constants.js";

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

export function encodeFrame(ref, topic, event, payload) {
  return JSON.stringify([ref, topic, event, payload]);
}

/** The frame as `{ref, topic, event, payload}`, or null when it is not a 4-item array. */
export function decodeFrame(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(frame) || frame.length !== 4) return null;
  const [ref, topic, event, payload] = frame;
  return { ref, topic, event, payload };
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
    this.replies = new Map(); // ref -> {resolve, reject}
    this.topics = new Map(); // topic -> callback(event, payload) for frames with ref null
    this.openCallbacks = [];
    this.attempt = 0;
    this.heartbeat = null;
    this.heartbeatRef = null;
    this.reconnectTimer = null;
    this.stopped = false;
  }

  get connected() {
    return this.ws !== null && this.ws.readyState === this.WebSocket.OPEN;
  }

  /** Call `callback` after every (re)connection: joins are (re)made there. */
  onOpen(callback) {
    this.openCallbacks.push(callback);
  }

  /** Route the server-initiated frames of `topic` to `callback(event, payload)`. */
  subscribe(topic, callback) {
    this.topics.set(topic, callback);
  }

  connect() {
    this.stopped = false;
    const ws = new this.WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => this.opened();
    ws.onmessage = (message) => this.received(message.data);
    ws.onclose = () => this.closed(ws);
  }

  /** Close for good: no reconnection. */
  disconnect() {
    this.stopped = true;
    this.timers.clearTimeout(this.reconnectTimer);
    if (this.ws) this.ws.close();
  }

  /**
   * Send a request and resolve with the reply `{event, payload}` (`ok` or `error`); reject when
   * the socket is not connected or closes before the reply.
   */
  request(topic, event, payload) {
    if (!this.connected) return Promise.reject(new Error("djwire: not connected"));
    this.ref += 1;
    const ref = this.ref;
    const reply = new Promise((resolve, reject) => this.replies.set(ref, { resolve, reject }));
    this.ws.send(encodeFrame(ref, topic, event, payload));
    return reply;
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

  closed(ws) {
    if (ws !== this.ws) return;
    const wasOpen = this.heartbeat !== null;
    this.timers.clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.heartbeatRef = null;
    this.ws = null;
    const error = new Error("djwire: disconnected");
    for (const pending of this.replies.values()) pending.reject(error);
    this.replies.clear();
    if (wasOpen) this.target.dispatchEvent(new CustomEvent(DOM_DISCONNECTED));
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.random);
    this.attempt += 1;
    this.reconnectTimer = this.timers.setTimeout(() => this.connect(), delay);
  }
}
