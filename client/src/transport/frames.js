// Frames on the wire: every frame, both ways, is the JSON array [ref, topic, event, payload].

export function encodeFrame(ref, topic, event, payload) {
  return JSON.stringify([ref, topic, event, payload]);
}

/** The frame as `{ref, topic, event, payload}`, or null when it is not a 4-item array. */
export function decodeFrame(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(frame) || frame.length !== 4) return null;
  const [ref, topic, event, payload] = frame;
  return { ref, topic, event, payload };
}
