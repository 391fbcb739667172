// The rendered tree of docs/protocol.md: merging diffs into it and turning it into HTML.
// Pure functions, no DOM. `statics` is a Map fingerprint -> statics kept per join.

import {
  DIFF_OPS,
  OP_DELETE,
  OP_INSERT,
  OP_MOVE,
  OP_REBUILD,
  OP_UPDATE,
  TREE_FINGERPRINT,
  TREE_ROWS,
  TREE_STATICS,
} from "./protocol.js";

const isObject = (value) => value !== null && typeof value === "object";
const isComprehension = (node) => isObject(node) && TREE_ROWS in node;

/** Record the statics of `node` and of every node below it that carries them. */
export function collectStatics(node, statics) {
  if (!isObject(node)) return statics;
  if (TREE_STATICS in node) statics.set(node[TREE_FINGERPRINT], node[TREE_STATICS]);
  if (isComprehension(node)) {
    for (const row of node[TREE_ROWS]) collectRow(row, statics);
  } else {
    for (const key of dynamicKeys(node)) collectStatics(node[key], statics);
  }
  return statics;
}

function collectRow(row, statics) {
  for (const dynamic of row) collectStatics(dynamic, statics);
}

// The keys of a fragment's dynamics ("0", "1", ...), whatever other keys it carries.
function dynamicKeys(node) {
  return Object.keys(node).filter((key) => /^\d+$/.test(key));
}

/**
 * Apply `diff` to `tree` and return the new tree (the old one may be mutated).
 * A string or an object with "f" replaces the node; any other object is merged into it.
 */
export function mergeTree(tree, diff, statics) {
  if (!isObject(diff) || TREE_FINGERPRINT in diff) {
    collectStatics(diff, statics);
    return diff;
  }
  if (isComprehension(tree)) {
    applyOps(tree[TREE_ROWS], diff[DIFF_OPS] || [], statics);
    return tree;
  }
  if (!isObject(tree) || DIFF_OPS in diff) {
    throw new Error(`djwire: cannot merge ${JSON.stringify(diff)} into ${JSON.stringify(tree)}`);
  }
  mergeDynamics(tree, diff, statics);
  return tree;
}

// A fragment diff applied to a fragment or to a row (an array of dynamics): same keys.
function mergeDynamics(dynamics, diff, statics) {
  for (const key of Object.keys(diff)) {
    dynamics[key] = mergeTree(dynamics[key], diff[key], statics);
  }
}

function applyOps(rows, ops, statics) {
  for (const op of ops) {
    const [kind, a, b] = op;
    if (kind === OP_UPDATE) {
      mergeDynamics(rows[a], b, statics);
    } else if (kind === OP_INSERT) {
      collectRow(b, statics);
      rows.splice(a, 0, b);
    } else if (kind === OP_DELETE) {
      rows.splice(a, b);
    } else if (kind === OP_MOVE) {
      const [row] = rows.splice(a, 1);
      rows.splice(b, 0, row);
    } else if (kind === OP_REBUILD) {
      const old = rows.slice();
      for (const row of b) collectRow(row, statics);
      rows.length = 0;
      for (const j of a) rows.push(j >= 0 ? old[j] : b[-j - 1]);
    } else {
      throw new Error(`djwire: unknown comprehension op ${JSON.stringify(op)}`);
    }
  }
}

/** The HTML of `node`; statics missing from a node are looked up by fingerprint. */
export function treeToHTML(node, statics) {
  const out = [];
  render(node, statics, out);
  return out.join("");
}

function render(node, statics, out) {
  if (!isObject(node)) {
    out.push(node);
    return;
  }
  const parts = staticsOf(node, statics);
  if (isComprehension(node)) {
    for (const row of node[TREE_ROWS]) interleave(parts, row, statics, out);
  } else {
    interleave(parts, node, statics, out);
  }
}

/** The HTML of one row of comprehension `node`. */
export function rowToHTML(node, row, statics) {
  const out = [];
  interleave(staticsOf(node, statics), row, statics, out);
  return out.join("");
}

// s[0] + d0 + s[1] + d1 + ... + s[n]; `dynamics` is a fragment (keys "0".."n-1") or a row.
function interleave(parts, dynamics, statics, out) {
  out.push(parts[0]);
  for (let i = 1; i < parts.length; i++) {
    render(dynamics[i - 1], statics, out);
    out.push(parts[i]);
  }
}

function staticsOf(node, statics) {
  const parts = node[TREE_STATICS] || statics.get(node[TREE_FINGERPRINT]);
  if (!parts) {
    throw new Error(`djwire: no statics for fingerprint ${JSON.stringify(node[TREE_FINGERPRINT])}`);
  }
  return parts;
}
