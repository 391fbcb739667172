// One LiveView join: the root element, its token and version, its rendered tree and statics,
// and the frames of its topic.

import {
  ATTR_TOKEN,
  ATTR_TREE,
  ATTR_VERSION,
  DOM_ERROR,
  DOM_EVENT_PREFIX,
  DOM_JOINED,
  ERROR_BAD_TOKEN,
  EVENT_DIFF,
  EVENT_ERROR,
  EVENT_EVENT,
  EVENT_JOIN,
  EVENT_LEAVE,
  EVENT_OK,
  EVENT_PUSH,
  PAYLOAD_CODE,
  PAYLOAD_DIFF,
  PAYLOAD_FINGERPRINTS,
  PAYLOAD_HANDLER,
  PAYLOAD_NEW_TOKEN,
  PAYLOAD_PARAMS,
  PAYLOAD_PUSH_EVENT,
  PAYLOAD_PUSH_PAYLOAD,
  PAYLOAD_REASON,
  PAYLOAD_TOKEN,
  PAYLOAD_TREE,
  PAYLOAD_VERSION,
} from "./constants.js";
import { acknowledgeFields, isDirty, snapshotFields } from "./dirty.js";
import { patch, patchElement } from "./dom.js";
import { isField } from "./params.js";
import { ViewHooks } from "./hooks.js";
import { startLoading } from "./loading.js";
import { patchRows, rowChanges } from "./rows.js";
import { Sequencer } from "./sequencer.js";
import { collectStatics, mergeTree, treeToHTML } from "./tree.js";

// Events kept while the view is not joined; more than that and the user is clicking at a page
// that cannot answer yet.
const MAX_WAITING = 50;

export class View {
  constructor(root, socket, topic, hookRegistry) {
    this.root = root;
    this.socket = socket;
    this.topic = topic;
    this.token = root.getAttribute(ATTR_TOKEN);
    this.statics = new Map();
    this.tree = readEmbeddedTree(root);
    if (this.tree !== null) collectStatics(this.tree, this.statics);
    this.sequencer = new Sequencer(Number(root.getAttribute(ATTR_VERSION)) || 0);
    this.sequencer.stall(); // until joined
    this.joined = false;
    // Events sent before the view is joined (a hook's mounted, a click during a reconnect)
    // wait here and go out, in order, right after the join.
    this.waiting = [];
    // How each diff reached the page: keyed rows patched in place, or the whole root.
    this.patches = { rows: 0, whole: 0 };
    // Replies to events sent before the latest join belong to a state the join replaced.
    this.generation = 0;
    this.hooks = new ViewHooks(hookRegistry, (name, params, el) => this.pushEvent(name, params, el));
    this.hooks.afterPatch(root);
    socket.subscribe(topic, (event, payload) => this.received(event, payload));
    socket.onOpen(() => this.join());
  }

  async join() {
    this.joined = false;
    this.generation += 1;
    this.sequencer.stall();
    const payload = {
      [PAYLOAD_TOKEN]: this.token,
      [PAYLOAD_VERSION]: this.tree === null ? null : this.sequencer.version,
      [PAYLOAD_FINGERPRINTS]: [...this.statics.keys()],
    };
    let reply;
    try {
      reply = await this.socket.request(this.topic, EVENT_JOIN, payload);
    } catch {
      return; // disconnected: the reconnection joins again
    }
    if (reply.event !== EVENT_OK) {
      this.failed(reply.payload);
      const { [PAYLOAD_CODE]: code, [PAYLOAD_REASON]: reason } = reply.payload;
      // An expired token cannot be renewed over the socket: only a fresh HTTP render can.
      if (code === ERROR_BAD_TOKEN && /expired/.test(reason)) window.location.reload();
      return;
    }
    const {
      [PAYLOAD_VERSION]: v,
      [PAYLOAD_NEW_TOKEN]: tk,
      [PAYLOAD_TREE]: t,
      [PAYLOAD_DIFF]: d,
    } = reply.payload;
    if (tk) this.token = tk;
    if (t !== undefined) this.tree = mergeTree(this.tree, t, this.statics);
    if (d !== undefined) this.tree = mergeTree(this.tree, d, this.statics);
    if (t !== undefined || d !== undefined) this.render({ resume: t !== undefined });
    this.sequencer.reset(v);
    this.joined = true;
    this.root.dispatchEvent(new CustomEvent(DOM_JOINED, { bubbles: true }));
    const waiting = this.waiting.splice(0);
    for (const [name, params, el] of waiting) this.pushEvent(name, params, el);
  }

  /** Re-join after the versions disagreed: leave, then join with what the page shows. */
  async resync() {
    this.joined = false;
    this.sequencer.stall();
    try {
      await this.socket.request(this.topic, EVENT_LEAVE, {});
    } catch {
      return; // disconnected: the reconnection joins again
    }
    await this.join();
  }

