import assert from "node:assert/strict";
import { test } from "node:test";

import * as protocol from "../../src/live/protocol.js";
import { parseConstants } from "../../test-support/constants.js";

test("every export is one constant of the form the Python agreement test parses", () => {
  const parsed = parseConstants(new URL("../../src/live/protocol.js", import.meta.url));
  assert.deepEqual(parsed, { ...protocol });
});

test("no name is both a transport and a LiveView constant", async () => {
  const transport = await import("../../src/transport/protocol.js");
  const shared = Object.keys(protocol).filter((name) => name in transport);
  assert.deepEqual(shared, []);
});
