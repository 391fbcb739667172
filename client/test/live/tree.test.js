import assert from "node:assert/strict";
import { test } from "node:test";

import { collectStatics, mergeTree, treeToHTML } from "../../src/live/tree.js";

const html = (tree, statics = collectStatics(tree, new Map())) => treeToHTML(tree, statics);

test("collectStatics records every fingerprint that carries statics, rows included", () => {
  const tree = {
    f: "root",
    s: ["<ul>", "</ul>"],
    0: { f: "row", s: ["<li>", "</li>"], r: [[{ f: "b", s: ["<b>", "</b>"], 0: "x" }]] },
  };
  const statics = collectStatics(tree, new Map());
  assert.deepEqual([...statics.keys()].sort(), ["b", "root", "row"]);
  assert.deepEqual(statics.get("b"), ["<b>", "</b>"]);
});

test("a fragment without statics is rendered with the statics of its fingerprint", () => {
  const statics = new Map([["p", ["<p>", "</p>"]]]);
  assert.equal(treeToHTML({ f: "p", 0: "hi" }, statics), "<p>hi</p>");
});

test("unknown statics are an error, not a silent empty string", () => {
  assert.throws(() => treeToHTML({ f: "nope", 0: "x" }, new Map()), /no statics for fingerprint/);
});

test("a fragment with no dynamics is its single static", () => {
  assert.equal(html({ f: "hr", s: ["<hr>"] }), "<hr>");
});

test("a string or an object with f replaces the whole tree", () => {
  const statics = new Map();
  assert.equal(mergeTree({ f: "a", s: ["x"] }, "plain", statics), "plain");
  const replaced = mergeTree("plain", { f: "c", s: ["<i>", "</i>"], 0: "c" }, statics);
  assert.equal(treeToHTML(replaced, statics), "<i>c</i>");
});

test("nested if: the inner branch flips while the outer fragment keeps its statics", () => {
  const statics = new Map();
  let tree = {
    f: "outer",
    s: ["<div>", "</div>"],
    0: { f: "then", s: ["<span>", "</span>"], 0: { f: "inner", s: ["[", "]"], 0: "1" } },
  };
  collectStatics(tree, statics);
  tree = mergeTree(tree, { 0: { 0: { f: "else", s: ["none"] } } }, statics);
  assert.equal(treeToHTML(tree, statics), "<div><span>none</span></div>");
  tree = mergeTree(tree, { 0: { 0: { f: "inner", 0: "2" } } }, statics);
  assert.equal(treeToHTML(tree, statics), "<div><span>[2]</span></div>");
});

test("a comprehension is its rows concatenated, no statics around them", () => {
  const rows = { f: "r", s: ["<li>", "</li>"], r: [["a"], ["b"]] };
  assert.equal(html(rows), "<li>a</li><li>b</li>");
  assert.equal(html({ ...rows, r: [] }), "");
});

test("each op on its own", () => {
  const cases = [
    [["u", 1, { 0: "B" }], "a B c"],
    [["i", 0, ["z"]], "z a b c"],
    [["i", 3, ["z"]], "a b c z"],
    [["d", 0, 3], ""],
    [["m", 2, 0], "c a b"],
    [["m", 0, 1], "b a c"],
    [["k", [1, -1], [["n"]]], "b n"],
  ];
  for (const [op, expected] of cases) {
    const statics = new Map();
    const tree = { f: "w", s: ["", ""], 0: { f: "x", s: ["", " "], r: [["a"], ["b"], ["c"]] } };
    collectStatics(tree, statics);
    const merged = mergeTree(tree, { 0: { o: [op] } }, statics);
    assert.equal(treeToHTML(merged, statics).trim(), expected, JSON.stringify(op));
  }
});

test("k keeps the very row objects it reuses (no copy of untouched rows)", () => {
  const statics = new Map();
  const tree = { f: "x", s: ["", ""], r: [["a"], ["b"]] };
  const [rowA, rowB] = tree.r;
  mergeTree(tree, { o: [["k", [1, 0], []]] }, statics);
  assert.equal(tree.r[0], rowB);
  assert.equal(tree.r[1], rowA);
});

test("statics carried by an inserted row are recorded for later diffs", () => {
  const statics = new Map();
  let tree = { f: "w", s: ["", ""], 0: { f: "x", s: ["<p>", "</p>"], r: [] } };
  collectStatics(tree, statics);
  tree = mergeTree(tree, { 0: { o: [["i", 0, [{ f: "em", s: ["<em>", "</em>"], 0: "1" }]]] } }, statics);
  tree = mergeTree(tree, { 0: { o: [["i", 1, [{ f: "em", 0: "2" }]]] } }, statics);
  assert.equal(treeToHTML(tree, statics), "<p><em>1</em></p><p><em>2</em></p>");
});

test("a diff that does not fit the tree throws (the view then resyncs)", () => {
  const statics = new Map();
  assert.throws(() => mergeTree("text", { 0: "x" }, statics));
  assert.throws(() => mergeTree({ f: "a", s: ["", ""], 0: "x" }, { o: [] }, statics));
  assert.throws(() => mergeTree({ f: "x", s: ["", ""], r: [] }, { o: [["z", 0, 0]] }, statics));
});