  /** Send event `name` with `params`; `el` (optional) is the element that sent it. */
  async pushEvent(name, params, el = null) {
    if (!this.joined) {
      if (this.waiting.length >= MAX_WAITING) {
        console.warn(`djwire: event ${JSON.stringify(name)} dropped: ${MAX_WAITING} wait already`);
        return;
      }
      this.waiting.push([name, params, el]);
      return;
    }
    const generation = this.generation;
    const fields = el ? snapshotFields(el) : [];
    const stopLoading = startLoading(el ? [el, this.root] : [this.root]);
    this.sequencer.sent();
    try {
      const payload = { [PAYLOAD_HANDLER]: name, [PAYLOAD_PARAMS]: params };
      const reply = await this.socket.request(this.topic, EVENT_EVENT, payload);
      if (generation !== this.generation) return;
      if (reply.event === EVENT_OK) {
        acknowledgeFields(fields);
        const { [PAYLOAD_VERSION]: v, [PAYLOAD_DIFF]: d } = reply.payload;
        this.apply(this.sequencer.reply(v, d), serverOwnedFields(el));
      } else {
        this.failed(reply.payload);
        this.apply(this.sequencer.failed());
      }
    } catch {
      // Disconnected before the reply: the join after the reconnection brings the state.
    } finally {
      stopLoading();
    }
  }

  received(event, payload) {
    if (event === EVENT_DIFF) {
      this.apply(this.sequencer.push(payload[PAYLOAD_VERSION], payload[PAYLOAD_DIFF]));
    } else if (event === EVENT_PUSH) {
      const name = DOM_EVENT_PREFIX + payload[PAYLOAD_PUSH_EVENT];
      const detail = payload[PAYLOAD_PUSH_PAYLOAD];
      this.root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
    } else if (event === EVENT_ERROR) {
      this.failed(payload);
    }
  }

  /**
   * Apply a sequencer step: merge its diffs, patch the page once, resync if asked. `owned` are
   * fields whose value the server's render decides even if focused (a form just submitted).
   */
  apply({ apply: diffs, resync }, owned = []) {
    try {
      // Diffs that only touch keyed rows patch those rows' elements; any other diff (or a
      // submitted form whose fields the server decides) rebuilds the whole root.
      let whole = owned.length > 0;
      const rowWork = [];
      for (const diff of diffs) {
        const changes = whole ? null : rowChanges(this.tree, diff);
        this.tree = mergeTree(this.tree, diff, this.statics);
        if (changes === null) whole = true;
        else rowWork.push(changes);
      }
      if (whole) this.render({ owned });
      else if (rowWork.length > 0) this.patchRows(rowWork);
    } catch (error) {
      // A diff that does not fit the tree (or unknown statics): the server has the truth.
      console.warn("djwire: could not apply a diff, resyncing", error);
      this.resync();
      return;
    }
    if (resync) this.resync();
  }

  patchRows(work) {
    const updated = [];
    const morph = (el, newEl) => updated.push(...patchElement(el, newEl));
    try {
      for (const changes of work) patchRows(this.root, changes, this.statics, morph);
      this.patches.rows += 1;
    } catch (error) {
      console.debug("djwire: rows patched whole", error);
      this.render(); // the tree is right: the whole root from it is right too
      return;
    }
    this.hooks.afterPatch(this.root, updated);
  }

  render({ resume = false, owned = [] } = {}) {
    this.patches.whole += 1;
    const html = treeToHTML(this.tree, this.statics);
    const updated = patch(this.root, html, { resume, owned: new Set(owned) });
    this.hooks.afterPatch(this.root, updated);
  }

  failed(payload) {
    console.warn(`djwire: ${this.topic}: ${payload[PAYLOAD_CODE]}: ${payload[PAYLOAD_REASON]}`);
    this.root.dispatchEvent(new CustomEvent(DOM_ERROR, { bubbles: true, detail: payload }));
  }
}

// After its dj-submit is acknowledged, a form's fields show what the server rendered (a saved
// todo clears its input even though the input still has focus), except fields typed into
// while the event was in flight.
function serverOwnedFields(el) {
  if (!el || el.tagName !== "FORM") return [];
  return [...el.elements].filter((field) => isField(field) && !isDirty(field));
}

// The tree of the HTTP render, in <script type="application/json" dj-tree> inside the root. The
// script is removed so that it is not part of what the patches compare.
function readEmbeddedTree(root) {
  const script = root.querySelector(`:scope > script[${ATTR_TREE}]`);
  if (!script) return null;
  script.remove();
  return JSON.parse(script.textContent);
}
