// Forms as signals read and write them: a form serialized as a list of {name, value} (the shape
// of jQuery's serializeArray, which df_websockets' SerializedForm expects), one field's value
// for `value: key` bindings, and the fields html.forms.set writes.

const BUTTON_TYPES = new Set(["button", "image", "reset", "submit"]);

const isCheckable = (field) => field.type === "checkbox" || field.type === "radio";
const isMultiple = (field) => field.tagName === "SELECT" && field.multiple;
const fileNames = (field) => [...(field.files || [])].map((file) => file.name);
const selectedValues = (select) => [...select.options].filter((o) => o.selected).map((o) => o.value);

/**
 * The named fields of `form` as [{name, value}], in document order, as a submit would send them
 * without its button: unchecked boxes, disabled fields and buttons are left out; a multiple
 * select gives one entry per selected option, a file field one per file (its name: a file
 * cannot travel in a JSON frame).
 */
export function serializeForm(form) {
  const entries = [];
  for (const field of form ? form.elements : []) {
    if (!field.name || field.disabled || field.tagName === "BUTTON" || BUTTON_TYPES.has(field.type)) continue;
    let values;
    if (isCheckable(field)) values = field.checked ? [field.value] : [];
    else if (field.type === "file") values = fileNames(field);
    else if (field.tagName === "SELECT") values = selectedValues(field);
    else values = [field.value];
    for (const value of values) entries.push({ name: field.name, value });
  }
  return entries;
}

/**
 * What a `value: key` binding sends: `checked` for a checkbox or radio, the selected values of a
 * multiple select, the names of the chosen files, the value otherwise.
 */
export function signalValue(field) {
  if (isCheckable(field)) return Boolean(field.checked);
  if (isMultiple(field)) return selectedValues(field);
  if (field.type === "file") return fileNames(field);
  return field.value === undefined ? null : field.value;
}

/** The fields of `container` named `name` (a form's elements, or the fields inside it). */
function fieldsNamed(container, name) {
  const fields = container.elements || container.querySelectorAll("input, select, textarea");
  return [...fields].filter((field) => field.name === name);
}

/**
 * Show `value` in `fields` (all of one name): a boolean checks or unchecks boxes; a string or a
 * list checks the boxes and selects the options whose value it holds; a list fills same-named
 * text fields in order.
 */
export function setFields(fields, value) {
  const wanted = (Array.isArray(value) ? value : [value]).map(String);
  fields.forEach((field, i) => {
    if (isCheckable(field)) {
      field.checked = typeof value === "boolean" ? value : wanted.includes(field.value);
    } else if (field.tagName === "SELECT") {
      const options = [...field.options];
      const keep = field.multiple ? wanted : wanted.slice(0, 1);
      for (const option of options) option.selected = keep.includes(option.value);
    } else if (field.type !== "file") {
      // A browser refuses to set a file field's value from script.
      field.value = Array.isArray(value) ? (value[i] ?? "") : String(value);
    }
  });
}

/**
 * html.forms.set, in both of df_websockets' shapes: the one its code implements,
 * `{selector: <form>, values: [{name, value}]}`, and the one its docs show,
 * `{selector: <fields>, value}`.
 */
export function setForms(document, { selector, values, value }) {
  for (const el of document.querySelectorAll(selector)) {
    if (Array.isArray(values)) {
      for (const entry of values) setFields(fieldsNamed(el, entry.name), entry.value);
    } else if (value !== undefined) {
      setFields([el], value);
    }
  }
}
