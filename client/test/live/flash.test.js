// The page's error message: what it says in DEBUG and in production, dismissal, turned off.
import assert from "node:assert/strict";
import { test } from "node:test";

import { installErrorFlash } from "../../src/live/flash.js";
import { FakeDocument, FakeElement } from "../../test-support/fake-dom.js";

const CRASH = {
  code: "handler_error",
  reason: "PlaygroundView.explode raised PlaygroundError: boom",
  event: "explode",
  exception: "demo.playground.PlaygroundError",
};

function page(scriptAttrs = {}) {
  const document = new FakeDocument();
  const script = new FakeElement("SCRIPT", { "data-dj-socket": "/djwire/ws/", ...scriptAttrs });
  const flash = installErrorFlash(document, script);
  const fail = (detail) => document.dispatchEvent(new CustomEvent("djwire:error", { detail }));
  const lines = () => flash.querySelectorAll("p").map((p) => p.textContent);
  return { document, flash, fail, lines };
}

test("in DEBUG it names the event, the code, the reason and the exception", () => {
  const { flash, fail, lines } = page({ "data-dj-debug": "" });
  assert.equal(flash.getAttribute("role"), "alert");
  assert.ok(flash.hasAttribute("hidden"));
  fail(CRASH);
  assert.ok(!flash.hasAttribute("hidden"));
  assert.deepEqual(lines(), [
    'djwire: handler_error in event "explode"',
    "PlaygroundView.explode raised PlaygroundError: boom",
    "Exception: demo.playground.PlaygroundError",
  ]);
  fail({ code: "bad_token", reason: "join token signature is not valid" });
  assert.deepEqual(lines(), ["djwire: bad_token", "join token signature is not valid"]);
});

test("in production it says only that something went wrong", () => {
  const { fail, lines } = page();
  fail(CRASH);
  assert.deepEqual(lines(), ["Something went wrong."]);
});

test("the dismiss button hides it until the next error", () => {
  const { flash, fail } = page();
  fail(CRASH);
  flash.querySelector("button").dispatchEvent(new Event("click"));
  assert.ok(flash.hasAttribute("hidden"));
  fail(CRASH);
  assert.ok(!flash.hasAttribute("hidden"));
});

test("a dropped connection is the banner's to tell, not the message's", () => {
  const { flash, fail } = page();
  fail({ code: "disconnected", reason: "the connection dropped" });
  assert.ok(flash.hasAttribute("hidden"));
});

test('data-dj-errors="off" on the script tag: no message', () => {
  const document = new FakeDocument();
  const script = new FakeElement("SCRIPT", { "data-dj-errors": "off", "data-dj-debug": "" });
  assert.equal(installErrorFlash(document, script), null);
  assert.equal(document.querySelectorAll(".dj-error-flash").length, 0);
});
