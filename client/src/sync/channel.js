// A model-state channel as the page holds it: a `sync:` channel of the page's one socket,
// joined with the token the page's view signed, or by the channel's name and URL kwargs (a
// front end no Django view served; has_permission is then the server's only gate). It keeps the state (state.js), re-joins with
// its watermark after a reconnection (the server sends what changed since, or a reset), and
// turns `call(action, ...args)` and the writes `save` / `create` / `delete` into Promises that
// always settle: with the result, or rejected on an error reply, a timeout or a dropped
// connection (RxDjango's hang forever). A write shows at once and is undone if refused.

import { DOM_ERROR, DOM_JOINED } from "../transport/dom-events.js";
import { TransportError } from "../transport/errors.js";
import {
  ERROR_DISCONNECTED,
  ERROR_TIMEOUT,
  EVENT_ERROR,
  PAYLOAD_NEW_TOKEN,
  PAYLOAD_TOKEN,
} from "../transport/protocol.js";
import { RELOAD_CODES, reloadAtMostOnce } from "../transport/reload.js";
import { DOM_SYNC_NOTIFICATION, DOM_SYNC_RUNTIME, DOM_SYNC_STATE } from "./dom-events.js";
import {
  EVENT_ANCHORS,
  EVENT_CALL,
  EVENT_CREATE,
  EVENT_DELETE,
  EVENT_INSTANCES,
  EVENT_NOTIFICATION,
  EVENT_RUNTIME,
  EVENT_SAVE,
  PAYLOAD_ACTION,
  PAYLOAD_ANCHORS,
  PAYLOAD_ARGS,
  PAYLOAD_AUTH,
  PAYLOAD_CHANNEL,
  PAYLOAD_DATA,
  PAYLOAD_ERRORS,
  PAYLOAD_ID,
  PAYLOAD_KWARGS,
  PAYLOAD_RESET,
  PAYLOAD_RESULT,
  PAYLOAD_PARENT,
  PAYLOAD_SHAPE,
  PAYLOAD_TYPE,
  PAYLOAD_VALUE,
  PAYLOAD_VAR,
  PAYLOAD_WATERMARK,
  SYNC_TOPIC_PREFIX,
} from "./protocol.js";
import { SyncState } from "./state.js";

// An action whose reply has not come by then is rejected with `timeout`. Actions are the
// user's code and may query; a page that knows better passes `timeout`.
export const CALL_TIMEOUT_MS = 30000;


const noop = () => {};

export class SyncChannel {
  /**
   * Join the channel of `token` on `socket` (a signed token, or `{channel, kwargs}`: the
   * channel's registered name and its URL kwargs). `options`: `onState(state, channel)`,
   * `onRuntime(runtime, name, value)`, `onNotification(data)`, `onError(error)` (a
   * TransportError: a refused join, or an error frame of the channel); `auth` (a credential
   * for DJWIRE["sync_authenticator"]: a DRF token, a JWT); `target` (where the djwire:*
   * events go, the document by default); `timeout` (ms, of every call and write);
   * `optimistic` (false: a write shows only once the server sends it); `reload` (tests).
   */
  constructor(socket, token, options = {}) {
    this.token = token;
    this.auth = options.auth;
    this.onState = options.onState || noop;
    this.onRuntime = options.onRuntime || noop;
    this.onNotification = options.onNotification || noop;
    this.onError = options.onError || noop;
    this.target = options.target || globalThis.document;
    this.timeout = options.timeout ?? CALL_TIMEOUT_MS;
    this.optimistic = options.optimistic ?? true;
    this.reload = options.reload || reloadAtMostOnce;
    this.timers = socket.timers;
    this.store = new SyncState();
    this.runtime = {};
    this.everJoined = false;
    // Whether the state came: the first `instances` frame is told to onState even when it
    // changes nothing (an empty channel), so a page can tell "empty" from "not yet".
    this.loaded = false;
    this.waiting = []; // calls made before the first join: sent once joined
    this.channel = socket.channel(SYNC_TOPIC_PREFIX, { params: () => this.joinPayload() });
    this.topic = this.channel.topic;
    this.channel.onJoin((reply) => this.joined(reply));
    this.channel.onJoinError((error) => this.refused(error));
    this.channel.on(EVENT_INSTANCES, (payload) => this.instances(payload));
    this.channel.on(EVENT_ANCHORS, (payload) => {
      if (this.store.setAnchors(payload[PAYLOAD_ANCHORS] || [])) this.stateChanged(false);
    });
    this.channel.on(EVENT_RUNTIME, (payload) => this.runtimeVar(payload[PAYLOAD_VAR], payload[PAYLOAD_VALUE]));
    this.channel.on(EVENT_NOTIFICATION, (payload) => this.notification(payload[PAYLOAD_DATA]));
    this.channel.on(EVENT_ERROR, (payload) => this.failed(TransportError.fromPayload(payload)));
    socket.onClose(() => this.rejectWaiting("the connection dropped before the channel was joined"));
    this.channel.join();
  }

