// The djwire:* DOM events a page can listen to (docs/protocol.md, end of "Bindings").

export const DOM_EVENT_PREFIX = "djwire:";
export const DOM_CONNECTED = "djwire:connected";
export const DOM_DISCONNECTED = "djwire:disconnected";
export const DOM_JOINED = "djwire:joined";
export const DOM_ERROR = "djwire:error";
