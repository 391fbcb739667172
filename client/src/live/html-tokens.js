// The small HTML tokenizer the client's read-back shares (skeleton-text.js, block-shape.js):
// only as exact as reading values back needs, and checked against the page's DOM after.

export const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]);
export const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
// One token per match: a start or end tag (its name, then its attributes, quotes kept whole),
// a comment, or a doctype / processing instruction. A "<" that opens none of them is text.
export const TOKEN = /<(?:(\/)?([a-zA-Z][^\t\n\f\r />]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|!--[\s\S]*?-->|[!?][^>]*>)/g;
export const ATTRIBUTE = /([^\t\n\f\r />][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?/g;
// Text in which a "<" would open markup: where TOKEN found no token, a tag left open.
export const MARKUP_START = /<[a-zA-Z!?/]/;

// Django's escape(): a value read from the DOM is its output (the server sends any other).
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const SPECIAL = /[&<>"']/;
export function escapeHTML(text) {
  // Most values need none: testing first spares the replace its work.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]) : text;
}
