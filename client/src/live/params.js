// The parameters an event sends, per binding (docs/protocol.md, "Parameters sent").

import { ATTR_VALUE_PREFIX } from "./attributes.js";
import { PARAM_KEY, PARAM_VALUE } from "./protocol.js";

const FIELD_TAGS = new Set(["INPUT", "SELECT", "TEXTAREA"]);

export const isField = (el) => FIELD_TAGS.has(el.tagName);
const isCheckable = (el) => el.type === "checkbox" || el.type === "radio";

/** `dj-value-<name>="..."` attributes as `{name: "..."}`. */
export function valueParams(el) {
  const params = {};
  for (const { name, value } of el.attributes) {
    if (name.startsWith(ATTR_VALUE_PREFIX)) params[name.slice(ATTR_VALUE_PREFIX.length)] = value;
  }
  return params;
}

/** A field's value: a list for a multiple select; "" for an unchecked checkbox or radio. */
export function fieldValue(field) {
  if (isCheckable(field)) return field.checked ? field.value : "";
  if (field.tagName === "SELECT" && field.multiple) {
    return [...field.options].filter((option) => option.selected).map((option) => option.value);
  }
  return field.value;
}

/** dj-input / dj-change on a field. An unchecked checkbox has no named entry, as in a form. */
export function fieldParams(field) {
  const value = fieldValue(field);
  const params = { [PARAM_VALUE]: value };
  if (field.name && !(isCheckable(field) && !field.checked)) params[field.name] = value;
  return { ...params, ...valueParams(field) };
}

/** [name, value] entries (a FormData) as an object; a repeated name gives a list. */
export function entriesToParams(entries) {
  const params = {};
  for (const [name, entry] of entries) {
    // A file cannot travel in a JSON frame: its name stands for it.
    const value = typeof entry === "string" ? entry : entry.name;
    if (!(name in params)) params[name] = value;
    else if (Array.isArray(params[name])) params[name].push(value);
    else params[name] = [params[name], value];
  }
  return params;
}

/** dj-change / dj-submit on a form: its named fields (as the browser submits them). */
export function formParams(form, submitter) {
  const data = submitter ? new FormData(form, submitter) : new FormData(form);
  return { ...entriesToParams(data), ...valueParams(form) };
}

/** dj-keydown / dj-keyup: the key, and the value when the element is a field. */
export function keyParams(el, event) {
  const params = { [PARAM_KEY]: event.key };
  if (isField(el)) params[PARAM_VALUE] = fieldValue(el);
  return { ...params, ...valueParams(el) };
}
