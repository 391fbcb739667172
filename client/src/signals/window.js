// A signals window: the page's client of a sig: channel. It joins with the window token the
// server rendered on the script tag (and renews it from every join reply), sends `call` frames,
// and hands the server's `signal` frames to `received`.

import { DOM_ERROR, DOM_JOINED } from "../transport/dom-events.js";
import { TransportError } from "../transport/errors.js";
import {
  EVENT_ERROR,
  PAYLOAD_NEW_TOKEN,
  PAYLOAD_TOKEN,
} from "../transport/protocol.js";
import { RELOAD_CODES, reloadAtMostOnce } from "../transport/reload.js";
import {
  EVENT_CALL,
  EVENT_SIGNAL,
  EVENT_TOKEN,
  PAYLOAD_COUNTDOWN,
  PAYLOAD_OPTS,
  PAYLOAD_SIGNAL,
  SIGNALS_TOPIC_PREFIX,
} from "./protocol.js";

// A call the server has not accepted by then is rejected with `timeout`. Accepting is quick:
// the server checks the call and queues it; the handler runs later, in a worker.
export const CALL_TIMEOUT_MS = 30000;


export class Window {
  /**
   * `received(payload)` gets every `signal` frame; `target` is where djwire:joined and
   * djwire:error are dispatched (the document); `reload` is for tests.
   */
  constructor(socket, token, { received, target, reload = reloadAtMostOnce }) {
    this.token = token;
    this.target = target;
    this.reload = reload;
    this.channel = socket.channel(SIGNALS_TOPIC_PREFIX, { params: () => ({ [PAYLOAD_TOKEN]: this.token }) });
    this.topic = this.channel.topic;
    this.channel.onJoin((reply) => this.joined(reply));
    this.channel.onJoinError((error) => this.refused(error));
    this.channel.on(EVENT_SIGNAL, received);
    // The window's topics changed on the server: re-join with them after a reconnect.
    this.channel.on(EVENT_TOKEN, (payload) => {
      if (payload[PAYLOAD_NEW_TOKEN]) this.token = payload[PAYLOAD_NEW_TOKEN];
    });
    this.channel.on(EVENT_ERROR, (payload) => this.failed(TransportError.fromPayload(payload)));
    this.channel.join();
  }

  /**
   * Send a call of server signal `name`; resolves once the server accepted it. Made before the
   * join (or during a reconnection), it waits in the channel and goes out after the join.
   */
  call(name, opts, { countdown } = {}) {
    const payload = { [PAYLOAD_SIGNAL]: name, [PAYLOAD_OPTS]: opts };
    if (countdown !== undefined) payload[PAYLOAD_COUNTDOWN] = countdown;
    return this.channel.push(EVENT_CALL, payload, { timeout: CALL_TIMEOUT_MS });
  }

  joined(reply) {
    if (reply && reply[PAYLOAD_NEW_TOKEN]) this.token = reply[PAYLOAD_NEW_TOKEN];
    this.target.dispatchEvent(new CustomEvent(DOM_JOINED, { detail: { topic: this.topic } }));
  }

  refused(error) {
    this.failed(error);
    if (RELOAD_CODES.has(error.code)) this.reload();
  }

  /** Tell the page: djwire:error on the document, detail {code, reason, topic, signal?}. */
  failed(error, signal = undefined) {
    const about = signal === undefined ? "" : ` (signal ${JSON.stringify(signal)})`;
    console.warn(`djwire: ${this.topic}: ${error.code}: ${error.reason}${about}`);
    const extra = signal === undefined ? { topic: this.topic } : { topic: this.topic, signal };
    this.target.dispatchEvent(new CustomEvent(DOM_ERROR, { detail: error.detail(extra) }));
  }
}
