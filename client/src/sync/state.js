// What a page holds of a channel: flat layers by (instance type, id), each with the version
// it came with, and the nested state rebuilt from them as the serializer nests it (the join
// reply's shape says which fields hold ids of which layers), with the page's own writes that
// the server has not shown yet applied on top (pending.js). Pure: no socket, no DOM.

import {
  LAYER_DELETED,
  LAYER_ID,
  LAYER_TYPE,
  LAYER_VERSION,
  PAYLOAD_ANCHORS,
  PAYLOAD_INSTANCES,
  PAYLOAD_RESET,
} from "./protocol.js";
import { keyOf, PendingWrites } from "./pending.js";

export class SyncState {
  constructor() {
    this.shape = null; // {root, many, nested: {type: {field: [type, many]}}}
    this.layers = new Map(); // key -> the flat layer held
    this.versions = new Map(); // key -> the newest version seen of that row, deletes too
    this.anchors = [];
    this.pending = new PendingWrites();
  }

  /** The newest version held: sent as the watermark of a re-join (null before any state). */
  get watermark() {
    let newest = null;
    for (const version of this.versions.values()) if (newest === null || version > newest) newest = version;
    return newest;
  }

  /**
   * Apply an `instances` payload; returns whether anything held changed. A layer older than
   * (or as old as) what is held of its row is skipped, so a late frame never undoes a newer
   * one; a tombstone deletes (one for a row never held changes nothing); a reset replaces all.
   */
  apply(payload) {
    let changed = false;
    if (payload[PAYLOAD_RESET]) {
      changed = this.layers.size > 0;
      this.layers.clear();
      this.versions.clear();
      changed = this.pending.dropConfirmed() || changed;
    }
    if (Array.isArray(payload[PAYLOAD_ANCHORS])) changed = this.setAnchors(payload[PAYLOAD_ANCHORS]) || changed;
    for (const layer of payload[PAYLOAD_INSTANCES] || []) {
      const key = keyOf(layer[LAYER_TYPE], layer[LAYER_ID]);
      const version = layer[LAYER_VERSION];
      const held = this.versions.get(key);
      if (held !== undefined && held >= version) continue;
      this.versions.set(key, version);
      changed = this.pending.settle(key, version) || changed;
      if (layer[LAYER_DELETED]) {
        changed = this.layers.delete(key) || changed;
      } else {
        this.layers.set(key, layer);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * Show a write of the page before the server answers (see pending.js); the id to
   * `confirm` or `drop` it by, or null when the row it writes (for a create, its parent) is
   * not held: there is nothing to show it on. `write`: `{op: "save", type, id, data}`,
   * `{op: "delete", type, id}` or `{op: "create", type, data, parent: {type, id, field}}`.
   */
  hold(write) {
    const waitsFor = write.op === "create" ? keyOf(write.parent.type, write.parent.id) : keyOf(write.type, write.id);
    if (!this.layers.has(waitsFor)) return null;
    return this.pending.add(write, this.versions.get(waitsFor));
  }

  /**
   * Where a row of `type` created under a parent goes: `{type, field}` of the one list of the
   * state that holds rows of `type`; null when there is none, or more than one.
   */
  createdUnder(type) {
    const found = [];
    for (const [parent, fields] of Object.entries((this.shape && this.shape.nested) || {})) {
      for (const [field, [child, many]] of Object.entries(fields)) {
        if (child === type && many) found.push({ type: parent, field });
      }
    }
    return found.length === 1 ? found[0] : null;
  }

  /** The connection's anchors, in order (an `anchors` frame); returns whether they changed. */
  setAnchors(anchors) {
    const same = anchors.length === this.anchors.length && anchors.every((a, i) => a === this.anchors[i]);
    this.anchors = [...anchors];
    return !same;
  }

  /**
   * The state: the anchor's row with its nested rows (a list of rows for a `many` channel),
   * without the wire's `_` keys; null before the state arrived or once the anchor is deleted.
   * A nested id whose row is not held (yet) is left out of its list, or null.
   */
  build() {
    if (this.shape === null) return null;
    const { root, many } = this.shape;
    const built = [];
    for (const anchor of this.anchors) {
      const row = this.row(root, anchor);
      if (row !== undefined) built.push(this.buildRow(root, row, new Set()));
    }
    if (many) return built;
    return built.length > 0 ? built[0] : null;
  }

  /** The row `id` of the layer `type` with its nested rows; null when it is not held. */
  instance(type, id) {
    if (this.shape === null) return null;
    const row = this.layers.get(keyOf(type, id));
    return row === undefined ? null : this.buildRow(type, row, new Set());
  }

  // `path`: the rows being built above this one; a row that nests itself is cut there.
  buildRow(type, row, path) {
    path = new Set(path).add(keyOf(type, row[LAYER_ID]));
    const nested = (this.shape.nested && this.shape.nested[type]) || {};
    const built = {};
    for (const [name, value] of Object.entries(row)) {
      if (!name.startsWith("_")) built[name] = value;
    }
    for (const [name, [childType, many]] of Object.entries(nested)) {
      let held = row[name];
      if (many) {
        held = this.pending.children(type, row[LAYER_ID], name, held);
        built[name] = [];
        for (const id of held || []) {
          const child = this.child(childType, id, path);
          if (child !== undefined) built[name].push(this.buildRow(childType, child, path));
        }
      } else {
        const child = this.child(childType, held, path);
        built[name] = child === undefined ? null : this.buildRow(childType, child, path);
      }
    }
    return built;
  }

  child(type, id, path) {
    if (id === null || id === undefined || path.has(keyOf(type, id))) return undefined;
    return this.row(type, id);
  }

  // The row as the page shows it: the server's layer with the page's pending writes.
  row(type, id) {
    const layer = this.layers.get(keyOf(type, id));
    return this.pending.size === 0 ? layer : this.pending.row(type, id, layer);
  }
}
