// The rendered tree of the HTTP render, read back from the page (docs/protocol.md, "The page's
// tree"). The page embeds the template's blocks and a short stream (row counts, branches, the
// values the DOM cannot give back); every other value is read from the DOM the browser parsed.
// How: the tree is built with a sentinel for each value to read, its HTML (the skeleton) is
// parsed as the root's content, and the skeleton's nodes are walked beside the page's: where
// the skeleton has a sentinel, the page has the value. Anything that does not line up returns
// null, and the join then brings the whole tree.

import {
  BLOCK_PARTS,
  LOOP_BODY,
  LOOP_EMPTY,
  PAGE_BLOCKS,
  PAGE_EXCEPTIONS,
  PAGE_STREAM,
  PART_READ,
  PART_STREAM,
  TREE_FINGERPRINT,
  TREE_KEY,
  TREE_ROWS,
  TREE_STATICS,
} from "./protocol.js";
import { treeToHTML } from "./tree.js";

const OPEN = "\uE000";
const CLOSE = "\uE001";

/**
 * The tree `page` (the embedded JSON) describes, with its values read from the children of
 * `root`; `statics` (fingerprint -> statics) is filled with every block of the template.
 * Returns null when the page does not have the shape the tree spells.
 */
export function readPageTree(root, page, statics) {
  for (const [fingerprint, block] of Object.entries(page[PAGE_BLOCKS])) {
    statics.set(fingerprint, block[TREE_STATICS]);
  }
  try {
    const builder = new Builder(page);
    const tree = builder.fragment(page[TREE_FINGERPRINT]);
    if (builder.holes.length > 0) {
      const skeleton = root.cloneNode(false);
      skeleton.innerHTML = treeToHTML(tree, statics);
      const found = new Array(builder.holes.length);
      walk(skeleton, root, found);
      builder.holes.forEach(([owner, key], i) => {
        if (found[i] === undefined) throw new Error(`value ${i} is not on the page`);
        owner[key] = escapeHTML(found[i]);
      });
    }
    return tree;
  } catch (error) {
    console.debug("djwire: the page's tree could not be read back, the join sends it", error);
    return null;
  }
}

// The tree, with a sentinel where a value is read from the DOM (`holes` says where it goes).
class Builder {
  constructor(page) {
    this.blocks = page[PAGE_BLOCKS];
    this.stream = page[PAGE_STREAM];
    this.at = 0;
    this.exceptions = page[PAGE_EXCEPTIONS];
    this.readable = 0;
    this.holes = [];
    this.seen = new Set();
  }

  next() {
    if (this.at >= this.stream.length) throw new Error("the stream ended early");
    return this.stream[this.at++];
  }

  node(fingerprint) {
    const node = { [TREE_FINGERPRINT]: fingerprint };
    if (!this.seen.has(fingerprint)) {
      this.seen.add(fingerprint);
      node[TREE_STATICS] = this.blocks[fingerprint][TREE_STATICS];
    }
    return node;
  }

  fragment(fingerprint) {
    const node = this.node(fingerprint);
    this.values(fingerprint, node, (i) => String(i));
    return node;
  }

  // Fill `owner` (a fragment, keys "0".., or a row, an array) with the block's dynamics.
  values(fingerprint, owner, keyOf) {
    const block = this.blocks[fingerprint];
    if (!block) throw new Error(`no block ${fingerprint}`);
    block[BLOCK_PARTS].forEach((kind, i) => {
      const key = keyOf(i);
      if (kind === PART_READ) {
        const number = String(this.readable++);
        if (number in this.exceptions) {
          owner[key] = this.exceptions[number];
        } else {
          owner[key] = `${OPEN}${this.holes.length}${CLOSE}`;
          this.holes.push([owner, key]);
        }
      } else if (kind === PART_STREAM) {
        owner[key] = this.next();
      } else if (Array.isArray(kind)) {
        const branch = this.next();
        owner[key] = branch === -1 ? "" : this.fragment(kind[branch]);
      } else {
        owner[key] = this.loop(kind);
      }
    });
  }

  loop(kind) {
    const count = this.next();
    if (count === -1) return this.fragment(kind[LOOP_EMPTY]);
    const node = this.node(kind[LOOP_BODY]);
    if (TREE_KEY in kind) node[TREE_KEY] = kind[TREE_KEY];
    const rows = [];
    for (let r = 0; r < count; r++) {
      const row = [];
      this.values(kind[LOOP_BODY], row, (i) => i);
      rows.push(row);
    }
    node[TREE_ROWS] = rows;
    return node;
  }
}

// The skeleton's children beside the page's: same elements, same attributes, same text but
// where a sentinel stands for a value. A value's text may be empty, so the page may lack a
// text node the skeleton has. Siblings are followed by pointer: indexing childNodes is slow.
const TEXT = 3;
const ELEMENT = 1;
const COMMENT = 8;

function walk(skeleton, page, found) {
  let other = page.firstChild;
  for (let node = skeleton.firstChild; node !== null; node = node.nextSibling) {
    const type = node.nodeType;
    if (type === TEXT) {
      const isText = other !== null && other.nodeType === TEXT;
      match(node.data, isText ? other.data : "", found);
      if (isText) other = other.nextSibling;
      continue;
    }
    if (other === null || other.nodeType !== type || other.nodeName !== node.nodeName) {
      throw new Error(`the page has ${other && other.nodeName} where ${node.nodeName} was spelled`);
    }
    if (type === ELEMENT) {
      matchAttributes(node, other, found);
      if (node.firstChild !== null || other.firstChild !== null) {
        walk(contentOf(node), contentOf(other), found);
      }
    } else if (type === COMMENT && node.data.includes(OPEN)) {
      throw new Error("a value in a comment");
    }
    other = other.nextSibling;
  }
  if (other !== null) throw new Error(`${page.nodeName} has more children than spelled`);
}

// A <template>'s children are in its content.
const contentOf = (el) => (el.nodeName === "TEMPLATE" ? el.content : el);

function matchAttributes(node, other, found) {
  const attributes = node.attributes;
  if (attributes.length !== other.attributes.length) throw new Error("other attributes");
  for (let i = 0; i < attributes.length; i++) {
    const { name, value } = attributes[i];
    if (value.includes(OPEN)) match(value, other.getAttribute(name), found);
  }
}

// `spelled` is static text with at most one sentinel; `actual` the page's text.
function match(spelled, actual, found) {
  if (actual === null) throw new Error("an attribute is missing");
  const at = spelled.indexOf(OPEN);
  if (at < 0) {
    if (spelled !== actual) throw new Error(`the page has ${JSON.stringify(actual)}`);
    return;
  }
  const close = spelled.indexOf(CLOSE, at);
  const suffix = spelled.slice(close + 1);
  if (suffix.includes(OPEN)) throw new Error("two values in one text");
  const prefix = spelled.slice(0, at);
  if (!actual.startsWith(prefix) || !actual.endsWith(suffix) || actual.length < prefix.length + suffix.length) {
    throw new Error(`the page has ${JSON.stringify(actual)} for ${JSON.stringify(spelled)}`);
  }
  found[Number(spelled.slice(at + 1, close))] = actual.slice(prefix.length, actual.length - suffix.length);
}

// Django's escape(): the page's values are its output (the server sends any other in the stream).
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
function escapeHTML(text) {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}
