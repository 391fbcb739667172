// Patching a view's root with the HTML rebuilt from its tree, keeping what the user is doing:
// the values of fields (fields.js decides which), regions marked dj-update="ignore", the
// dj-loading class of elements whose event is in flight, and the elements it disables.

import morphdom from "morphdom";
import {
  ATTR_HOOK,
  ATTR_KEY,
  ATTR_KEYDOWN,
  ATTR_KEYUP,
  ATTR_UPDATE,
  CLASS_LOADING,
  UPDATE_IGNORE,
} from "./attributes.js";
import { HOLD, TAKE, fieldUpdate, hold, heldRender, release, reselect, selectedValues } from "./fields.js";
import { keepLocked } from "./inflight.js";
import { isLoading } from "./loading.js";
import { isField } from "./params.js";

/**
 * The morph key of a node: `dj-key` (the row key of a loop), except on an element with
 * dj-keydown/dj-keyup where dj-key is a key filter; else its id.
 */
export function nodeKey(node) {
  if (!node.getAttribute) return undefined;
  const isKeyFilter = node.hasAttribute(ATTR_KEYDOWN) || node.hasAttribute(ATTR_KEYUP);
  return (!isKeyFilter && node.getAttribute(ATTR_KEY)) || node.id || undefined;
}

/**
 * Morph the children of `root` into `html`. `resume` is true for a whole tree sent after a
 * reconnection: fields typed into since their last acknowledged event keep their value.
 * `owned` fields take the server's value even when focused or typed into.
 * Returns the hooked elements whose render changed.
 */
export function patch(root, html, { resume = false, owned = new Set() } = {}) {
  const target = root.cloneNode(false);
  target.innerHTML = html;
  const updatedHooks = [];
  morphdom(root, target, { ...morphOptions(updatedHooks, resume, owned), childrenOnly: true });
  return updatedHooks;
}

/** Morph one element (a keyed row) into `newEl`, with the same rules as `patch`. */
export function patchElement(el, newEl) {
  const updatedHooks = [];
  morphdom(el, newEl, morphOptions(updatedHooks, false, new Set()));
  return updatedHooks;
}

function morphOptions(updatedHooks, resume, owned) {
  const reselected = new Map(); // select -> the options the user had selected
  return {
    getNodeKey: nodeKey,
    onNodeAdded(node) {
      if (node.nodeType === 1 && node.hasAttribute(ATTR_HOOK)) rendered.set(node, node.outerHTML);
    },
    onBeforeElUpdated(fromEl, toEl) {
      if (fromEl.getAttribute(ATTR_UPDATE) === UPDATE_IGNORE) return false;
      if (fromEl.hasAttribute(ATTR_HOOK) && renderChanged(fromEl, toEl)) updatedHooks.push(fromEl);
      if (isLoading(fromEl)) toEl.classList.add(CLASS_LOADING);
      keepLocked(fromEl, toEl);
      return isField(fromEl) ? updateField(fromEl, toEl, { owned: owned.has(fromEl), resume }, reselected) : true;
    },
    onElUpdated(el) {
      if (reselected.has(el)) reselect(el, reselected.get(el));
    },
  };
}

// Whether morphdom goes on with a field (true), or it is done here (false).
function updateField(fromEl, toEl, how, reselected) {
  const update = fieldUpdate(fromEl, toEl, how);
  if (update === HOLD) {
    hold(fromEl, toEl);
    return false;
  }
  release(fromEl);
  if (update === TAKE) return true;
  // KEEP. A select's options are morphed (the server may add some), then the user's choice is
  // put back; an input or a textarea takes the attributes and keeps its value.
  if (fromEl.tagName === "SELECT") {
    reselected.set(fromEl, selectedValues(fromEl));
    return true;
  }
  copyAttributes(fromEl, toEl);
  // The default follows the server; the value the user typed is left as it is.
  if (fromEl.tagName === "TEXTAREA" && fromEl.defaultValue !== toEl.defaultValue) {
    const value = fromEl.value;
    fromEl.defaultValue = toEl.defaultValue;
    if (fromEl.value !== value) fromEl.value = value;
  }
  return false;
}

/** Focus left `field`: the server's render it held back applies now (reconcile on blur). */
export function applyHeld(field) {
  const next = heldRender(field);
  if (next) morphdom(field, next, morphOptions([], false, new Set([field])));
}

// The server's HTML of each hooked element as last rendered. morphdom visits every element on
// every patch; a hook's `updated` is for the elements whose render changed, and not for what
// the browser changed meanwhile (dj-loading, the hook's own DOM work).
const rendered = new WeakMap();

function renderChanged(el, serverEl) {
  const html = serverEl.outerHTML;
  // Elements of the HTTP render have no record yet: compare with the page as it is.
  const last = rendered.has(el) ? rendered.get(el) : el.outerHTML;
  rendered.set(el, html);
  return html !== last;
}

// The server's attributes on a field that keeps the user's value. For an input, `value` is the
// default: the live value the user typed does not follow it.
function copyAttributes(fromEl, toEl) {
  for (const { name } of [...fromEl.attributes]) {
    if (!toEl.hasAttribute(name)) fromEl.removeAttribute(name);
  }
  for (const { name, value } of toEl.attributes) {
    if (fromEl.getAttribute(name) !== value) fromEl.setAttribute(name, value);
  }
}
