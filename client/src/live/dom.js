// Patching a view's root with the HTML rebuilt from its tree, keeping what the user is doing:
// the focused field, regions marked dj-update="ignore", fields typed into during a resume, and
// the dj-loading class of elements whose event is in flight, and the elements it disables.

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
import { isDirty } from "./dirty.js";
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
 * `owned` fields take the server's value even when focused.
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
      if (!owned.has(fromEl) && keepsUserValue(fromEl, resume)) {
        copyAttributes(fromEl, toEl);
        return false;
      }
      return true;
    },
  };
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

const isCheckable = (el) => el.type === "checkbox" || el.type === "radio";

// A checkbox has nothing to lose while focused (a click sends its change at once), a text
// field its value, selection and caret.
function keepsUserValue(el, resume) {
  if (!isField(el)) return false;
  const focused = el.ownerDocument.activeElement === el && !isCheckable(el);
  return focused || (resume && isDirty(el));
}

// The server's attributes, except `value` on a field whose value is the user's. A checkbox's
// `value` is what it submits; its user state is the `checked` property, which the attribute no
// longer drives once the user has clicked it.
function copyAttributes(fromEl, toEl) {
  const skip = (name) => name === "value" && !isCheckable(fromEl);
  for (const { name } of [...fromEl.attributes]) {
    if (!skip(name) && !toEl.hasAttribute(name)) fromEl.removeAttribute(name);
  }
  for (const { name, value } of toEl.attributes) {
    if (!skip(name) && fromEl.getAttribute(name) !== value) fromEl.setAttribute(name, value);
  }
}
