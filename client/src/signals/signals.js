// The page's signals: the handler registry (with the html.* built-ins), the window when the
// page is one, and the dedupe of server signals. What window.djwire.signals and
// window.DFSignals expose.

import { DOM_ERROR } from "../transport/dom-events.js";
import { TransportError } from "../transport/errors.js";
import { ERROR_DISCONNECTED } from "../transport/protocol.js";
import { connectBuiltins, isBuiltin } from "./html.js";
import { PAYLOAD_OPTS, PAYLOAD_SIGNAL, PAYLOAD_SIGNAL_ID } from "./protocol.js";
import { RecentIds } from "./recent.js";
import { Registry } from "./registry.js";
import { Window } from "./window.js";

export const NOT_A_WINDOW =
  "this page is not a signals window: call set_websocket_topics(request) in its view";

export class Signals {
  constructor(document) {
    this.document = document;
    this.registry = new Registry();
    connectBuiltins(this.registry, document);
    this.recent = new RecentIds();
    this.window = null;
  }

  /** Join the page's window with `token` on `socket` (once the page's token is known). */
  open(socket, token, options = {}) {
    this.window = new Window(socket, token, {
      received: (payload) => this.received(payload),
      target: this.document,
      ...options,
    });
    return this.window;
  }

  /** Call `fn(opts, signalId)` for every signal `name`, local or from the server. */
  connect(name, fn) {
    this.registry.connect(name, fn);
  }

  /**
   * Run the local handlers of `name`; then, unless it is a built-in html.* signal, send it to
   * the server. Resolves once the server accepted the call (at once for a built-in); rejects
   * with a TransportError (`code`: unknown_handler, forbidden, bad_params, disconnected,
   * timeout). `signalId` (df_websockets' third argument) marks a signal as the server's: it is
   * run locally at most once per id and never sent.
   */
  call(name, opts = {}, signalId = undefined) {
    opts = opts ?? {};
    // The third argument is df_websockets' signal id, or djwire's options ({countdown}).
    const options = signalId !== null && typeof signalId === "object" ? signalId : {};
    if (signalId === options) signalId = undefined;
    if (signalId !== undefined) {
      this.received({ [PAYLOAD_SIGNAL]: name, [PAYLOAD_OPTS]: opts, [PAYLOAD_SIGNAL_ID]: signalId });
      return Promise.resolve({});
    }
    this.registry.run(name, opts, undefined);
    if (isBuiltin(name)) return Promise.resolve({});
    if (this.window === null) return Promise.reject(new TransportError(ERROR_DISCONNECTED, NOT_A_WINDOW));
    return this.window.call(name, opts, options);
  }

  /** A `signal` frame: its handlers run, unless its id was seen lately. */
  received(payload) {
    const { [PAYLOAD_SIGNAL]: name, [PAYLOAD_OPTS]: opts, [PAYLOAD_SIGNAL_ID]: id } = payload;
    if (id !== undefined && id !== null && !this.recent.add(id)) return;
    this.registry.run(name, opts || {}, id);
  }

  /** A binding's call: its failure is reported on the element (djwire:error, bubbling). */
  callFrom(el, name, opts) {
    this.call(name, opts).catch((error) => {
      if (!(error instanceof TransportError)) throw error;
      console.warn(`djwire: signal ${JSON.stringify(name)}: ${error.code}: ${error.reason}`);
      el.dispatchEvent(new CustomEvent(DOM_ERROR, { bubbles: true, detail: error.detail({ signal: name }) }));
    });
  }
}
