// Why a request failed, as the page's code can test it: a `code` (an error code of
// transport/protocol.js: the server's, or `disconnected` / `timeout` decided here) and a
// human `reason`. Code decides; the reason is only ever shown.

import { PAYLOAD_CODE, PAYLOAD_REASON } from "./protocol.js";

export class TransportError extends Error {
  constructor(code, reason) {
    super(`djwire: ${code}: ${reason}`);
    this.name = "TransportError";
    this.code = code;
    this.reason = reason;
  }

  /** The error of an `error` frame's payload `{code, reason}`. */
  static fromPayload(payload) {
    return new TransportError(payload[PAYLOAD_CODE], payload[PAYLOAD_REASON]);
  }

  /** As a DOM event's detail, with `extra` (e.g. the event name). */
  detail(extra = {}) {
    return { [PAYLOAD_CODE]: this.code, [PAYLOAD_REASON]: this.reason, ...extra };
  }
}
