// The fast way to find the values on the page: from the skeleton's HTML text, without parsing
// it. When the browser's parser adds, drops and moves no element (the template is well
// formed), the n-th start tag of the text is the n-th element of the page's root: a value in an
// attribute is in that element's attribute; a value in a text between an element's start tag
// and its end tag, with nothing else in it, is that element's text. Checked: the page has
// exactly these elements, tag for tag, and each value's statics. Anything else returns false,
// and page.js parses the skeleton to find the values instead.

import { Mismatch, OPEN, match } from "./sentinels.js";

const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]);
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
// Sticky: each matches at lastIndex only.
const START_TAG = /<([a-zA-Z][^\t\n\f\r />]*)/y;
const TAG_END = /[\t\n\f\r /]*>/y;
const ATTRIBUTE = /[\t\n\f\r /]*([^\t\n\f\r />][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?/y;
const NAME_END = /[\t\n\f\r />]/;
const LETTER = /[a-zA-Z]/;

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
    this.closing = null; // a value's text was read: the end tag that must come next ("": none)
  }

  run() {
    const html = this.html;
    let i = 0;
    let value = html.indexOf(OPEN);
    for (;;) {
      const lt = html.indexOf("<", i);
      const end = lt < 0 ? html.length : lt;
      if (value >= 0 && value < end) {
        this.text(html.slice(i, end));
        value = html.indexOf(OPEN, end);
      }
      if (lt < 0) break;
      i = this.markup(lt);
      if (value >= 0 && value < i) value = html.indexOf(OPEN, i);
    }
    if (this.closing !== null && this.closing !== "") throw new CannotTell();
    const { names, elements } = this;
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

  text(text) {
    if (this.owner === null) throw new CannotTell();
    const owner = this.element(this.owner);
    const only = owner.firstChild;
    if (only !== null && (only.nodeType !== 3 || only.nextSibling !== null)) throw new CannotTell();
    this.read(text, only === null ? "" : only.data);
    this.closing = this.owner < 0 ? "" : this.names[this.owner];
  }

  // Read the markup at `lt`; return where the text after it starts.
  markup(lt) {
    const html = this.html;
    const next = html[lt + 1] || "";
    const isEnd = next === "/" && LETTER.test(html[lt + 2] || "");
    const isStart = LETTER.test(next);
    const isOther = next === "!" || next === "?";
    if (!isEnd && !isStart && !isOther) return lt + 1; // a "<" that opens nothing is text
    if (this.closing === "") throw new CannotTell(); // the root's text was not the whole root
    if (this.closing !== null) {
      // After a value's text, only its element's end tag may come.
      const tag = `</${this.closing}`;
      const ends = isEnd && html.slice(lt, lt + tag.length).toLowerCase() === tag;
      if (!ends || !NAME_END.test(html[lt + tag.length] || "")) throw new CannotTell();
      this.closing = null;
    }
    this.owner = null;
    if (html.startsWith("<!--", lt)) return this.skipTo("-->", lt + 4);
    if (!isStart) return this.skipTo(">", lt + 2);
    return this.startTag(lt);
  }

  startTag(lt) {
    const html = this.html;
    START_TAG.lastIndex = lt;
    const name = START_TAG.exec(html)[1].toLowerCase();
    const index = this.names.length;
    this.names.push(name);
    let i = START_TAG.lastIndex;
    let read = null; // the attributes of this tag that hold a value
    const attributes = [];
    for (;;) {
      TAG_END.lastIndex = i;
      if (TAG_END.test(html)) {
        i = TAG_END.lastIndex;
        break;
      }
      ATTRIBUTE.lastIndex = i;
      const found = ATTRIBUTE.exec(html);
      if (found === null || ATTRIBUTE.lastIndex === i) throw new CannotTell();
      i = ATTRIBUTE.lastIndex;
      const attribute = found[1].toLowerCase();
      // The DOM keeps the first of two attributes of one name: then this text cannot tell.
      if (attributes.includes(attribute)) throw new CannotTell();
      attributes.push(attribute);
      const value = found[2] ?? found[3] ?? found[4];
      if (value !== undefined && value.includes(OPEN)) {
        read = read || [];
        read.push([attribute, value]);
      }
    }
    if (read !== null) {
      const element = this.element(index);
      for (const [attribute, value] of read) this.read(value, element.getAttribute(attribute));
    }
    if (RAW_TEXT.has(name) || name === "plaintext") {
      // Raw text is not markup: skip to its end tag (a value in it is never read from the DOM).
      const end = new RegExp(`</${name}`, "ig");
      end.lastIndex = i;
      const found = end.exec(html);
      if (found === null || html.slice(i, found.index).includes(OPEN)) throw new CannotTell();
      return found.index;
    }
    this.owner = VOID.has(name) ? null : index;
    return i;
  }

  skipTo(marker, from) {
    const end = this.html.indexOf(marker, from);
    if (end < 0 || this.html.slice(from, end).includes(OPEN)) throw new CannotTell();
    return end + marker.length;
  }
}
