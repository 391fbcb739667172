// Keyed rows patched where they are: a diff that only changes, inserts, deletes or moves rows
// of keyed loops (comprehensions with "k") touches those rows' elements, found by dj-key, and
// leaves the other 9,999 alone. Anything unexpected throws, and the view then rebuilds the
// whole root from its tree, which is always right.

import { ATTR_KEY } from "./attributes.js";
import {
  DIFF_OPS,
  OP_DELETE,
  OP_INSERT,
  OP_MOVE,
  OP_UPDATE,
  TREE_FINGERPRINT,
  TREE_KEY,
  TREE_ROWS,
} from "./protocol.js";
import { rowToHTML } from "./tree.js";

const ROW_OPS = new Set([OP_UPDATE, OP_INSERT, OP_DELETE, OP_MOVE]);
const isObject = (value) => value !== null && typeof value === "object";

/**
 * The keyed loops `diff` changes in `tree`, as [node, ops, rows before], or null when the diff
 * changes anything else (then the whole root is patched). Call it before merging the diff.
 */
export function rowChanges(tree, diff) {
  const found = [];
  return collect(tree, diff, found) ? found : null;
}

function collect(node, diff, found) {
  if (!isObject(diff) || TREE_FINGERPRINT in diff || !isObject(node)) return false;
  if (TREE_ROWS in node) {
    const ops = diff[DIFF_OPS];
    if (!(TREE_KEY in node) || !Array.isArray(ops) || node[TREE_ROWS].length === 0) return false;
    if (!ops.every((op) => ROW_OPS.has(op[0]))) return false;
    found.push([node, ops, node[TREE_ROWS].slice()]);
    return true;
  }
  return Object.keys(diff).every((key) => collect(node[key], diff[key], found));
}

/**
 * Replay the ops of each change on the DOM, after the diff was merged into the tree (the row
 * objects hold their new dynamics). `morph(el, newEl)` updates a changed row's element.
 */
export function patchRows(root, changes, statics, morph) {
  for (const [node, ops, rows] of changes) {
    const keyIndex = node[TREE_KEY];
    const finder = new RowFinder(root, rows, keyIndex);
    for (const [kind, a, b] of ops) {
      if (kind === OP_UPDATE) {
        morph(finder.element(rows[a]), elementOf(rowToHTML(node, rows[a], statics)));
      } else if (kind === OP_INSERT) {
        rows.splice(a, 0, b);
        finder.place(elementOf(rowToHTML(node, b, statics)), rows, a);
      } else if (kind === OP_DELETE) {
        for (const row of rows.splice(a, b)) finder.element(row).remove();
      } else if (kind === OP_MOVE) {
        const el = finder.element(rows[a]);
        const [row] = rows.splice(a, 1);
        rows.splice(b, 0, row);
        finder.place(el, rows, b);
      }
    }
  }
}

class RowFinder {
  constructor(root, rows, keyIndex) {
    this.keyIndex = keyIndex;
    const first = root.querySelector(selector(keyOf(rows[0], keyIndex)));
    const last = root.querySelector(selector(keyOf(rows[rows.length - 1], keyIndex)));
    if (!first || !last || first.parentElement !== last.parentElement) {
      throw new Error("djwire: cannot find the rows' container");
    }
    this.container = first.parentElement;
  }

  element(row) {
    const el = this.container.querySelector(`:scope > ${selector(keyOf(row, this.keyIndex))}`);
    if (!el) throw new Error("djwire: a row's element is missing");
    return el;
  }

  // Put `el` where row `index` of `rows` is: before the next row's element or after the last.
  place(el, rows, index) {
    if (index + 1 < rows.length) this.container.insertBefore(el, this.element(rows[index + 1]));
    else if (index > 0) this.element(rows[index - 1]).after(el);
    else throw new Error("djwire: no row to place a row by");
  }
}

const selector = (key) => `[${ATTR_KEY}="${CSS.escape(key)}"]`;

// A row's key as the DOM has it: the rendered value, with HTML entities decoded.
const decoder = typeof document === "undefined" ? null : document.createElement("textarea");
function keyOf(row, keyIndex) {
  const raw = row[keyIndex];
  if (typeof raw !== "string") throw new Error("djwire: a row key is not text");
  if (!raw.includes("&")) return raw;
  decoder.innerHTML = raw;
  return decoder.value;
}

// The one element a row's HTML makes (text around it may only be whitespace).
function elementOf(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const nodes = [...template.content.childNodes];
  const elements = nodes.filter((n) => n.nodeType === 1);
  const stray = nodes.some((n) => n.nodeType !== 1 && !(n.nodeType === 3 && !n.data.trim()));
  if (elements.length !== 1 || stray) throw new Error("djwire: a row is not one element");
  return elements[0];
}
