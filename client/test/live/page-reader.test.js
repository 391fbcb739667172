// The page's tree read back in one walk of its elements (page-reader.js), on the fake DOM:
// the tree is the server's, values escaped again as Django does; a page that is not what the
// statics spell is found out.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CannotTell } from "../../src/live/block-shape.js";
import { readPageTree } from "../../src/live/page.js";
import { readByShape } from "../../src/live/page-reader.js";
import { Mismatch } from "../../src/live/sentinels.js";
import { FakeElement } from "../../test-support/fake-dom.js";

const ROOT = ["<table><tbody>", "</tbody></table><p>Rows: ", "</p>"];
const ROW = ['<tr dj-key="', '"><td>', "</td><td>", "</td></tr>"];
// A keyed table (rows with an {% if %}) and a count under it, as embed.py writes its blocks.
const BLOCKS = {
  root: { s: ROOT, p: [{ r: "row", k: 0 }, 1] },
  row: { s: ROW, p: [1, 1, ["yes", "no"]] },
  yes: { s: ["yes"], p: [] },
  no: { s: ["no"], p: [] },
};
const TABLE =
  '<table><tbody><tr dj-key="1"><td>Tom &amp; Jerry\'s</td><td>yes</td></tr>' +
  '<tr dj-key="2"><td>b</td><td>no</td></tr></tbody></table><p>Rows: 2</p>';

const pageOf = (stream, exceptions = {}, blocks = BLOCKS) => ({ f: "root", b: blocks, q: stream, x: exceptions });
const rootOf = (html) => {
  const root = new FakeElement("div");
  root.innerHTML = html;
  return root;
};
const noEntities = (text) => {
  throw new Error(`decoded ${text}`);
};
const read = (html, page) => readByShape(rootOf(html), page, noEntities);

test("a keyed table is read back as the server's tree: statics once, values escaped again", () => {
  assert.deepEqual(read(TABLE, pageOf([2, 0, 1])), {
    f: "root",
    s: ROOT,
    0: {
      f: "row",
      s: ROW,
      k: 0,
      r: [
        ["1", "Tom &amp; Jerry&#x27;s", { f: "yes", s: ["yes"] }],
        ["2", "b", { f: "no", s: ["no"] }],
      ],
    },
    1: "2",
  });
});

test("values the page sends are taken from it; their markup is the page's elements too", () => {
  const html = TABLE.replace("<td>b</td>", "<td><b>new</b></td>");
  const tree = read(html, pageOf([2, 0, 1], { 3: "<b>new</b>" }));
  assert.equal(tree[0].r[1][1], "<b>new</b>");
  assert.equal(tree[1], "2");
});

test("a page with other elements than the statics spell is not misread", () => {
  assert.throws(() => read(TABLE.replace("<td>b</td>", "<td>b<i>!</i></td>"), pageOf([2, 0, 1])), Mismatch);
  assert.throws(() => read(`${TABLE}<hr>`, pageOf([2, 0, 1])), Mismatch);
  assert.throws(() => read(TABLE.replace("<td>yes", "<th>yes"), pageOf([2, 0, 1])), Mismatch);
  // The static text around a value is the page's, or the value is not where it stands.
  assert.throws(() => read(TABLE.replace("Rows: 2", "Sum: 2"), pageOf([2, 0, 1])), Mismatch);
  assert.throws(() => read(TABLE.replace(' dj-key="2"', ""), pageOf([2, 0, 1])), Mismatch);
  // Rows the stream does not count.
  assert.throws(() => read(TABLE, pageOf([1, 0])), Mismatch);
  assert.throws(() => read(TABLE, pageOf([2, 0])), Mismatch);
});

test("the <tbody> the parser adds to a table without one is passed", () => {
  const blocks = { ...BLOCKS, root: { s: ["<table>", "</table><p>Rows: ", "</p>"], p: BLOCKS.root.p } };
  const tree = read(TABLE, pageOf([2, 0, 1], {}, blocks));
  assert.deepEqual(tree[0].r.map((row) => row[1]), ["Tom &amp; Jerry&#x27;s", "b"]);
  // Not a <tbody> of the page's own, with attributes.
  const own = TABLE.replace("<tbody>", '<tbody class="x">');
  assert.throws(() => read(own, pageOf([2, 0, 1], {}, blocks)), Mismatch);
});

test("a value that could change the markup around it is more than the shapes can tell", () => {
  const blocks = { ...BLOCKS, row: { s: ['<tr title="', '" dj-key="', '"><td>', "</td><td>", "</td></tr>"], p: [0, 1, 1, ["yes", "no"]] } };
  const html = TABLE.replaceAll("<tr ", '<tr title="t" ');
  assert.equal(read(html, pageOf([2, "t", 0, "t", 1], {}, blocks))[0].r[0][0], "t");
  assert.throws(() => read(html, pageOf([2, 't" x="', 0, "t", 1], {}, blocks)), CannotTell);
});

test("readPageTree: the tree read back, and every block's statics for the patches after", () => {
  const statics = new Map();
  const tree = readPageTree(rootOf(TABLE), pageOf([2, 0, 1]), statics);
  assert.equal(tree[0].r[1][0], "2");
  assert.deepEqual([...statics.keys()], ["root", "row", "yes", "no"]);
});
