// The 17 built-in html.* signals, with df_websockets' names and parameters: the server triggers
// them on a window (trigger(request, "html.text", to=WINDOW, selector=..., content=...)) and a
// page may call them itself (djwire.signals.call("html.text", {...})). They act on every element
// the selector matches (html.focus: on the first). Content they insert is announced with a
// bubbling DOMContentAdded (and djwire:content-added) event so the bindings wire it.

import { announceContent } from "../transport/dom-events.js";
import { setForms } from "./forms.js";

// The nodes of `html`, parsed in a <template> (its scripts do not run, as with innerHTML).
function parse(document, html) {
  const template = document.createElement("template");
  template.innerHTML = html == null ? "" : String(html);
  return [...template.content.childNodes];
}

const isElement = (node) => node.nodeType === 1;

// Insert `content` with `place(el, nodes)` at every match, then announce each new element.
function inserting(place) {
  return (document) =>
    ({ selector, content }) => {
      for (const el of document.querySelectorAll(selector)) {
        const nodes = parse(document, content);
        place(el, nodes);
        nodes.filter(isElement).forEach(announceContent);
      }
    };
}

// For each match of `selector`: act(el, opts).
const each = (act) => (document) => (opts) => {
  for (const el of document.querySelectorAll(opts.selector)) act(el, opts);
};

const classNames = (value) => String(value).split(/\s+/).filter(Boolean);

function downloadFile(document) {
  return ({ url, filename }) => {
    const link = document.createElement("a");
    link.href = url;
    link.download = filename || "unknown";
    link.style.display = "none";
    document.body.append(link);
    link.click();
    link.remove();
    // An object URL the page made for this download is not needed once the download started.
    if (String(url).startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(url), 0);
  };
}

/** name -> (document) => handler(opts, signalId) */
const BUILDERS = {
  "html.add_attribute": each((el, { attr_name, attr_value }) => el.setAttribute(attr_name, attr_value)),
  "html.add_class": each((el, { class_name }) => el.classList.add(...classNames(class_name))),
  "html.after": inserting((el, nodes) => el.after(...nodes)),
  "html.append": inserting((el, nodes) => el.append(...nodes)),
  "html.before": inserting((el, nodes) => el.before(...nodes)),
  "html.boolean_attribute": each((el, { name, value }) => {
    if (value) el.setAttribute(name, name);
    else el.removeAttribute(name);
  }),
  // Every child is new: the element itself is announced, text-only content included.
  "html.content": (document) => ({ selector, content }) => {
    for (const el of document.querySelectorAll(selector)) {
      el.replaceChildren(...parse(document, content));
      announceContent(el);
    }
  },
  "html.download_file": downloadFile,
  "html.empty": each((el) => el.replaceChildren()),
  "html.focus": (document) => ({ selector }) => {
    const el = document.querySelector(selector);
    if (el) el.focus({ preventScroll: false });
  },
  "html.forms.set": (document) => (opts) => setForms(document, opts),
  "html.prepend": inserting((el, nodes) => el.prepend(...nodes)),
  "html.remove": each((el) => el.remove()),
  "html.remove_attr": each((el, { attr_name }) => el.removeAttribute(attr_name)),
  "html.remove_class": each((el, { class_name }) => el.classList.remove(...classNames(class_name))),
  "html.replace_with": inserting((el, nodes) => el.replaceWith(...nodes)),
  "html.text": each((el, { content }) => (el.textContent = content == null ? "" : String(content))),
};

/** The names of the built-in signals: run in the page, never sent to the server. */
export const BUILTIN_SIGNALS = Object.freeze(Object.keys(BUILDERS).sort());

export const isBuiltin = (name) => Object.prototype.hasOwnProperty.call(BUILDERS, name);

/** Connect the built-ins, acting on `document`, to `registry` (before any page handler). */
export function connectBuiltins(registry, document) {
  for (const name of BUILTIN_SIGNALS) registry.connect(name, BUILDERS[name](document));
}
