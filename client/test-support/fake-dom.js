// Just enough of the DOM for the client's unit tests: elements in a tree with attributes,
// simple selectors (tag, #id, .class, [attr], [attr=value], descendants, comma lists), events
// that bubble up to the document, innerHTML parsed from simple markup, and the few field
// properties (value, checked, options, elements) that params.js and signals/ read. It lives
// outside test/ because node --test runs every file under a test/ folder as a test file.

const VOID_TAGS = new Set(["AREA", "BR", "HR", "IMG", "INPUT", "LINK", "META", "SOURCE", "WBR"]);
const FIELD_TAGS = new Set(["BUTTON", "INPUT", "SELECT", "TEXTAREA"]);
// Field properties a parsed element takes from its attributes, as a browser's would.
const REFLECTED = { name: "", type: "", value: "", id: "" };
const BOOLEAN_REFLECTED = ["checked", "multiple", "disabled", "selected"];

class FakeNode {
  constructor() {
    this.parent = null;
    this.listeners = new Map();
  }

  get parentNode() {
    return this.parent;
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }

  removeEventListener(type, listener) {
    this.listeners.set(type, (this.listeners.get(type) || []).filter((l) => l !== listener));
  }

  /**
   * Dispatch `event` (an Event or CustomEvent) here, then on each ancestor if it bubbles, the
   * document last. Listeners get a plain copy whose target is this node; returns false if one
   * of them called preventDefault().
   */
  dispatchEvent(event) {
    const copy = {
      type: event.type,
      bubbles: event.bubbles,
      detail: event.detail,
      target: this,
      defaultPrevented: false,
      preventDefault: () => (copy.defaultPrevented = true),
    };
    for (let node = this; node; node = event.bubbles ? node.eventParent : null) {
      copy.currentTarget = node;
      for (const listener of [...(node.listeners.get(event.type) || [])]) listener(copy);
    }
    return !copy.defaultPrevented;
  }

  get eventParent() {
    return this.parent;
  }
}

export class FakeText extends FakeNode {
  constructor(text) {
    super();
    this.nodeType = 3;
    this.textContent = text;
  }

  remove() {
    if (this.parent) this.parent.removeChild(this);
  }
}

export class FakeElement extends FakeNode {
  constructor(tagName, attributes = {}, properties = {}) {
    super();
    this.nodeType = 1;
    this.tagName = tagName.toUpperCase();
    this.attributeMap = new Map(Object.entries(attributes));
    this.childNodes = [];
    this.style = {};
    this.focused = 0;
    this.clicked = 0;
    // Set by FakeDocument on its root: where events go after the top element.
    this.documentParent = null;
    Object.assign(this, properties);
  }

  get eventParent() {
    return this.parent || this.documentParent;
  }

  get attributes() {
    return [...this.attributeMap].map(([name, value]) => ({ name, value }));
  }

  get children() {
    return this.childNodes.filter((node) => node.nodeType === 1);
  }

  get localName() {
    return this.tagName.toLowerCase();
  }

  getAttribute(name) {
    return this.attributeMap.has(name) ? this.attributeMap.get(name) : null;
  }

  hasAttribute(name) {
    return this.attributeMap.has(name);
  }

  setAttribute(name, value) {
    this.attributeMap.set(name, String(value));
  }

  removeAttribute(name) {
    this.attributeMap.delete(name);
  }

  get classList() {
    const classes = () => (this.getAttribute("class") || "").split(/\s+/).filter(Boolean);
    const write = (list) => this.setAttribute("class", list.join(" "));
    return {
      add: (...names) => write([...new Set([...classes(), ...names])]),
      remove: (...names) => write(classes().filter((c) => !names.includes(c))),
      contains: (name) => classes().includes(name),
    };
  }

  // Tree

  append(...nodes) {
    for (const node of nodes) this.insertChild(node, this.childNodes.length);
    return this; // a real append returns undefined; tests chain it
  }

  prepend(...nodes) {
    nodes.forEach((node, i) => this.insertChild(node, i));
  }

  before(...nodes) {
    const parent = this.parent;
    for (const node of nodes) parent.insertChild(node, parent.childNodes.indexOf(this));
  }

  after(...nodes) {
    const parent = this.parent;
    let at = parent.childNodes.indexOf(this) + 1;
    for (const node of nodes) {
      parent.insertChild(node, at);
      at = parent.childNodes.indexOf(node) + 1;
    }
  }

  replaceWith(...nodes) {
    this.before(...nodes);
    this.remove();
  }

  replaceChildren(...nodes) {
    for (const child of [...this.childNodes]) this.removeChild(child);
    this.append(...nodes);
  }

  remove() {
    if (this.parent) this.parent.removeChild(this);
  }

  removeChild(node) {
    this.childNodes.splice(this.childNodes.indexOf(node), 1);
    node.parent = null;
    return node;
  }

  get firstChild() {
    return this.childNodes[0] || null;
  }

  insertChild(node, index) {
    if (node.parent) node.parent.removeChild(node);
    node.parent = this;
    this.childNodes.splice(index, 0, node);
  }

  get textContent() {
    return this.childNodes.map((node) => node.textContent).join("");
  }

  set textContent(text) {
    this.replaceChildren(new FakeText(String(text)));
  }

  set innerHTML(html) {
    this.replaceChildren(...parseHTML(html));
  }

