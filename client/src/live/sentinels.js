// The sentinels that stand for the values the client reads back from the page (page.js), and
// how a value is taken from the page's text around one.

export const OPEN = "\uE000";
export const CLOSE = "\uE001";

/** The page is not what the skeleton spells (the caller then finds out another way). */
export class Mismatch extends Error {}

/** The sentinel of value number `n`. */
export const sentinel = (n) => `${OPEN}${n}${CLOSE}`;

/**
 * `spelled` is static text (as the DOM holds it) with at most one sentinel, `actual` the page's
 * text there: `found[n]` is what the page has where sentinel `n` stands. Throws if the page's
 * text is not the statics around a value.
 */
export function match(spelled, actual, found) {
  if (actual === null) throw new Mismatch("an attribute is missing");
  const at = spelled.indexOf(OPEN);
  if (at < 0) {
    if (spelled !== actual) throw new Mismatch(`the page has ${JSON.stringify(actual)}`);
    return;
  }
  const close = spelled.indexOf(CLOSE, at);
  const suffix = spelled.slice(close + 1);
  if (suffix.includes(OPEN)) throw new Mismatch("two values in one text");
  const prefix = spelled.slice(0, at);
  if (!actual.startsWith(prefix) || !actual.endsWith(suffix) || actual.length < prefix.length + suffix.length) {
    throw new Mismatch(`the page has ${JSON.stringify(actual)} for ${JSON.stringify(spelled)}`);
  }
  found[Number(spelled.slice(at + 1, close))] = actual.slice(prefix.length, actual.length - suffix.length);
}
