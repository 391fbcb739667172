// Fields the user has typed into since the server last acknowledged an event from them. A
// resume (a whole tree after a reconnection) must not overwrite what the user typed meanwhile.
//
// Each field keeps a count of its 'input' events rather than a yes/no flag, so that an
// acknowledgement only cleans the fields that did not change again while the event was in
// flight.

const edits = new WeakMap();

export function markDirty(field) {
  edits.set(field, (edits.get(field) || 0) + 1);
}

export function isDirty(field) {
  return edits.has(field);
}

/** The fields an event from `el` speaks for (the field, or every field of a form), as sent. */
export function snapshotFields(el) {
  const fields = el.tagName === "FORM" ? [...el.elements] : [el];
  return fields.filter((field) => edits.has(field)).map((field) => [field, edits.get(field)]);
}

/** The server acknowledged the event: those fields are clean unless typed into since. */
export function acknowledgeFields(snapshot) {
  for (const [field, count] of snapshot) {
    if (edits.get(field) === count) edits.delete(field);
  }
}