  /** The state as the serializer nests it (a list for a many=True channel); null before. */
  get state() {
    return this.store.build();
  }

  /** One row of the state, nested as the serializer nests it; null when it is not held. */
  instance(type, id) {
    return this.store.instance(type, id);
  }

  /** The newest version held (null before the state): what a re-join sends. */
  get watermark() {
    return this.store.watermark;
  }

  /**
   * Call the channel's `@action` `name` with positional `args`; resolves with its result.
   * Rejects with a TransportError: the server's code (`unknown_handler`, `bad_params`,
   * `handler_error`, ...), `timeout`, or `disconnected` when the connection is not there or
   * drops before the reply (the action may or may not have run: the page decides).
   */
  call(name, ...args) {
    return this.callWith(name, args, {});
  }

  /** `call` with keyword arguments too: `callWith("rename", [], {name: "New"})`. */
  callWith(name, args = [], kwargs = {}, { timeout = this.timeout } = {}) {
    const payload = { [PAYLOAD_ACTION]: name, [PAYLOAD_ARGS]: args, [PAYLOAD_KWARGS]: kwargs };
    const what = `action ${JSON.stringify(name)}`;
    return this.request(EVENT_CALL, payload, timeout, what).then((reply) => reply[PAYLOAD_RESULT]);
  }

  /**
   * Save `data` (some fields) into the row `id` of the writable serializer `instanceType`
   * (`"app.serializers.TaskSerializer"`, the state's `_instance_type`); resolves with the id.
   * The state shows the data at once; a refused save is undone (the row is again exactly
   * what the server sent). Rejects as `call` does, and with `bad_params` whose `errors` are
   * the serializer's, per field. `options`: `timeout`, `optimistic` (false: wait).
   */
  save(instanceType, id, data, options = {}) {
    const payload = { [PAYLOAD_TYPE]: instanceType, [PAYLOAD_ID]: id, [PAYLOAD_DATA]: data };
    return this.write(EVENT_SAVE, payload, { op: EVENT_SAVE, type: instanceType, id, data }, options);
  }

  /**
   * Create a row of `instanceType` under the parent row `parentId` (the row whose list holds
   * it); resolves with the new row's id. Shown at once (with a negative id) when the state
   * has one list of `instanceType`; dropped if refused.
   */
  create(instanceType, parentId, data = {}, options = {}) {
    const payload = { [PAYLOAD_TYPE]: instanceType, [PAYLOAD_PARENT]: parentId, [PAYLOAD_DATA]: data };
    const under = this.store.createdUnder(instanceType);
    const shown = under && { op: EVENT_CREATE, type: instanceType, data, parent: { ...under, id: parentId } };
    return this.write(EVENT_CREATE, payload, shown, options);
  }

  /** Delete the row `id` of `instanceType`; resolves once done. Hidden at once; back if refused. */
  delete(instanceType, id, options = {}) {
    const payload = { [PAYLOAD_TYPE]: instanceType, [PAYLOAD_ID]: id };
    return this.write(EVENT_DELETE, payload, { op: EVENT_DELETE, type: instanceType, id }, options).then(() => undefined);
  }

  write(event, payload, shown, { timeout = this.timeout, optimistic = this.optimistic } = {}) {
    const what = `${event} of ${payload[PAYLOAD_TYPE]}`;
    const held = shown && optimistic ? this.store.hold(shown) : null; // null: not shown
    if (held !== null) this.stateChanged(false);
    return this.request(event, payload, timeout, what).then(
      (reply) => {
        if (held !== null) this.store.pending.confirm(held);
        return reply[PAYLOAD_ID];
      },
      (error) => {
        if (held !== null && this.store.pending.drop(held)) this.stateChanged(false);
        const errors = error.payload && error.payload[PAYLOAD_ERRORS];
        if (errors) error.errors = errors;
        throw error;
      },
    );
  }

