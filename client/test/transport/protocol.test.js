import assert from "node:assert/strict";
import { test } from "node:test";

import * as protocol from "../../src/transport/protocol.js";
import { parseConstants } from "../../test-support/constants.js";

test("every export is one constant of the form the Python agreement test parses", () => {
  const parsed = parseConstants(new URL("../../src/transport/protocol.js", import.meta.url));
  assert.deepEqual(parsed, { ...protocol });
});

test("the codes the client decides on are there", () => {
  assert.equal(protocol.ERROR_DISCONNECTED, "disconnected");
  assert.equal(protocol.ERROR_TIMEOUT, "timeout");
  assert.equal(protocol.ERROR_TOKEN_EXPIRED, "token_expired");
  assert.equal(protocol.ERROR_PROTOCOL_MISMATCH, "protocol_mismatch");
  assert.equal(protocol.PROTOCOL_VERSION, 1);
});
