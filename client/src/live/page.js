// The rendered tree of the HTTP render, read back from the page (docs/protocol.md, "The page's
// tree"). The page embeds the template's blocks and a short stream (row counts, branches, the
// values the DOM cannot give back); every other value is read from the DOM the browser parsed.
// First in one walk of the page's elements with each block's shape (page-reader.js). When the
// shapes cannot tell where the values are (markup in a value), or the page's elements are not
// the ones the statics spell (a parser that adds or moves one: a stray </p>), the tree is
// built with a sentinel for each value to read, its HTML (the skeleton) is spelled out, and
// the skeleton's nodes are matched to the page's: where the skeleton has a sentinel, the page
// has the value. Anything that does not line up returns null, and the join then brings the
// whole tree.

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
import { CannotTell } from "./block-shape.js";
import { escapeHTML } from "./html-tokens.js";
import { readByShape } from "./page-reader.js";
import { Mismatch, OPEN, match, sentinel } from "./sentinels.js";
import { valuesFromText } from "./skeleton-text.js";
import { treeToHTML } from "./tree.js";

/**
 * The tree `page` (the embedded JSON) describes, with its values read from the children of
 * `root`; `statics` (fingerprint -> statics) is filled with every block of the template.
 * Returns null when the page does not have the shape the tree spells.
 */
export function readPageTree(root, page, statics) {
  for (const [fingerprint, block] of Object.entries(page[PAGE_BLOCKS])) {
    statics.set(fingerprint, block[TREE_STATICS]);
  }
  let inText = true; // the skeleton's text may tell where the values are
  try {
    return readByShape(root, page, decode);
  } catch (error) {
    if (!(error instanceof Mismatch)) console.debug("djwire: reading the page's tree back", error);
    // A page found other than its statics spell is found so from the skeleton's text too
    // (read the same way, tag for tag): only the parsed skeleton may still line it up.
    inText = error instanceof CannotTell;
  }
  try {
    const builder = new Builder(page);
    const tree = builder.fragment(page[TREE_FINGERPRINT]);
    if (builder.holes.length > 0) {
      const html = treeToHTML(tree, statics);
      let found = new Array(builder.holes.length);
      if (!inText || !valuesFromText(html, root, found, decode)) {
        // Parsed in a document of its own: inert, so that no <img> of it loads a sentinel URL.
        const skeleton = inertDocument().createElement(root.tagName);
        skeleton.innerHTML = html;
        found = new Array(builder.holes.length);
        findValues(skeleton, root, found);
      }
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

let inert = null;
function inertDocument() {
  if (inert === null) inert = document.implementation.createHTMLDocument("");
  return inert;
}

// Raw HTML text as the DOM holds it (entities decoded).
function decode(text) {
  const holder = inertDocument().createElement("textarea");
  holder.innerHTML = text;
  return holder.value;
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
          owner[key] = sentinel(this.holes.length);
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

// The values, from the page's nodes where the skeleton has sentinels. The page must have the
// skeleton's elements, in the same order (checked for all of them); a sentinel's element is
// then found by its position among them, and the value in the same attribute, or the same
// text node, of the page's element. Native lookups do the walking: reading 50,000 elements
// one property at a time cost five times as much.
const TEXT = 3;
const SENTINELS = `.//text()[contains(., "${OPEN}")] | .//@*[contains(., "${OPEN}")]`;

function findValues(skeleton, page, found) {
  const spelled = skeleton.querySelectorAll("*");
  const actual = page.querySelectorAll("*");
  if (spelled.length !== actual.length) throw new Mismatch("the page has other elements");
  for (let i = 0; i < spelled.length; i++) {
    if (spelled[i].nodeName !== actual[i].nodeName) throw new Mismatch(`the page has ${actual[i].nodeName}`);
  }
  const snapshot = skeleton.ownerDocument.evaluate(
    SENTINELS,
    skeleton,
    null,
    XPathResult.ORDERED_NODE_SNAPSHOT_TYPE,
    null,
  );
  let at = -1; // the element last found: sentinels come in document order
  for (let n = 0; n < snapshot.snapshotLength; n++) {
    const node = snapshot.snapshotItem(n);
    const isText = node.nodeType === TEXT;
    const owner = isText ? node.parentNode : node.ownerElement;
    let counterpart = page;
    if (owner !== skeleton) {
      while (at < spelled.length && spelled[at] !== owner) at++;
      if (at === spelled.length) throw new Mismatch("a value outside the page's elements");
      counterpart = actual[at];
    }
    if (isText) matchText(owner, node, counterpart, found);
    else match(node.value, counterpart.getAttribute(node.name), found);
  }
}

// The text node of `page` (an element) that stands where `node` does in `owner`. A value's
// text may be empty, so the page may lack a text node the skeleton has.
function matchText(owner, node, page, found) {
  let other = page.firstChild;
  for (let child = owner.firstChild; child !== null; child = child.nextSibling) {
    const isText = other !== null && other.nodeType === TEXT;
    if (child === node) {
      match(node.data, isText ? other.data : "", found);
      return;
    }
    if (child.nodeType !== TEXT || isText) {
      if (other === null || other.nodeType !== child.nodeType) throw new Mismatch("other children");
      other = other.nextSibling;
    }
  }
}
