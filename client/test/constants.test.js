// constants.js is read by tests/protocol/test_agreement.py with a regex: keep it parseable, and
// keep it in step with docs/protocol.md.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as constants from "../src/constants.js";

const source = readFileSync(new URL("../src/constants.js", import.meta.url), "utf8");
const protocol = readFileSync(new URL("../../docs/protocol.md", import.meta.url), "utf8");
const AGREEMENT_RE = /^export const (\w+) = "([^"]*)";$/;

test("every constant is one line of the form the Python agreement test parses", () => {
  const exports = source.split("\n").filter((line) => line.startsWith("export"));
  for (const line of exports) assert.match(line, AGREEMENT_RE);
  const parsed = Object.fromEntries(exports.map((line) => AGREEMENT_RE.exec(line).slice(1)));
  assert.deepEqual(parsed, { ...constants });
});

test("the error codes are those of protocol.md's table", () => {
  const table = protocol.split("| code | meaning |")[1].split("\n\n")[0];
  const documented = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();
  const defined = Object.entries(constants)
    .filter(([name]) => name.startsWith("ERROR_"))
    .map(([, value]) => value)
    .sort();
  assert.deepEqual(defined, documented);
});

test("every dj-* name protocol.md mentions has a constant", () => {
  const mentioned = new Set([...protocol.matchAll(/`(dj-[\w-]+)/g)].map((m) => m[1].replace(/-$/, "")));
  const values = new Set(Object.values(constants).map((value) => value.replace(/-$/, "")));
  for (const name of mentioned) assert.ok(values.has(name), `no constant for ${name}`);
});
