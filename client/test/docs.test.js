// docs/protocol.md and the client agree: every dj-* name the doc mentions has a constant, and
// the error codes it documents are exactly those of transport/protocol.js. The doc's tables
// may list a code as "| `code` | meaning |" or as "| `ERROR_NAME` | `code` | meaning |".
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as attributes from "../src/live/attributes.js";
import * as transport from "../src/transport/protocol.js";

const doc = readFileSync(new URL("../../docs/protocol.md", import.meta.url), "utf8");

function documentedCodes() {
  const named = [...doc.matchAll(/^\| `ERROR_\w+` \| `(\w+)` \|/gm)].map((m) => m[1]);
  const table = doc.split("| code | meaning |")[1];
  const plain = table ? [...table.split("\n\n")[0].matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]) : [];
  return [...new Set([...named, ...plain])].sort();
}

test("the error codes are those of protocol.md", () => {
  const defined = Object.entries(transport)
    .filter(([name]) => name.startsWith("ERROR_"))
    .map(([, value]) => value)
    .sort();
  assert.deepEqual(documentedCodes(), defined);
});

test("every dj-* name protocol.md mentions has a constant", () => {
  const mentioned = new Set([...doc.matchAll(/`(dj-[\w-]+)/g)].map((m) => m[1].replace(/-$/, "")));
  const values = new Set(Object.values(attributes).map((value) => value.replace(/-$/, "")));
  for (const name of mentioned) assert.ok(values.has(name), `no constant for ${name}`);
});
