// Fields the user has typed into since the server last acknowledged an event from them. A
// resume (a whole tree after a reconnection) must not overwrite what the user typed meanwhile.
//
// Each field keeps the stamp of its last 'input' event rather than a yes/no flag, so that an
// acknowledgement only cleans the fields that did not change again while the event was in
// flight. Stamps come from one counter that never restarts: a field cleaned by one reply and
// typed into again must not match what an older event in flight recorded (a form's dj-submit
// sent with its field's dj-change, answered after it).

const edits = new WeakMap(); // field -> stamp of its last edit
let lastStamp = 0;

export function markDirty(field) {
  lastStamp += 1;
  edits.set(field, lastStamp);
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
  for (const [field, stamp] of snapshot) {
    if (edits.get(field) === stamp) edits.delete(field);
  }
}
