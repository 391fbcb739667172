// The dj-loading class: carried by the element that sent an event and by its view's root until
// the reply. Several events may be in flight at once, so each element keeps a count.

import { CLASS_LOADING } from "./attributes.js";

const counts = new WeakMap();

/** Mark `elements` as loading; the returned function unmarks them (call it once). */
export function startLoading(elements) {
  const unique = [...new Set(elements)];
  for (const el of unique) {
    counts.set(el, (counts.get(el) || 0) + 1);
    el.classList.add(CLASS_LOADING);
  }
  return () => {
    for (const el of unique) {
      const left = counts.get(el) - 1;
      counts.set(el, left);
      if (left > 0) continue;
      el.classList.remove(CLASS_LOADING);
      // Leave no empty class="" behind: the next patch compares attributes with the server's.
      if (el.classList.length === 0) el.removeAttribute("class");
    }
  };
}

/** Whether `el` has an event in flight (the DOM patch must keep its class). */
export function isLoading(el) {
  return (counts.get(el) || 0) > 0;
}
