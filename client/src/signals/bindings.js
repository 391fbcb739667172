// data-dj-signal (and df_websockets' data-df-signal) bindings: a JSON list of
// {name, on?, opts?, form?, value?, prevent?} on an element; each entry calls signal `name`
// when the element fires `on`. Elements are bound at start and inside every DOMContentAdded
// target, the target itself included, and never twice.

import { EVENT_CONTENT_ADDED } from "../transport/dom-events.js";
import { ATTR_DF_SIGNAL, ATTR_SIGNAL } from "./attributes.js";
import { serializeForm, signalValue } from "./forms.js";

const SELECTOR = `[${ATTR_SIGNAL}], [${ATTR_DF_SIGNAL}]`;
const CLICKED_INPUTS = new Set(["button", "image", "reset", "submit"]);

/**
 * The event a binding without `on` listens to: submit for a form, change for a field (a select
 * too: df_websockets says click, which fires before the choice is made), click otherwise.
 */
export function defaultEvent(el) {
  if (el.tagName === "FORM") return "submit";
  if (el.tagName === "INPUT") return CLICKED_INPUTS.has(String(el.type).toLowerCase()) ? "click" : "change";
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return "change";
  return "click";
}

/**
 * Whether the binding cancels the browser's action: `prevent: true` does; `prevent: false`
 * does not; without `prevent` (or null) every event but change does. df_websockets meant the same
 * but tested `=== null`, so an attribute written by hand never prevented anything.
 */
export function shouldPrevent(prevent, on) {
  if (prevent === true) return true;
  if (prevent === false) return false;
  return prevent == null && on !== "change";
}

/** The entries of an element's binding attributes; a malformed one is reported and skipped. */
export function readBindings(el) {
  const entries = [];
  for (const attr of [ATTR_SIGNAL, ATTR_DF_SIGNAL]) {
    const text = el.getAttribute(attr);
    if (text === null) continue;
    try {
      const parsed = JSON.parse(text);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const entry of list) {
        if (entry && typeof entry.name === "string") entries.push(entry);
        else console.warn(`djwire: ${attr} entry without a name`, entry);
      }
    } catch {
      console.warn(`djwire: ${attr} is not JSON`, text);
    }
  }
  return entries;
}

// The opts a binding sends: its own, plus the form (`form: key`) and the value (`value: key`).
function bindingOpts(el, { opts, form, value }) {
  const sent = { ...(opts || {}) };
  if (form) sent[form] = serializeForm(el.tagName === "FORM" ? el : el.form);
  if (value) sent[value] = signalValue(el);
  return sent;
}

export class SignalBindings {
  /** `call(name, opts, el)` sends a signal (and reports its failure). */
  constructor(document, call) {
    this.document = document;
    this.call = call;
    this.bound = new WeakSet();
    this.added = (event) => this.bind(event.target);
  }

  start() {
    this.document.addEventListener(EVENT_CONTENT_ADDED, this.added);
    this.bind(this.document);
  }

  stop() {
    this.document.removeEventListener(EVENT_CONTENT_ADDED, this.added);
  }

  /** Bind `root` (if it carries a binding) and every element inside it that does. */
  bind(root) {
    if (!root || typeof root.querySelectorAll !== "function") return;
    const own = typeof root.matches === "function" && root.matches(SELECTOR) ? [root] : [];
    for (const el of [...own, ...root.querySelectorAll(SELECTOR)]) this.bindElement(el);
  }

  bindElement(el) {
    if (this.bound.has(el)) return;
    this.bound.add(el);
    for (const entry of readBindings(el)) {
      const on = entry.on || defaultEvent(el);
      el.addEventListener(on, (event) => {
        if (shouldPrevent(entry.prevent, on)) event.preventDefault();
        this.call(entry.name, bindingOpts(el, entry), el);
      });
    }
  }
}
