// A view's DOM side: diffs merged into its tree, then the page patched once per step, either
// the keyed rows a diff touches or the whole root rebuilt from the tree.

import { patch, patchElement } from "./dom.js";
import { patchRows, rowChanges } from "./rows.js";
import { mergeTree, treeToHTML } from "./tree.js";
import { announceContent } from "../transport/dom-events.js";

export class Patcher {
  /** `view` holds `root`, `tree`, `statics` and `hooks`, and can `resync()`. */
  constructor(view) {
    this.view = view;
    this.counts = { rows: 0, whole: 0 };
  }

  /**
   * Apply a sequencer step: merge its diffs, patch the page once, resync if asked. `owned` are
   * fields whose value the server's render decides even if focused (a form just submitted).
   */
  apply({ apply: diffs, resync }, owned = []) {
    const view = this.view;
    try {
      // Diffs that only touch keyed rows patch those rows' elements; any other diff (or a
      // submitted form whose fields the server decides) rebuilds the whole root.
      let whole = owned.length > 0;
      const rowWork = [];
      for (const diff of diffs) {
        const changes = whole ? null : rowChanges(view.tree, diff);
        view.tree = mergeTree(view.tree, diff, view.statics);
        if (changes === null) whole = true;
        else rowWork.push(changes);
      }
      if (whole) this.render({ owned });
      else if (rowWork.length > 0) this.patchRows(rowWork);
    } catch (error) {
      // A diff that does not fit the tree (or unknown statics): the server has the truth.
      console.warn("djwire: could not apply a diff, resyncing", error);
      view.resync();
      return;
    }
    if (resync) view.resync();
  }

  patchRows(work) {
    const view = this.view;
    const updated = [];
    const morph = (el, newEl) => updated.push(...patchElement(el, newEl));
    try {
      for (const changes of work) patchRows(view.root, changes, view.statics, morph);
      this.counts.rows += 1;
    } catch (error) {
      console.debug("djwire: rows patched whole", error);
      this.render(); // the tree is right: the whole root from it is right too
      return;
    }
    view.hooks.afterPatch(view.root, updated);
    announceContent(view.root);
  }

  render({ resume = false, owned = [] } = {}) {
    const view = this.view;
    this.counts.whole += 1;
    const html = treeToHTML(view.tree, view.statics);
    const updated = patch(view.root, html, { resume, owned: new Set(owned) });
    view.hooks.afterPatch(view.root, updated);
    // New elements (a data-dj-signal binding among them) are wired by whoever listens.
    announceContent(view.root);
  }
}
