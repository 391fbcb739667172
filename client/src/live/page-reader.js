// The page's tree read in one walk of the root's elements (docs/protocol.md, "The page's
// tree"): the stream says which blocks were rendered, their shapes (block-shape.js) which start
// tags each static spells and where each value stands. Each element is checked tag for tag as
// the walk reaches it, and each value read from its element as its block is filled: what is
// built is the tree, and nothing else. Throws Mismatch when the page is not what the tree
// spells, CannotTell when the shapes cannot tell where its values are.

import {
  BRANCH,
  CannotTell,
  ELEMENT,
  IN_TEXT,
  LOOP,
  READ_ATTRIBUTE,
  READ_TEXT,
  UNSAFE,
  VALUE,
  markupTags,
  shapeOf,
} from "./block-shape.js";
import { escapeHTML } from "./html-tokens.js";
import {
  LOOP_BODY,
  LOOP_EMPTY,
  PAGE_BLOCKS,
  PAGE_EXCEPTIONS,
  PAGE_STREAM,
  TREE_FINGERPRINT,
  TREE_KEY,
  TREE_ROWS,
  TREE_STATICS,
} from "./protocol.js";
import { Mismatch } from "./sentinels.js";

/**
 * The tree `page` (the embedded JSON) describes, its values read from the elements of `root`;
 * `decode(text)` turns raw HTML text into the DOM's.
 */
export function readByShape(root, page, decode) {
  return new ShapeReader(root, page, decode).read(page[TREE_FINGERPRINT]);
}

class ShapeReader {
  constructor(root, page, decode) {
    this.blocks = page[PAGE_BLOCKS];
    this.stream = page[PAGE_STREAM];
    this.at = 0;
    this.exceptions = page[PAGE_EXCEPTIONS];
    // The numbers of the values read from the DOM that the page sends instead, in order.
    this.excepted = Object.keys(this.exceptions).map(Number).sort((a, b) => a - b);
    this.nextExcepted = 0;
    this.readable = 0;
    // In document order. A live collection: indexed in order, it is the fastest to walk.
    this.elements = root.getElementsByTagName("*");
    this.n = 0; // the elements the walk has passed
    this.element = null; // the last of them
    this.decode = decode;
    this.records = new Map(); // fingerprint -> {shapes: by place, sent: its statics are}
  }

  read(fingerprint) {
    const tree = this.fragment(this.shape(fingerprint, IN_TEXT));
    if (this.n !== this.elements.length) throw new Mismatch("the page has more elements");
    return tree;
  }

  shape(fingerprint, place) {
    let record = this.records.get(fingerprint);
    if (record === undefined) {
      const block = this.blocks[fingerprint];
      if (block === undefined) throw new Mismatch(`no block ${fingerprint}`);
      this.records.set(fingerprint, (record = { block, shapes: [], sent: false }));
    }
    let shape = record.shapes[place];
    if (shape === undefined) {
      shape = record.shapes[place] = shapeOf(fingerprint, record.block, place, this.decode);
      shape.record = record;
    }
    return shape;
  }

  // The shape of block `which` of part `i` of `shape`: a branch's index, LOOP_BODY, LOOP_EMPTY.
  nested(shape, i, which) {
    let found = shape.nested[i];
    if (found === null) found = shape.nested[i] = {};
    let nested = found[which];
    if (nested === undefined) {
      const fingerprint = shape.kinds[i][which];
      if (typeof fingerprint !== "string") throw new Mismatch(`no block ${which} in part ${i}`);
      nested = found[which] = this.shape(fingerprint, shape.places[i]);
    }
    return nested;
  }

  next() {
    if (this.at >= this.stream.length) throw new Mismatch("the stream ended early");
    return this.stream[this.at++];
  }

  node(shape) {
    const node = { [TREE_FINGERPRINT]: shape.fingerprint };
    const record = shape.record;
    if (!record.sent) {
      record.sent = true; // as the server sends them: the first time only
      node[TREE_STATICS] = shape.statics;
    }
    return node;
  }

