// docs/signals.md and the client agree: the built-ins its table lists are exactly those of
// html.js, and it names every attribute and event of signals/attributes.js.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as attributes from "../../src/signals/attributes.js";
import { BUILTIN_SIGNALS } from "../../src/signals/html.js";

const doc = readFileSync(new URL("../../../docs/signals.md", import.meta.url), "utf8");

test("the built-ins of docs/signals.md are those of html.js", () => {
  const documented = [...doc.matchAll(/^\| `(html\.[\w.]+)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(documented, [...BUILTIN_SIGNALS]);
});

test("docs/signals.md names every attribute and event of signals/attributes.js", () => {
  for (const value of Object.values(attributes)) assert.ok(doc.includes(`\`${value}\``), value);
});
