// Just enough of the DOM for params.js and bindings.js: elements with attributes, a parent,
// closest("[attr]"), and a document whose listeners the test calls by hand. It lives outside
// test/ because node --test runs every file under a test/ folder as a test file.

export class FakeElement {
  constructor(tagName, attributes = {}, properties = {}) {
    this.tagName = tagName;
    this.attributeMap = new Map(Object.entries(attributes));
    this.parent = null;
    Object.assign(this, properties);
  }

  get attributes() {
    return [...this.attributeMap].map(([name, value]) => ({ name, value }));
  }

  getAttribute(name) {
    return this.attributeMap.has(name) ? this.attributeMap.get(name) : null;
  }

  hasAttribute(name) {
    return this.attributeMap.has(name);
  }

  append(...children) {
    for (const child of children) child.parent = this;
    return this;
  }

  closest(selector) {
    const name = /^\[([\w-]+)\]$/.exec(selector)[1];
    for (let el = this; el; el = el.parent) if (el.hasAttribute(name)) return el;
    return null;
  }
}

export class FakeDocument {
  constructor() {
    this.listeners = new Map();
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }

  removeEventListener(type, listener) {
    this.listeners.set(type, (this.listeners.get(type) || []).filter((l) => l !== listener));
  }

  /** Fire a DOM event of `type` at `target`; returns the event. */
  fire(type, target, fields = {}) {
    const event = { type, target, defaultPrevented: false, ...fields };
    event.preventDefault = () => (event.defaultPrevented = true);
    for (const listener of this.listeners.get(type) || []) listener(event);
    return event;
  }
}