  fragment(shape) {
    const node = this.node(shape);
    this.fill(shape, node, shape.keys);
    return node;
  }

  // Fill `owner` (a fragment, by `keys`, or a row, an array: keys null) with the block's
  // dynamics, passing the page's elements its statics spell.
  fill(shape, owner, keys) {
    const steps = shape.steps;
    const operands = shape.operands;
    const elements = this.elements;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      const operand = operands[s];
      if (step === ELEMENT) {
        let element = elements[this.n++];
        if (element === undefined || element.localName !== operand) element = this.implied(element, operand);
        this.element = element;
        continue;
      }
      let value;
      if (step === READ_TEXT || step === READ_ATTRIBUTE) {
        value = this.readValue(shape, operand);
      } else if (step === VALUE) {
        value = this.next();
        this.passValue(value, shape.places[operand]);
      } else if (step === BRANCH) {
        const branch = this.next();
        value = branch === -1 ? "" : this.fragment(this.nested(shape, operand, branch));
      } else {
        value = this.loop(shape, operand);
      }
      owner[keys === null ? operand : keys[operand]] = value;
    }
  }

  loop(shape, i) {
    const count = this.next();
    if (count === -1) return this.fragment(this.nested(shape, i, LOOP_EMPTY));
    const kind = shape.kinds[i];
    const body = this.nested(shape, i, LOOP_BODY);
    const node = this.node(body);
    if (TREE_KEY in kind) node[TREE_KEY] = kind[TREE_KEY];
    const rows = [];
    for (let r = 0; r < count; r++) {
      const row = [];
      this.fill(body, row, null);
      rows.push(row);
    }
    node[TREE_ROWS] = rows;
    return node;
  }

  // The page's element where the statics spell `name` is `element`, of another name. The
  // parser adds a <tbody> around the rows of a <table> that has none (by far the commonest
  // element the statics do not spell): such a <tbody> is passed; any other is a mismatch.
  implied(element, name) {
    const added = element !== undefined && element.localName === "tbody" && name === "tr";
    if (added && element.attributes.length === 0 && element.parentNode.localName === "table") {
      const next = this.elements[this.n++];
      if (next !== undefined && next.localName === name && next.parentNode === element) return next;
    }
    throw new Mismatch(`the page has ${element && element.localName} for ${name}`);
  }

  // A value the page sends: markup in text is the page's elements too; elsewhere a value
  // that could change the markup around it is more than the shapes can tell.
  passValue(value, place) {
    if (!UNSAFE[place].test(value)) return;
    if (place !== IN_TEXT) throw new CannotTell();
    for (const name of markupTags(value)) {
      let element = this.elements[this.n++];
      if (element === undefined || element.localName !== name) element = this.implied(element, name);
      this.element = element;
    }
  }

  // A value read from the DOM, in the element the walk passed last.
  readValue(shape, i) {
    const number = this.readable++;
    if (number === this.excepted[this.nextExcepted]) {
      this.nextExcepted++;
      const value = this.exceptions[number];
      this.passValue(value, shape.places[i]);
      return value;
    }
    const element = this.element;
    let text = shape.types[i] === READ_TEXT ? element.textContent : element.getAttribute(shape.located[i]);
    if (text === null) throw new Mismatch(`no attribute ${shape.located[i]}`);
    const prefix = shape.prefixes[i];
    const suffix = shape.suffixes[i];
    if (prefix !== "" || suffix !== "") {
      const inside = text.length >= prefix.length + suffix.length;
      if (!inside || !text.startsWith(prefix) || !text.endsWith(suffix)) {
        throw new Mismatch(`the page has ${JSON.stringify(text)} around a value`);
      }
      text = text.slice(prefix.length, text.length - suffix.length);
    }
    return escapeHTML(text);
  }
}
