// The fast way to find the values on the page: from the skeleton's HTML text, without parsing
// it. When the browser's parser adds, drops and moves no element (the template is well
// formed), the n-th start tag of the text is the n-th element of the page's root: a value in an
// attribute is in that element's attribute; a value in a text between an element's start tag
// and its end tag, with nothing else in it, is that element's text. Checked: the page has
// exactly these elements, tag for tag, and each value's statics. Anything else returns false,
// and page.js parses the skeleton to find the values instead.

import { ATTRIBUTE, RAW_TEXT, TOKEN, VOID } from "./html-tokens.js";
import { Mismatch, OPEN, match } from "./sentinels.js";

class CannotTell extends Mismatch {}

/**
 * Fill `found` from the children of `page` (the root) with the values that `html` (the
 * skeleton) has sentinels for; `decode(text)` turns raw HTML text into the DOM's. True if done.
 */
export function valuesFromText(html, page, found, decode) {
  try {
    new TextReader(html, page, found, decode).run();
    return true;
  } catch (error) {
    if (error instanceof Mismatch) return false;
    throw error;
  }
}

class TextReader {
  constructor(html, page, found, decode) {
    this.html = html;
    this.page = page;
    this.elements = page.querySelectorAll("*");
    this.names = [];
    this.found = found;
    this.decode = decode;
    this.owner = -1; // the element whose start tag came last, with only text since (-1: root)
    this.closing = null; // a value's text was read: the element whose end tag must come next
  }

  run() {
    const html = this.html;
    const names = this.names;
    const token = new RegExp(TOKEN.source, "g");
    let value = html.indexOf(OPEN); // the next sentinel
    let text = 0; // where the text before the next token starts
    for (let m = token.exec(html); m !== null; m = token.exec(html)) {
      const start = m.index;
      if (value >= 0 && value < start) {
        this.text(html.slice(text, start));
        value = html.indexOf(OPEN, start);
      }
      if (this.closing !== null) this.closes(m);
      const name = m[2];
      let end = token.lastIndex;
      if (value >= 0 && value < end) {
        // A value inside a tag: in an attribute of a start tag, else this text cannot tell.
        if (name === undefined || m[1] !== undefined) throw new CannotTell();
        this.attributes(names.length, m[3]);
        value = html.indexOf(OPEN, end);
      }
      this.owner = null;
      if (name !== undefined && m[1] === undefined) {
        const lower = name.toLowerCase();
        this.owner = VOID.has(lower) ? null : names.length;
        names.push(lower);
        if (RAW_TEXT.has(lower) || lower === "plaintext") {
          // Raw text is not markup: on to its end tag (a value in it is never read from the DOM).
          const close = new RegExp(`</${lower}`, "ig");
          close.lastIndex = end;
          const found = close.exec(html);
          if (found === null || (value >= 0 && value < found.index)) throw new CannotTell();
          this.owner = null;
          end = found.index;
          token.lastIndex = end;
        }
      }
      text = end;
    }
    if (value >= 0) this.text(html.slice(text));
    if (this.closing !== null && this.closing !== "") throw new CannotTell();
    const elements = this.elements;
    if (names.length !== elements.length) throw new CannotTell();
    for (let n = 0; n < names.length; n++) {
      if (names[n] !== elements[n].localName) throw new CannotTell();
    }
  }

  element(index) {
    const element = index < 0 ? this.page : this.elements[index];
    if (element === undefined) throw new CannotTell();
    return element;
  }

  read(spelled, actual) {
    match(spelled.includes("&") ? this.decode(spelled) : spelled, actual, this.found);
  }

  // A value in a text: the whole text of the element opened just before it.
  text(text) {
    if (this.owner === null) throw new CannotTell();
    const owner = this.element(this.owner);
    const only = owner.firstChild;
    if (only !== null && (only.nodeType !== 3 || only.nextSibling !== null)) throw new CannotTell();
    this.read(text, only === null ? "" : only.data);
    this.closing = this.owner < 0 ? "" : this.names[this.owner];
  }

  // After a value's text, only its element's end tag may come (the root's: nothing).
  closes(m) {
    if (this.closing === "" || m[1] === undefined || m[2].toLowerCase() !== this.closing) {
      throw new CannotTell();
    }
    this.closing = null;
  }

  attributes(index, source) {
    const element = this.element(index);
    const seen = [];
    const attribute = new RegExp(ATTRIBUTE.source, "g");
    for (const m of source.matchAll(attribute)) {
      const name = m[1].toLowerCase();
      // The DOM keeps the first of two attributes of one name: then this text cannot tell.
      if (seen.includes(name)) throw new CannotTell();
      seen.push(name);
      const value = m[2] ?? m[3] ?? m[4];
      if (value !== undefined && value.includes(OPEN)) this.read(value, element.getAttribute(name));
    }
  }
}
