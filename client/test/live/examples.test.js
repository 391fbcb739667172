// The shared examples of tests/protocol/examples/*.json: the Python merge passes the same files.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { collectStatics, mergeTree, treeToHTML } from "../../src/live/tree.js";

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "../../../tests/protocol/examples");
const files = readdirSync(EXAMPLES).filter((name) => name.endsWith(".json")).sort();

test("the shared examples are there", () => {
  assert.ok(files.length >= 8, `only ${files.length} examples in ${EXAMPLES}`);
});

for (const file of files) {
  const example = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"));

  test(`${file}: ${example.name}`, () => {
    assert.equal(example.html.length, example.diffs.length + 1, "one html per state");
    const statics = collectStatics(example.tree, new Map());
    let tree = example.tree;
    assert.equal(treeToHTML(tree, statics), example.html[0], "html of the tree");
    example.diffs.forEach((diff, i) => {
      tree = mergeTree(tree, diff, statics);
      assert.equal(treeToHTML(tree, statics), example.html[i + 1], `html after diff ${i + 1}`);
    });
  });
}
