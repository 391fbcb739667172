// The fast way to find the values on the page: from the skeleton's HTML text, without parsing
// it. When the browser's parser adds, drops and moves no element (the template is well
// formed), the n-th start tag of the text is the n-th element of the page's root: a value in an
// attribute is in that element's attribute; a value in a text between an element's start tag
// and its end tag, with nothing else in it, is that element's text. Checked: the page has
// exactly these elements, tag for tag, and each value's statics. Anything else returns false,
// and page.js parses the skeleton to find the values instead.

import { Mismatch, OPEN, match } from "./sentinels.js";

const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]);
const SPACE = /[\t\n\f\r ]/;
const NAME_END = /[\t\n\f\r />]/;
const ATTRIBUTE_END = /[\t\n\f\r />=]/;
const UNQUOTED_END = /[\t\n\f\r >]/;
const LETTER = /[a-zA-Z]/;

class CannotTell extends Mismatch {}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

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
    this.owner = page; // the element whose start tag came last, with only text since
    this.ownerName = null; // null: the root, closed by the end of the text
    this.closing = null; // a value's text was read: the end tag that must come next
  }

  run() {
    const html = this.html;
    let i = 0;
    while (i <= html.length) {
      const lt = html.indexOf("<", i);
      const text = html.slice(i, lt < 0 ? html.length : lt);
      if (text.includes(OPEN)) this.text(text);
      if (lt < 0) break;
      i = this.markup(lt);
    }
    if (this.closing !== null && this.closing !== "") throw new CannotTell();
    const { names, elements } = this;
    if (names.length !== elements.length) throw new CannotTell();
    for (let n = 0; n < names.length; n++) {
      if (names[n] !== elements[n].localName) throw new CannotTell();
    }
  }

  read(spelled, actual) {
    match(spelled.includes("&") ? this.decode(spelled) : spelled, actual, this.found);
  }

  text(text) {
    const owner = this.owner;
    if (owner === null) throw new CannotTell();
    const only = owner.firstChild;
    if (owner.childNodes.length > 1 || (only !== null && only.nodeType !== 3)) throw new CannotTell();
    this.read(text, only === null ? "" : only.data);
    this.closing = this.ownerName === null ? "" : this.ownerName;
  }

  // Read the markup at `lt`; return where the text after it starts.
  markup(lt) {
    const html = this.html;
    const next = html[lt + 1] || "";
    const isEnd = next === "/" && LETTER.test(html[lt + 2] || "");
    const isStart = LETTER.test(next);
    if (!isEnd && !isStart && !html.startsWith("<!--", lt) && next !== "!" && next !== "?") {
      return lt + 1; // a "<" that opens nothing is text
    }
    if (this.closing === "") throw new CannotTell(); // the root's text was the whole root
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
    let i = lt + 1;
    while (i < html.length && !NAME_END.test(html[i])) i++;
    const name = html.slice(lt + 1, i).toLowerCase();
    const element = this.elements[this.names.length];
    this.names.push(name);
    const seen = new Set();
    for (;;) {
      while (i < html.length && (SPACE.test(html[i]) || html[i] === "/")) i++;
      if (i >= html.length) throw new CannotTell();
      if (html[i] === ">") break;
      const start = i;
      while (i < html.length && !ATTRIBUTE_END.test(html[i])) i++;
      const attribute = html.slice(start, i).toLowerCase();
      if (seen.has(attribute)) throw new CannotTell(); // the DOM keeps the first one only
      seen.add(attribute);
      while (SPACE.test(html[i] || "")) i++;
      if (html[i] !== "=") continue;
      i++;
      while (SPACE.test(html[i] || "")) i++;
      let value;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, i + 1);
        if (end < 0) throw new CannotTell();
        value = html.slice(i + 1, end);
        i = end + 1;
      } else {
        const begin = i;
        while (i < html.length && !UNQUOTED_END.test(html[i])) i++;
        value = html.slice(begin, i);
      }
      if (value.includes(OPEN)) {
        if (element === undefined) throw new CannotTell();
        this.read(value, element.getAttribute(attribute));
      }
    }
    i++;
    if (RAW_TEXT.has(name) || name === "plaintext") {
      // Raw text is not markup: skip to its end tag (a value in it is never read from the DOM).
      const end = new RegExp(`</${name}`, "ig");
      end.lastIndex = i;
      const found = end.exec(html);
      if (found === null || html.slice(i, found.index).includes(OPEN)) throw new CannotTell();
      return found.index;
    }
    this.owner = element === undefined || VOID.has(name) ? null : element;
    this.ownerName = name;
    return i;
  }

  skipTo(marker, from) {
    const end = this.html.indexOf(marker, from);
    if (end < 0 || this.html.slice(from, end).includes(OPEN)) throw new CannotTell();
    return end + marker.length;
  }
}
