// Where the values of a block stand in the HTML its statics spell, worked out once per block
// and per place the block is entered in (page-reader.js then walks the page with it). The
// statics are joined with one placeholder per part and tokenized as skeleton-text.js tokenizes
// a whole skeleton: the start tags of each static, in order (the page's elements, tag for tag),
// and for each value read from the DOM, the element text or the quoted attribute value it is
// alone in, with the static text around it (as the DOM holds it). What this cannot tell
// throws CannotTell: page.js then reads the page from a skeleton instead.

import { ATTRIBUTE, MARKUP_START, RAW_TEXT, TOKEN, VOID } from "./html-tokens.js";
import { BLOCK_PARTS, PART_READ, PART_STREAM, TREE_STATICS } from "./protocol.js";
import { Mismatch } from "./sentinels.js";

/** Where the page's values are is more than the shapes can tell (not: the page differs). */
export class CannotTell extends Mismatch {}

// Where a part stands. A value there must not match UNSAFE[place], or the markup around it
// is not what the statics spell; in text, markup is allowed and its start tags are counted.
export const IN_TEXT = 0;
export const IN_TAG = 1; // among a tag's attributes
export const IN_DOUBLE = 2; // in a "quoted" attribute value
export const IN_SINGLE = 3; // in a 'quoted' one
export const IN_UNQUOTED = 4;
export const IN_RAW = 5; // in the text of a <script>, <style>, <textarea>...
export const IN_COMMENT = 6; // in a comment or a doctype
export const UNSAFE = [MARKUP_START, /[<>"']/, /"/, /'/, /^$|[\t\n\f\r >"'<=\x60]/, /<\//, />/];

// What a part is, and the steps of a block's walk (Shape.steps): each part, and before, after
// and between them the page's next element (its local name in Shape.operands).
export const READ_TEXT = 0; // a value read from the DOM: the text of its element
export const READ_ATTRIBUTE = 1; // a value read from the DOM: an attribute of its element
export const VALUE = 2; // a value taken from the stream
export const BRANCH = 3;
export const LOOP = 4;
export const ELEMENT = 5;

const HOLE = "\uE002"; // where a part stands in the joined statics

/**
 * The shape of `block` (fingerprint `fingerprint`) entered at `place`; `decode(text)` turns
 * raw HTML text into the DOM's. Its element of a value read from the DOM is always the last
 * start tag before it: in text, the one whose end tag closes the text; in an attribute, the
 * tag it is in.
 */
export function shapeOf(fingerprint, block, place, decode) {
  const shape = new Shape(fingerprint, block, place);
  const statics = shape.statics;
  if (statics.some((text) => text.includes(HOLE))) throw new CannotTell();
  const text = statics.join(HOLE);
  if (place === IN_TEXT) {
    new TextScan(shape, text, decode).run();
  } else if (place === IN_TAG) {
    // Among the attributes of a tag of the block around: a tag its statics do not spell whole.
    if (/[<>]/.test(text) || shape.kinds.includes(PART_READ)) throw new CannotTell();
    shape.places.fill(IN_TAG);
    attributes(shape, text, 0, decode);
  } else {
    // In an attribute value, raw text, a comment: text the block may not end (nor, unquoted,
    // leave empty), with nothing to read in it.
    if (place === IN_UNQUOTED || UNSAFE[place].test(statics.join(""))) throw new CannotTell();
    shape.places.fill(place);
  }
  shape.types.forEach((type, i) => {
    if (shape.places[i] < 0) throw new CannotTell();
    if (type === READ_TEXT && shape.located[i] === undefined) throw new CannotTell();
  });
  shape.opens.forEach((names, i) => {
    for (const name of names) shape.step(ELEMENT, name);
    if (i < shape.types.length) shape.step(shape.types[i], i);
  });
  return shape;
}

class Shape {
  constructor(fingerprint, block, place) {
    this.fingerprint = fingerprint;
    this.statics = block[TREE_STATICS];
    this.kinds = block[BLOCK_PARTS];
    this.place = place;
    this.keys = this.kinds.map((_kind, i) => String(i)); // a fragment's keys
    this.types = this.kinds.map((kind) => {
      if (kind === PART_READ) return READ_TEXT; // READ_ATTRIBUTE once found in one
      if (kind === PART_STREAM) return VALUE;
      return Array.isArray(kind) ? BRANCH : LOOP;
    });
    this.opens = this.statics.map(() => []); // each static's start tags: their local names
    this.places = this.kinds.map(() => -1);
    this.located = []; // a value read from the DOM: its attribute's name, or "" (text)
    this.prefixes = []; // and the static text (as the DOM holds it) before it
    this.suffixes = []; // and after it
    this.nested = this.kinds.map(() => null); // the shapes of a part's blocks (the reader's)
    this.steps = [];
    this.operands = []; // of each step: its part, or an element's local name
  }

  step(step, operand) {
    this.steps.push(step);
    this.operands.push(operand);
  }

  locate(i, where, before, after, decode) {
    if (this.types[i] === VALUE || this.types[i] > READ_ATTRIBUTE) return;
    this.types[i] = where === "" ? READ_TEXT : READ_ATTRIBUTE;
    this.located[i] = where;
    this.prefixes[i] = domText(before, decode);
    this.suffixes[i] = domText(after, decode);
  }
}

function domText(text, decode) {
  return text.includes("&") || text.includes("\r") ? decode(text) : text;
}

// The parts that stand in text[start, end) (part i stands at the i-th HOLE).
function holesIn(text, start, end) {
  const found = [];
  for (let at = text.indexOf(HOLE, start); at >= 0 && at < end; at = text.indexOf(HOLE, at + 1)) {
    found.push(at);
  }
  return found;
}

class TextScan {
  constructor(shape, text, decode) {
    this.shape = shape;
    this.text = text;
    this.decode = decode;
    this.part = 0; // the parts before the text scanned so far: the static the scan is in
  }

  // Number the HOLEs at `offsets` (the next parts, in order) and give them `place`.
  take(offsets, place) {
    const first = this.part;
    for (let k = 0; k < offsets.length; k++) this.shape.places[first + k] = place;
    this.part += offsets.length;
    return first;
  }

  run() {
    const text = this.text;
    const token = new RegExp(TOKEN.source, "g");
    let textStart = 0;
    let before = null; // the start tag just before the text, when its element holds text
    for (let m = token.exec(text); m !== null; m = token.exec(text)) {
      this.between(textStart, m.index, before, m);
      let end = token.lastIndex;
      const name = m[2];
      before = null;
      if (name === undefined) {
        this.take(holesIn(text, m.index, end), IN_COMMENT);
      } else if (m[1] !== undefined) {
        this.take(holesIn(text, m.index, end), IN_TAG);
      } else {
        if (name.includes(HOLE)) throw new CannotTell();
        const lower = name.toLowerCase();
        this.shape.opens[this.part].push(lower);
        const source = m[3];
        const offsets = holesIn(text, m.index, end);
        if (offsets.length > 0) {
          const first = this.take(offsets, IN_TAG);
          attributes(this.shape, source, first, this.decode);
        }
        if (!VOID.has(lower)) before = lower;
        if (RAW_TEXT.has(lower) || lower === "plaintext") {
          // Raw text is not markup: on to its end tag, which this block must hold.
          const close = new RegExp(`</${lower}`, "ig");
          close.lastIndex = end;
          const found = lower === "plaintext" ? null : close.exec(text);
          if (found === null) throw new CannotTell();
          this.take(holesIn(text, end, found.index), IN_RAW);
          before = null;
          end = found.index;
          token.lastIndex = end;
        }
      }
      textStart = end;
    }
    this.between(textStart, text.length, before, null);
  }

  // The text between two tokens (`after`: the match of the one after it, null at the end).
  between(start, end, before, after) {
    if (start === end) return;
    const text = this.text;
    const segment = text.slice(start, end);
    if (MARKUP_START.test(segment)) throw new CannotTell(); // a tag this block leaves open
    const offsets = holesIn(text, start, end);
    if (offsets.length === 0) return;
    const first = this.take(offsets, IN_TEXT);
    // A value read from the DOM is the whole text of an element, statics around it.
    const closes = after !== null && after[1] !== undefined && after[2].toLowerCase() === before;
    if (offsets.length === 1 && before !== null && closes) {
      const at = offsets[0];
      this.shape.locate(first, "", text.slice(start, at), text.slice(at + 1, end), this.decode);
    }
  }
}

// The attributes of one tag (its text after the name, `source`; its parts are numbered from
// `first` on, in order): where each part stands, and the value read in a quoted one. A tag
// with a part outside quoted values may get attributes its statics do not spell: then none of
// its values is read from it.
function attributes(shape, source, first, decode) {
  const offsets = holesIn(source, 0, source.length);
  const names = [];
  const reads = [];
  let loose = false;
  const attribute = new RegExp(ATTRIBUTE.source, "g");
  for (const m of source.matchAll(attribute)) {
    const name = m[1];
    const value = m[2] ?? m[3] ?? m[4];
    if (/["']/.test(name) || (m[4] !== undefined && /["']/.test(m[4]))) throw new CannotTell();
    names.push(name.toLowerCase());
    if (name.includes(HOLE)) loose = true;
    if (value === undefined || !value.includes(HOLE)) continue;
    const quoted = m[4] === undefined;
    const valueStart = m.index + m[0].length - value.length - (quoted ? 1 : 0);
    const inValue = holesIn(source, valueStart, valueStart + value.length);
    const place = m[2] !== undefined ? IN_DOUBLE : m[3] !== undefined ? IN_SINGLE : IN_UNQUOTED;
    const firstHere = first + offsets.indexOf(inValue[0]);
    for (let k = 0; k < inValue.length; k++) shape.places[firstHere + k] = place;
    if (!quoted) {
      loose = true;
    } else if (inValue.length === 1 && shape.types[firstHere] === READ_TEXT) {
      const at = inValue[0] - valueStart;
      shape.locate(firstHere, name.toLowerCase(), value.slice(0, at), value.slice(at + 1), decode);
      reads.push(firstHere);
    }
  }
  const duplicates = new Set(names).size !== names.length;
  if (reads.length > 0 && (loose || duplicates)) throw new CannotTell();
}

/** The local names of the start tags of markup `value` in text. */
export function markupTags(value) {
  const names = [];
  const token = new RegExp(TOKEN.source, "g");
  let textStart = 0;
  for (let m = token.exec(value); m !== null; m = token.exec(value)) {
    if (MARKUP_START.test(value.slice(textStart, m.index))) throw new CannotTell();
    textStart = token.lastIndex;
    if (m[2] === undefined || m[1] !== undefined) continue;
    const lower = m[2].toLowerCase();
    if (RAW_TEXT.has(lower) || lower === "plaintext") throw new CannotTell();
    names.push(lower);
  }
  if (MARKUP_START.test(value.slice(textStart))) throw new CannotTell();
  return names;
}
