// Form input is the user's until the form is submitted or the server changes that value.
//
// A field's attributes (a textarea's text, an option's `selected`) are the server's render the
// field shows; its live properties (`value`, `checked`, `selected`) are the user's. The patch
// compares the server's new render of a field with the one it shows: the same value means the
// server did not change it, and whatever the user typed stays.

import { ATTR_CHANGE, ATTR_FORCE, ATTR_INPUT, ATTR_SUBMIT } from "./attributes.js";
import { isDirty } from "./dirty.js";

/** The field takes the server's render, value included. */
export const TAKE = "take";
/** The field takes the server's attributes and keeps the user's value. */
export const KEEP = "keep";
/** The field keeps the render it shows until focus leaves it (see `held`). */
export const HOLD = "hold";

export const isCheckable = (el) => el.type === "checkbox" || el.type === "radio";

/** The value the server rendered for a field: read from its attributes, never from the user's. */
export function renderedValue(el) {
  if (isCheckable(el)) return el.hasAttribute("checked");
  if (el.tagName === "TEXTAREA") return el.defaultValue;
  if (el.tagName === "SELECT") return JSON.stringify(renderedOptions(el));
  return el.getAttribute("value") || "";
}

/** The value the field has now, in the terms of `renderedValue`. */
export function liveValue(el) {
  if (isCheckable(el)) return el.checked;
  if (el.tagName === "SELECT") return JSON.stringify(selectedValues(el));
  return el.value;
}

// A single select with no `selected` option shows its first one.
function renderedOptions(select) {
  const options = [...select.options];
  const chosen = options.filter((option) => option.hasAttribute("selected"));
  if (chosen.length === 0 && !select.multiple && options.length > 0) chosen.push(options[0]);
  return chosen.map((option) => option.value);
}

export function selectedValues(select) {
  return [...select.options].filter((option) => option.selected).map((option) => option.value);
}

/** Select the options of `values` (what `selectedValues` read before the patch). */
export function reselect(select, values) {
  const wanted = new Set(values);
  for (const option of select.options) option.selected = wanted.has(option.value);
}

/**
 * How the patch treats field `el`, whose new render is `next`. `owned`: the server's render
 * decides (the field's form was just submitted); `resume`: a whole tree after a reconnection.
 */
export function fieldUpdate(el, next, { owned = false, resume = false } = {}) {
  if (owned || forced(el, next)) return TAKE;
  const server = renderedValue(next);
  // Unchanged by the server: the user's value stands. After a reconnection, so does any value
  // typed since its last acknowledged event, whatever the server has.
  if (server === renderedValue(el) || (resume && isDirty(el))) return KEEP;
  // The server changed it. A focused field is the user's until focus leaves it, unless the
  // user has typed what the server has.
  const focused = el.ownerDocument.activeElement === el && !isCheckable(el);
  if (focused && liveValue(el) !== server) return HOLD;
  return TAKE;
}

// dj-force="<revision>": a new revision makes the field take the server's value, even focused.
function forced(el, next) {
  return next.hasAttribute(ATTR_FORCE) && next.getAttribute(ATTR_FORCE) !== el.getAttribute(ATTR_FORCE);
}

// Focused fields whose value the server changed: field -> the server's latest render of it.
const held = new WeakMap();

export function hold(el, next) {
  held.set(el, next.cloneNode(true));
}

export function release(el) {
  held.delete(el);
}

/**
 * The render `field` holds back, to apply when focus leaves it; null if none, or if the user
 * typed since their last event and it is not answered yet (the field is bound: its reply brings
 * the server's word on what was typed).
 */
export function heldRender(field) {
  const next = held.get(field);
  if (!next) return null;
  if (isDirty(field) && sendsItsValue(field)) return null;
  held.delete(field);
  return next;
}

const SENDS_VALUES = [ATTR_INPUT, ATTR_CHANGE, ATTR_SUBMIT].map((attr) => `[${attr}]`).join(", ");

function sendsItsValue(field) {
  return field.closest(SENDS_VALUES) !== null;
}

/** After the reply to a checkbox's or radio's own event: it shows what the server rendered. */
export function showRendered(field) {
  if (!isCheckable(field)) return;
  const group =
    field.type === "radio" && field.name && field.form
      ? [...field.form.elements].filter((el) => el.type === "radio" && el.name === field.name)
      : [field];
  for (const el of group) el.checked = el.hasAttribute("checked");
}
