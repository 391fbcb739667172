// Where a block's values stand in the HTML its statics spell (block-shape.js): worked out once
// per block, it is what the read-back walks the page with.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  BRANCH,
  CannotTell,
  ELEMENT,
  IN_COMMENT,
  IN_DOUBLE,
  IN_RAW,
  IN_TAG,
  IN_TEXT,
  LOOP,
  READ_ATTRIBUTE,
  READ_TEXT,
  VALUE,
  markupTags,
  shapeOf,
} from "../../src/live/block-shape.js";
import { PART_READ, PART_STREAM } from "../../src/live/protocol.js";

const block = (statics, parts) => ({ s: statics, p: parts });
const noEntities = (text) => {
  throw new Error(`decoded ${text}`);
};
const shape = (statics, parts, place = IN_TEXT, decode = noEntities) =>
  shapeOf("fp", block(statics, parts), place, decode);

test("a table row: its elements in order, the key read from an attribute, the cells' text", () => {
  const row = shape(['<tr dj-key="', '"><td>', "</td><td>", "</td><td>", "</td></tr>"], [1, 1, 1, [
    "yes",
    "no",
  ]]);
  assert.deepEqual(row.opens, [["tr"], ["td"], ["td"], ["td"], []]);
  assert.deepEqual(row.types, [READ_ATTRIBUTE, READ_TEXT, READ_TEXT, BRANCH]);
  assert.deepEqual(row.located, ["dj-key", "", ""]);
  assert.deepEqual(row.places, [IN_DOUBLE, IN_TEXT, IN_TEXT, IN_TEXT]);
  // One walk: the page's next element or a part, in the order the HTML spells them.
  assert.deepEqual(row.steps, [ELEMENT, READ_ATTRIBUTE, ELEMENT, READ_TEXT, ELEMENT, READ_TEXT, ELEMENT, BRANCH]);
  assert.deepEqual(row.operands, ["tr", 0, "td", 1, "td", 2, "td", 3]);
});

test("static text around a value is kept, as the DOM holds it (entities decoded)", () => {
  const decoded = [];
  const decode = (text) => {
    decoded.push(text);
    return text.replace("&nbsp;", "\u00a0");
  };
  const price = shape(["<p>Price:&nbsp;", " EUR</p><i class='big ", "'>!</i>"], [PART_READ, PART_READ], IN_TEXT, decode);
  assert.deepEqual(price.located, ["", "class"]);
  assert.deepEqual(price.prefixes, ["Price:\u00a0", "big "]);
  assert.deepEqual(price.suffixes, [" EUR", ""]);
  assert.deepEqual(decoded, ["Price:&nbsp;"]); // text without "&" is not decoded
});

test("where a value the page sends stands: what it may not contain depends on it", () => {
  const places = shape(
    ['<b title="', '">', "</b><!-- ", ' --><script>var x = "', '";</script><i ', ">", "</i>"],
    [PART_STREAM, PART_STREAM, PART_STREAM, PART_STREAM, ["x"], { r: "row" }],
  ).places;
  assert.deepEqual(places, [IN_DOUBLE, IN_TEXT, IN_COMMENT, IN_RAW, IN_TAG, IN_TEXT]);
});

test("the blocks of a part are shaped where the part stands", () => {
  const branch = shape(['data-on="', '"'], [PART_STREAM], IN_TAG);
  assert.deepEqual(branch.places, [IN_DOUBLE]);
  assert.deepEqual(branch.opens, [[], []]);
  assert.deepEqual(shape(["odd ", ""], [PART_STREAM], IN_DOUBLE).places, [IN_DOUBLE]);
  assert.deepEqual(shape(["<li>", "</li>"], [{ r: "row" }]).types, [LOOP]);
  assert.deepEqual(shape(["", ""], [PART_STREAM]).types, [VALUE]);
});

test("what the shapes cannot tell", () => {
  const cannot = (statics, parts, place = IN_TEXT) => assert.throws(() => shape(statics, parts, place), CannotTell);
  // A tag with a part among its attributes may have others than spelled (the DOM keeps the
  // first of two of one name): none of its values is read from it.
  cannot(["<b ", ' title="', '">t</b>'], [PART_STREAM, PART_READ]);
  cannot(['<b title="x" title="', '">t</b>'], [PART_READ]);
  // Not alone in its text, not in an element's text, in raw text, in a comment.
  cannot(["<span>", "", "</span>"], [PART_READ, PART_STREAM]);
  cannot(["", "<br>"], [PART_READ]);
  cannot(["<br>", "</br>"], [PART_READ]);
  cannot(["<script>", "</script>"], [PART_READ]);
  cannot(["<!-- ", " -->"], [PART_READ]);
  cannot(["<p>", "<div>x</div></p>"], [PART_READ]); // its element does not end after it
  // A block that leaves a tag open, a raw text it does not end, a read inside a tag's block.
  cannot(['<b title="', ""], [PART_STREAM]);
  cannot(["<script>", ""], [PART_STREAM]);
  cannot(['title="', '"'], [PART_READ], IN_TAG);
  cannot(['x" y="', ""], [PART_STREAM], IN_DOUBLE);
  cannot(["\uE002"], []);
});

test("the start tags of markup in text (a value marked safe) are the page's elements too", () => {
  assert.deepEqual(markupTags("<b>s</b> and <I class='x'>i</I><br>"), ["b", "i", "br"]);
  assert.deepEqual(markupTags("a < b &amp; <!-- c -->"), []);
  assert.throws(() => markupTags("<b"), CannotTell); // a tag the statics after it end
  assert.throws(() => markupTags("<script>x</script>"), CannotTell);
});
