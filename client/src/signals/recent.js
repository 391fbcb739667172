// The signal ids seen lately, to drop a signal the server sent twice. Bounded: a page left open
// for days must not keep every id it ever received (df_websockets' registry does).

export const RECENT_IDS = 1000;

export class RecentIds {
  constructor(limit = RECENT_IDS) {
    this.limit = limit;
    this.ids = new Set(); // insertion order: the oldest first
  }

  /** Remember `id`; false if it was already among the last `limit` ids. */
  add(id) {
    if (this.ids.has(id)) {
      // Seen again: it is recent, whatever its age.
      this.ids.delete(id);
      this.ids.add(id);
      return false;
    }
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value);
    return true;
  }

  get size() {
    return this.ids.size;
  }
}
