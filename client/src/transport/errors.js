// Why a request failed, as the page's code can test it: a `code` (an error code of
// transport/protocol.js: the server's, or `disconnected` / `timeout` decided here) and a
// human `reason`; in DEBUG, the `exception` type of a crash. Code decides; the reason is only
// ever shown.

import { PAYLOAD_CODE, PAYLOAD_EXCEPTION, PAYLOAD_REASON } from "./protocol.js";

export class TransportError extends Error {
  constructor(code, reason, exception = undefined) {
    super(`djwire: ${code}: ${reason}`);
    this.name = "TransportError";
    this.code = code;
    this.reason = reason;
    this.exception = exception;
  }

  /**
   * The error of an `error` frame's payload `{code, reason, exception?}`; the whole payload
   * is kept as `payload`, for what a capability adds to it (a write's per-field `errors`).
   */
  static fromPayload(payload) {
    const error = new TransportError(payload[PAYLOAD_CODE], payload[PAYLOAD_REASON], payload[PAYLOAD_EXCEPTION]);
    error.payload = payload;
    return error;
  }

  /** As a DOM event's detail, with `extra` (e.g. the event name); `exception` when known. */
  detail(extra = {}) {
    const detail = { [PAYLOAD_CODE]: this.code, [PAYLOAD_REASON]: this.reason, ...extra };
    if (this.exception !== undefined) detail[PAYLOAD_EXCEPTION] = this.exception;
    return detail;
  }
}