  // Send `event` once joined; a Promise of its `ok` reply's payload.
  request(event, payload, timeout, what) {
    if (this.channel.joined) return this.channel.push(event, payload, { timeout });
    if (this.everJoined || this.channel.left) {
      // A reconnection is under way: nothing says when (or whether) it ends.
      return Promise.reject(new TransportError(ERROR_DISCONNECTED, `${what}: not connected`));
    }
    return new Promise((resolve, reject) => {
      const entry = { event, payload, timeout, resolve, reject, timer: null };
      entry.timer = this.timers.setTimeout(() => {
        this.waiting = this.waiting.filter((e) => e !== entry);
        reject(new TransportError(ERROR_TIMEOUT, `${what}: the channel was not joined within ${timeout} ms`));
      }, timeout);
      this.waiting.push(entry);
    });
  }

  /** Leave the channel for good; calls still waiting are rejected. */
  leave() {
    this.rejectWaiting("the channel was left");
    return this.channel.leave();
  }

  joinPayload() {
    const payload =
      typeof this.token === "string"
        ? { [PAYLOAD_TOKEN]: this.token }
        : { [PAYLOAD_CHANNEL]: this.token.channel, [PAYLOAD_KWARGS]: this.token.kwargs || {} };
    const watermark = this.store.watermark;
    if (watermark !== null) payload[PAYLOAD_WATERMARK] = watermark;
    if (this.auth !== undefined) payload[PAYLOAD_AUTH] = this.auth;
    return payload;
  }

  joined(reply) {
    if (reply && reply[PAYLOAD_NEW_TOKEN]) this.token = reply[PAYLOAD_NEW_TOKEN];
    const hadShape = this.store.shape !== null;
    if (reply && reply[PAYLOAD_SHAPE]) this.store.shape = reply[PAYLOAD_SHAPE];
    this.everJoined = true;
    // Layers that came before the reply was read could not be built yet: tell the page now.
    if (!hadShape && this.store.layers.size > 0) this.stateChanged(true);
    this.dispatch(DOM_JOINED, { topic: this.topic });
    // The channel is JOINED only after the join callbacks: send on the next turn.
    const waiting = this.waiting.splice(0);
    Promise.resolve().then(() => {
      for (const entry of waiting) {
        this.timers.clearTimeout(entry.timer);
        this.channel.push(entry.event, entry.payload, { timeout: entry.timeout }).then(entry.resolve, entry.reject);
      }
    });
  }

  instances(payload) {
    const first = !this.loaded;
    this.loaded = true;
    if (this.store.apply(payload) || first) this.stateChanged(Boolean(payload[PAYLOAD_RESET]));
  }

  stateChanged(reset) {
    const state = this.state;
    this.onState(state, this);
    this.dispatch(DOM_SYNC_STATE, { topic: this.topic, state, reset });
  }

  runtimeVar(name, value) {
    this.runtime[name] = value;
    this.onRuntime(this.runtime, name, value);
    this.dispatch(DOM_SYNC_RUNTIME, { topic: this.topic, var: name, value, runtime: this.runtime });
  }

  notification(data) {
    this.onNotification(data);
    this.dispatch(DOM_SYNC_NOTIFICATION, { topic: this.topic, data });
  }

  refused(error) {
    this.rejectWaiting(null, error);
    this.failed(error);
    if (RELOAD_CODES.has(error.code)) this.reload();
  }

  /** Tell the page: onError, and djwire:error on the target, detail {code, reason, topic}. */
  failed(error) {
    console.warn(`djwire: ${this.topic}: ${error.code}: ${error.reason}`);
    this.onError(error);
    this.dispatch(DOM_ERROR, error.detail({ topic: this.topic }));
  }

  rejectWaiting(reason, error = new TransportError(ERROR_DISCONNECTED, reason)) {
    for (const entry of this.waiting.splice(0)) {
      this.timers.clearTimeout(entry.timer);
      entry.reject(error);
    }
  }

  dispatch(name, detail) {
    if (this.target) this.target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
  }
}
