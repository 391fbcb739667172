// The djwire:* DOM events a page can listen to (docs/protocol.md, end of "Bindings").

export const DOM_EVENT_PREFIX = "djwire:";
export const DOM_CONNECTED = "djwire:connected";
export const DOM_DISCONNECTED = "djwire:disconnected";
export const DOM_JOINED = "djwire:joined";
export const DOM_ERROR = "djwire:error";
export const DOM_RESYNC = "djwire:resync";

// Dispatched (bubbling) on content put into the page: by the html.* signals, and on a LiveView's
// root after each patch, so that bindings and page scripts attach to new elements. The first is
// df_websockets' name, which ported scripts listen to; the second follows the djwire:* names.
export const EVENT_CONTENT_ADDED = "DOMContentAdded";
export const DOM_CONTENT_ADDED = "djwire:content-added";

/** Tell the page that `el` holds new content. */
export function announceContent(el) {
  el.dispatchEvent(new CustomEvent(EVENT_CONTENT_ADDED, { bubbles: true }));
  el.dispatchEvent(new CustomEvent(DOM_CONTENT_ADDED, { bubbles: true }));
}
