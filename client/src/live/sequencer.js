// Version bookkeeping of one view join (docs/protocol.md, "Versions"), kept free of I/O so it
// can be tested alone. Every frame that carries a diff has the version the view reaches once the
// diff is applied, so diffs are applied strictly one version after another.
//
// While the view's own events are in flight, a diff may arrive ahead of one it depends on (the
// server writes a push and an event reply from different tasks): such diffs wait in `pending`
// until the gap is filled. Once nothing is in flight, a gap that is still open can never be
// filled and the view must resync (re-join). After a resync, or `stall()`, the sequencer ignores
// everything until `reset()` is called with the version the join reply brought.

/** What the view must do after a frame: apply these diffs in order, then maybe resync. */
const step = (apply, resync) => ({ apply, resync });
const NOTHING = step([], false);

export class Sequencer {
  constructor(version) {
    this.reset(version);
  }

  /** Start over at `version` (the HTTP render, or a join reply). */
  reset(version) {
    this.version = version;
    this.inFlight = 0;
    this.pending = new Map();
    // The highest version a reply without a diff told us the server had reached.
    this.target = version;
    this.stalled = false;
  }

  /** An event was sent: its reply will come. */
  sent() {
    this.inFlight += 1;
  }

  /** A server-initiated `diff` frame. */
  push(version, diff) {
    if (this.stalled) return NOTHING;
    const expected = this.version + 1;
    if (version !== expected && this.inFlight === 0 && this.pending.size === 0) {
      return this.resync();
    }
    return this.offer(version, diff);
  }

  /** The `ok` reply to an event: `{v, d?}`. */
  reply(version, diff) {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.stalled) return NOTHING;
    if (diff === undefined) {
      this.target = Math.max(this.target, version);
      return this.drain();
    }
    return this.offer(version, diff);
  }

  /** The `error` reply to an event: the view's state did not change. */
  failed() {
    return this.reply(this.version, undefined);
  }

  offer(version, diff) {
    // A version already applied (or announced twice) means the two sides disagree.
    if (version <= this.version || this.pending.has(version)) return this.resync();
    this.pending.set(version, diff);
    return this.drain();
  }

  drain() {
    const apply = [];
    while (this.pending.has(this.version + 1)) {
      this.version += 1;
      apply.push(this.pending.get(this.version));
      this.pending.delete(this.version);
    }
    const gapOpen = this.pending.size > 0 || this.version < this.target;
    if (this.inFlight === 0 && gapOpen) return { ...this.resync(), apply };
    return step(apply, false);
  }

  /** Ignore every frame until the next `reset()` (a join is under way). */
  stall() {
    this.stalled = true;
    this.pending.clear();
  }

  resync() {
    this.stall();
    return step([], true);
  }
}
