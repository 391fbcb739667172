// Event delegation: one listener per DOM event on the document turns dj-click, dj-submit, ...
// into events sent by the view that owns the element.

import {
  ATTR_BLUR,
  ATTR_CHANGE,
  ATTR_CLICK,
  ATTR_DEBOUNCE,
  ATTR_FOCUS,
  ATTR_INPUT,
  ATTR_KEY,
  ATTR_KEYDOWN,
  ATTR_KEYUP,
  ATTR_ROOT,
  ATTR_SUBMIT,
  ATTR_THROTTLE,
} from "./attributes.js";
import { markDirty } from "./dirty.js";
import { applyHeld } from "./dom.js";
import { isLocked, lockedBy } from "./inflight.js";
import { fieldParams, formParams, isField, keyParams, valueParams } from "./params.js";

// DOM event -> the binding attribute it triggers and how its params are built.
const BINDINGS = [
  ["click", ATTR_CLICK, (el) => valueParams(el)],
  ["submit", ATTR_SUBMIT, (el, event) => formParams(el, event.submitter)],
  ["change", ATTR_CHANGE, (el) => fieldOrFormParams(el)],
  ["input", ATTR_INPUT, (el) => fieldOrFormParams(el)],
  ["keydown", ATTR_KEYDOWN, (el, event) => keyParams(el, event)],
  ["keyup", ATTR_KEYUP, (el, event) => keyParams(el, event)],
  ["focusin", ATTR_FOCUS, (el) => valueParams(el)],
  ["focusout", ATTR_BLUR, (el) => valueParams(el)],
];

const DEBOUNCED = new Set([ATTR_INPUT, ATTR_CHANGE]);

function fieldOrFormParams(el) {
  if (el.tagName === "FORM") return formParams(el);
  return isField(el) ? fieldParams(el) : valueParams(el);
}

export class Bindings {
  /**
   * `viewFor(root)` returns the view of a [dj-root] element, or undefined. `options.clock`
   * ({now()}, for tests) times dj-throttle.
   */
  constructor(document, viewFor, { clock = Date } = {}) {
    this.document = document;
    this.viewFor = viewFor;
    this.clock = clock;
    this.timers = new WeakMap(); // element -> pending debounce timer
    this.lastSent = new WeakMap(); // element -> when its throttled binding last sent
    this.listeners = BINDINGS.map(([type, attr, params]) => [
      type,
      (event) => this.handle(event, attr, params),
    ]);
    // Marks the fields typed into, for the resume after a reconnection (see dirty.js).
    this.listeners.push(["input", (event) => this.typed(event)]);
    // A field left takes the server's value it held back while focused (see fields.js).
    this.listeners.push(["focusout", (event) => this.left(event)]);
  }

  start() {
    for (const [type, listener] of this.listeners) this.document.addEventListener(type, listener);
  }

  stop() {
    for (const [type, listener] of this.listeners) this.document.removeEventListener(type, listener);
  }

  handle(event, attr, params) {
    if (!isElement(event.target)) return;
    const el = event.target.closest(`[${attr}]`);
    const root = el && el.closest(`[${ATTR_ROOT}]`);
    const view = root && this.viewFor(root);
    if (!view) return;
    if (event.type === "submit") event.preventDefault();
    if ((attr === ATTR_KEYDOWN || attr === ATTR_KEYUP) && !keyMatches(el, event)) return;
    // A form whose submit is in flight (Enter in a field, requestSubmit): not sent twice.
    const submitting = attr === ATTR_SUBMIT;
    if (submitting && lockedBy(el, true).some(isLocked)) return;
    if (this.throttled(el)) return;
    const send = () => view.pushEvent(el.getAttribute(attr), params(el, event), el, { submitting });
    const delay = DEBOUNCED.has(attr) ? Number(el.getAttribute(ATTR_DEBOUNCE)) : 0;
    if (delay > 0) {
      // Params are read when the timer fires, so the last value typed is the one sent.
      clearTimeout(this.timers.get(el));
      this.timers.set(el, setTimeout(send, delay));
    } else {
      send();
    }
  }

  // dj-throttle="N": the first event goes, then none for N ms.
  throttled(el) {
    const interval = Number(el.getAttribute(ATTR_THROTTLE));
    if (!(interval > 0)) return false;
    const now = this.clock.now();
    const last = this.lastSent.get(el);
    if (last !== undefined && now - last < interval) return true;
    this.lastSent.set(el, now);
    return false;
  }

  left(event) {
    const field = event.target;
    if (isElement(field) && isField(field) && field.closest(`[${ATTR_ROOT}]`)) applyHeld(field);
  }

  typed(event) {
    const field = event.target;
    if (isElement(field) && isField(field) && field.closest(`[${ATTR_ROOT}]`)) {
      markDirty(field);
    }
  }
}

// Text nodes and the document itself have no closest(); events can target them.
const isElement = (target) => target && typeof target.closest === "function";

// dj-key="Enter" on a key binding: only that key (compared case-insensitively) sends.
function keyMatches(el, event) {
  const wanted = el.getAttribute(ATTR_KEY);
  return !wanted || wanted.toLowerCase() === String(event.key).toLowerCase();
}
