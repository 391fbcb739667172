// Elements disabled while their event is in flight: a dj-submit form's submit buttons, and any
// element with dj-disable-with (whose label is swapped for that text meanwhile). Each element
// keeps a count, as for dj-loading: the last event to settle restores it as it was.

import { ATTR_DISABLE_WITH } from "./attributes.js";

// A <button> without a type submits; an <input> does as type submit or image.
function isSubmitButton(el) {
  const type = (el.getAttribute("type") || "").toLowerCase();
  if (el.tagName === "BUTTON") return type === "" || type === "submit";
  return el.tagName === "INPUT" && (type === "submit" || type === "image");
}

const locks = new WeakMap(); // element -> {count, disabled, label}

/**
 * What an event sent by `el` disables: its own self if opted in, and a form's submit buttons
 * when the event is the form's submit (`submitting`): a form's dj-change must not swallow the
 * click on the submit button that ended a field's edit.
 */
export function lockedBy(el, submitting = false) {
  if (!el) return [];
  const found = [];
  if (submitting && el.tagName === "FORM") found.push(...[...el.elements].filter(isSubmitButton));
  if (el.hasAttribute(ATTR_DISABLE_WITH)) found.push(el);
  return [...new Set(found)];
}

/** Disable `elements` (swapping their dj-disable-with label); the returned function undoes it. */
export function lock(elements) {
  for (const el of elements) {
    const held = locks.get(el);
    if (held) {
      held.count += 1;
      continue;
    }
    locks.set(el, { count: 1, disabled: el.disabled, label: readLabel(el) });
    disable(el);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const el of elements) {
      const held = locks.get(el);
      if (!held) continue;
      held.count -= 1;
      if (held.count > 0) continue;
      locks.delete(el);
      el.disabled = held.disabled;
      if (!held.disabled) el.removeAttribute("disabled");
      if (el.hasAttribute(ATTR_DISABLE_WITH)) writeLabel(el, held.label);
    }
  };
}

/** Whether a submit of `form` is in flight (its submit buttons are held). */
export function isLocked(el) {
  return locks.has(el);
}

/**
 * For the DOM patch: a held element stays disabled with its in-flight label; what the server
 * rendered meanwhile (its label, whether disabled) is what the release restores.
 */
export function keepLocked(fromEl, toEl) {
  const held = locks.get(fromEl);
  if (!held) return;
  held.disabled = toEl.hasAttribute("disabled");
  if (fromEl.hasAttribute(ATTR_DISABLE_WITH)) held.label = readLabel(toEl);
  disable(toEl, fromEl.getAttribute(ATTR_DISABLE_WITH));
}

function disable(el, text = el.getAttribute(ATTR_DISABLE_WITH)) {
  el.disabled = true;
  el.setAttribute("disabled", "");
  if (text !== null) writeLabel(el, text);
}

const isInput = (el) => el.tagName === "INPUT";

// A button's label is its content (icons included, as nodes); an <input type=submit>'s its
// value. A string is the dj-disable-with text.
function readLabel(el) {
  return isInput(el) ? el.value : [...el.childNodes];
}

function writeLabel(el, label) {
  if (isInput(el)) el.value = typeof label === "string" ? label : "";
  else if (typeof label === "string") el.textContent = label;
  else el.replaceChildren(...label);
}