  // A <template>'s content: its parsed children (they move out when inserted elsewhere).
  get content() {
    return { childNodes: [...this.childNodes] };
  }

  // Selectors

  matches(selector) {
    return splitList(selector).some((complex) => matchesComplex(this, complex));
  }

  closest(selector) {
    for (let el = this; el; el = el.parent) if (el.matches(selector)) return el;
    return null;
  }

  querySelectorAll(selector) {
    return descendants(this).filter((el) => el.matches(selector));
  }

  getElementsByTagName(name) {
    return name === "*" ? descendants(this) : this.querySelectorAll(name);
  }

  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }

  // Fields and forms

  get elements() {
    return this._elements || descendants(this).filter((el) => FIELD_TAGS.has(el.tagName));
  }

  set elements(list) {
    this._elements = list;
  }

  get options() {
    return this._options || descendants(this).filter((el) => el.tagName === "OPTION");
  }

  set options(list) {
    this._options = list;
  }

  get form() {
    return this._form !== undefined ? this._form : this.parent && this.parent.closest("form");
  }

  set form(form) {
    this._form = form;
  }

  focus(options) {
    this.focused += 1;
    this.focusOptions = options;
  }

  click() {
    this.clicked += 1;
  }
}

export class FakeDocument extends FakeNode {
  constructor() {
    super();
    this.documentElement = new FakeElement("HTML");
    this.documentElement.documentParent = this;
    this.body = new FakeElement("BODY");
    this.documentElement.append(this.body);
    this.readyState = "complete";
  }

  createElement(tagName) {
    return new FakeElement(tagName);
  }

  querySelectorAll(selector) {
    return [this.documentElement, ...this.documentElement.querySelectorAll(selector)].filter((el) =>
      el.matches(selector),
    );
  }

  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }

  /** Call the document's listeners for an event of `type` at `target`; returns the event. */
  fire(type, target, fields = {}) {
    const event = { type, target, defaultPrevented: false, ...fields };
    event.preventDefault = () => (event.defaultPrevented = true);
    for (const listener of this.listeners.get(type) || []) listener(event);
    return event;
  }
}

function descendants(el) {
  const found = [];
  for (const child of el.children) found.push(child, ...descendants(child));
  return found;
}

// "a, b[x=','] c" -> ["a", "b[x=','] c"]: commas outside brackets and quotes.
function splitList(selector) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quote) quote = c === quote ? null : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth += 1;
    else if (c === "]") depth -= 1;
    else if (c === "," && depth === 0) {
      parts.push(selector.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(selector.slice(start).trim());
  return parts;
}

const COMPOUND_RE = /([\w-]+)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\]]*)))?\]/gy;

function matchesCompound(el, compound) {
  COMPOUND_RE.lastIndex = 0;
  let consumed = 0;
  for (const m of compound.matchAll(COMPOUND_RE)) {
    consumed = m.index + m[0].length;
    const [, tag, id, cls, attr, v1, v2, v3] = m;
    if (tag && el.tagName !== tag.toUpperCase()) return false;
    if (id && el.getAttribute("id") !== id) return false;
    if (cls && !el.classList.contains(cls)) return false;
    if (attr) {
      const value = v1 ?? v2 ?? v3;
      if (!el.hasAttribute(attr)) return false;
      if (value !== undefined && el.getAttribute(attr) !== value) return false;
    }
  }
  if (consumed !== compound.length) throw new Error(`fake-dom: unsupported selector ${compound}`);
  return true;
}

// Descendant combinators only: "form .row input".
function matchesComplex(el, complex) {
  const compounds = complex.split(/\s+(?![^[]*\])/);
  if (!matchesCompound(el, compounds.at(-1))) return false;
  let ancestor = el.parent;
  for (let i = compounds.length - 2; i >= 0; i--) {
    while (ancestor && !matchesCompound(ancestor, compounds[i])) ancestor = ancestor.parent;
    if (!ancestor) return false;
    ancestor = ancestor.parent;
  }
  return true;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };
const decode = (text) => text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name) => ENTITIES[name]);

const TOKEN_RE = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|([^<]+)/g;
const ATTR_RE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** The nodes of simple, well-formed markup (no comments, no <script> bodies with "<"). */
export function parseHTML(html) {
  const top = new FakeElement("#fragment");
  let current = top;
  for (const [, closing, tag, attrs, text] of html.matchAll(TOKEN_RE)) {
    if (text !== undefined) {
      current.append(new FakeText(decode(text)));
    } else if (closing) {
      current = current.parent || top;
    } else {
      const el = new FakeElement(tag);
      for (const [, name, v1, v2, v3] of attrs.matchAll(ATTR_RE)) {
        el.setAttribute(name, decode(v1 ?? v2 ?? v3 ?? ""));
      }
      reflect(el);
      current.append(el);
      if (!VOID_TAGS.has(el.tagName)) current = el;
    }
  }
  const nodes = [...top.childNodes];
  for (const node of nodes) top.removeChild(node);
  return nodes;
}

function reflect(el) {
  for (const [name, fallback] of Object.entries(REFLECTED)) el[name] = el.getAttribute(name) ?? fallback;
  for (const name of BOOLEAN_REFLECTED) el[name] = el.hasAttribute(name);
  if (el.tagName === "INPUT" && !el.type) el.type = "text";
}
