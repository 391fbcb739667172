// The page's own writes that the server has not shown yet, applied to the state at once
// (optimistic, as RxDjango does) but kept apart from the layers the server sent: a write that
// is refused is dropped, and what the page shows is again exactly what the server sent, with
// every frame that came meanwhile. A write is also dropped once a newer layer of the row it
// waits for arrives (the row itself; for a create, its parent, whose list then holds the new
// id): from then on the server's state, which has the write, is what the page shows.

export const keyOf = (type, id) => `${type}\u0000${id}`;

export class PendingWrites {
  constructor() {
    this.writes = new Map(); // write id -> {op, type, id, data, waitsFor, since, confirmed, parent}
    this.nextId = 1;
    this.nextTemporaryId = -1; // ids of rows being created: negative, as RxDjango's
  }

  get size() {
    return this.writes.size;
  }

  /**
   * Hold a write; its id. `write`: `{op: "save" | "delete", type, id, data?}` or
   * `{op: "create", type, data, parent: {type, id, field}}`; `since`: the version held of the
   * row it waits for (null when none is held).
   */
  add(write, since) {
    const id = this.nextId++;
    const held = { ...write, since: since ?? -Infinity, confirmed: false };
    if (write.op === "create") {
      held.id = this.nextTemporaryId--;
      held.waitsFor = keyOf(write.parent.type, write.parent.id);
    } else {
      held.waitsFor = keyOf(write.type, write.id);
    }
    held.key = keyOf(write.type, held.id);
    this.writes.set(id, held);
    return id;
  }

  /** The server said ok: the write stays shown until its broadcast arrives. */
  confirm(id) {
    const held = this.writes.get(id);
    if (held !== undefined) held.confirmed = true;
  }

  /** The write failed (or will not be shown): drop it; returns whether one was held. */
  drop(id) {
    return this.writes.delete(id);
  }

  /** A layer of `key` with `version` was applied: drop the writes it supersedes. */
  settle(key, version) {
    let dropped = false;
    for (const [id, held] of this.writes) {
      if (held.waitsFor === key && version > held.since) dropped = this.writes.delete(id) || dropped;
    }
    return dropped;
  }

  /** A snapshot replaced the state: the writes the server confirmed are in it. */
  dropConfirmed() {
    let dropped = false;
    for (const [id, held] of this.writes) if (held.confirmed) dropped = this.writes.delete(id) || dropped;
    return dropped;
  }

  /** `layer` (the server's, or undefined) of the row `type`/`id` with the writes applied. */
  row(type, id, layer) {
    const key = keyOf(type, id);
    for (const held of this.writes.values()) {
      if (held.key !== key) continue;
      if (held.op === "delete") return undefined;
      if (held.op === "save" && layer !== undefined) layer = { ...layer, ...held.data };
      if (held.op === "create") layer = { ...held.data, id, _instance_type: type };
    }
    return layer;
  }

  /** The ids of `field` of the row `type`/`id`, with the rows being created under it. */
  children(type, id, field, ids) {
    const key = keyOf(type, id);
    let all = ids;
    for (const held of this.writes.values()) {
      if (held.op === "create" && held.waitsFor === key && held.parent.field === field) {
        all = [...(all || []), held.id];
      }
    }
    return all;
  }
}
