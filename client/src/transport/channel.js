// A channel: one topic of the socket that its user joins, then talks to. It re-joins after
// every reconnection, turns `push` into a request whose Promise settles with the reply, and
// keeps the pushes made while it is not joined (bounded) to send them, in order, right after
// the next join. A push in flight when the connection drops is rejected with `disconnected`,
// never sent again: the server may or may not have run it.

import { TransportError } from "./errors.js";
import {
  ERROR_DISCONNECTED,
  ERROR_OVERLOADED,
  EVENT_JOIN,
  EVENT_LEAVE,
  EVENT_OK,
  PAYLOAD_PROTOCOL,
  PROTOCOL_VERSION,
} from "./protocol.js";

/** Pushes kept while not joined; past that the user is clicking at a page that cannot answer. */
export const MAX_BUFFERED = 50;
/** A join refused as `overloaded` (every handler thread of the server taken) is tried again
 * after this many ms, and a random share of as many again so that pages do not come back at once. */
export const OVERLOADED_RETRY_MS = 1000;

export const CLOSED = "closed";
export const JOINING = "joining";
export const JOINED = "joined";
export const LEAVING = "leaving";

export class Channel {
  /**
   * `options`: `params()` builds the join payload (called for every join, so a re-join sends
   * what the user holds then), `bufferSize` (default MAX_BUFFERED), `timeout` (ms, default none:
   * a push waits for its reply or the disconnection; the heartbeat finds dead connections).
   */
  constructor(socket, topic, { params = () => ({}), bufferSize = MAX_BUFFERED, timeout = null } = {}) {
    this.socket = socket;
    this.topic = topic;
    this.params = params;
    this.bufferSize = bufferSize;
    this.timeout = timeout;
    this.state = CLOSED;
    this.wanted = false; // join() was called, leave() was not
    this.left = false;
    this.buffer = [];
    this.handlers = new Map(); // event -> [callback(payload)]
    this.joinCallbacks = [];
    this.joinErrorCallbacks = [];
    this.waiters = []; // [resolve, reject] of join() promises
    // Every join or leave bumps it: a reply that arrives after a newer one was sent is stale.
    this.attempt = 0;
    socket.subscribe(topic, (event, payload) => this.received(event, payload));
    socket.onOpen(() => this.wanted && this.sendJoin());
    socket.onClose(() => this.socketClosed());
  }

  get joined() {
    return this.state === JOINED;
  }

  /** Call `callback(payload)` for every server-initiated frame `event` of this topic. */
  on(event, callback) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(callback);
  }

  /** Call `callback(reply)` with the `ok` payload of every join, before the buffer is sent. */
  onJoin(callback) {
    this.joinCallbacks.push(callback);
  }

  /** Call `callback(error)` (a TransportError) when the server refuses a join. */
  onJoinError(callback) {
    this.joinErrorCallbacks.push(callback);
  }

  /**
   * Join now if the socket is connected, and again after every reconnection. Resolves with the
   * `ok` payload of the next join; rejects with a TransportError if the server refuses it.
   */
  join() {
    this.wanted = true;
    this.left = false;
    const joined = new Promise((resolve, reject) => this.waiters.push([resolve, reject]));
    // A user that follows the joins with onJoin/onJoinError need not await this promise.
    joined.catch(() => {});
    if (this.state === CLOSED && this.socket.connected) this.sendJoin();
    return joined;
  }

  /** Leave and join again (the user's state disagrees with the server's). */
  async rejoin() {
    if (this.state !== JOINED) return; // a join is under way, or comes with the reconnection
    this.state = LEAVING;
    const attempt = ++this.attempt;
    try {
      await this.socket.request(this.topic, EVENT_LEAVE, {});
    } catch {
      return; // disconnected: the reconnection joins again
    }
    if (attempt === this.attempt && this.wanted) await this.sendJoin();
  }

  /** Leave for good: no more re-joins; pushes still waiting are rejected. */
  async leave() {
    const wasJoined = this.state === JOINED;
    this.wanted = false;
    this.left = true;
    this.state = CLOSED;
    this.attempt += 1;
    this.rejectBuffer(new TransportError(ERROR_DISCONNECTED, "the channel was left"));
    this.socket.unsubscribe(this.topic);
    if (wasJoined) await this.socket.request(this.topic, EVENT_LEAVE, {}).catch(() => {});
  }

  /**
   * Send `event` with `payload` and resolve with the `ok` reply's payload. Rejects with a
   * TransportError: the server's code for an `error` reply, `disconnected` when the connection
   * dropped before the reply (or the buffer is full), `timeout` after `timeout` ms.
   * `sent()` is called when the frame leaves: at once, or after the join for a buffered push.
   */
  push(event, payload, { timeout = this.timeout, sent = null } = {}) {
    return new Promise((resolve, reject) => {
      const entry = { event, payload, timeout, sent, resolve, reject };
      if (this.left) {
        reject(new TransportError(ERROR_DISCONNECTED, "the channel was left"));
      } else if (this.state === JOINED) {
        this.send(entry);
      } else if (this.buffer.length >= this.bufferSize) {
        const reason = `not joined, and ${this.bufferSize} pushes already wait for the join`;
        reject(new TransportError(ERROR_DISCONNECTED, reason));
      } else {
        this.buffer.push(entry);
      }
    });
  }

  send({ event, payload, timeout, sent, resolve, reject }) {
    if (sent) sent();
    this.socket.request(this.topic, event, payload, { timeout }).then((reply) => {
      if (reply.event === EVENT_OK) resolve(reply.payload);
      else reject(TransportError.fromPayload(reply.payload));
    }, reject);
  }

  async sendJoin() {
    const attempt = ++this.attempt;
    this.state = JOINING;
    const payload = { ...this.params(), [PAYLOAD_PROTOCOL]: PROTOCOL_VERSION };
    let reply;
    try {
      reply = await this.socket.request(this.topic, EVENT_JOIN, payload);
    } catch {
      return; // disconnected: the reconnection joins again
    }
    if (attempt !== this.attempt) return;
    if (reply.event !== EVENT_OK && reply.payload.code === ERROR_OVERLOADED) {
      // Not run: the server had no thread for it. Still joining, pushes still buffered.
      const delay = OVERLOADED_RETRY_MS * (1 + this.socket.random());
      this.socket.timers.setTimeout(() => {
        if (attempt === this.attempt && this.wanted && this.socket.connected) this.sendJoin();
      }, delay);
      return;
    }
    if (reply.event !== EVENT_OK) {
      this.state = CLOSED;
      this.refused(TransportError.fromPayload(reply.payload));
      return;
    }
    // Pushes made by the callbacks (a hook mounted by the render) queue behind the older ones.
    for (const callback of this.joinCallbacks) callback(reply.payload);
    this.state = JOINED;
    for (const [resolve] of this.waiters.splice(0)) resolve(reply.payload);
    while (this.state === JOINED && this.buffer.length > 0) this.send(this.buffer.shift());
  }

  // Pushes waiting for this join cannot go out: nothing tells when a join would succeed.
  refused(error) {
    this.rejectBuffer(error);
    for (const [, reject] of this.waiters.splice(0)) reject(error);
    for (const callback of this.joinErrorCallbacks) callback(error);
  }

  rejectBuffer(error) {
    for (const { reject } of this.buffer.splice(0)) reject(error);
  }

  socketClosed() {
    this.state = CLOSED;
  }

  received(event, payload) {
    for (const callback of this.handlers.get(event) || []) callback(payload);
  }
}
