import assert from "node:assert/strict";
import { test } from "node:test";

import { Sequencer } from "../../src/live/sequencer.js";

test("a push one version ahead is applied at once", () => {
  const seq = new Sequencer(1);
  assert.deepEqual(seq.push(2, "d2"), { apply: ["d2"], resync: false });
  assert.equal(seq.version, 2);
});

test("a push that skips a version, with nothing in flight, resyncs", () => {
  const seq = new Sequencer(1);
  assert.deepEqual(seq.push(3, "d3"), { apply: [], resync: true });
});

test("a push of a version already applied resyncs", () => {
  const seq = new Sequencer(4);
  assert.equal(seq.push(4, "again").resync, true);
});

test("while an event is in flight, a push ahead waits for the reply that fills the gap", () => {
  const seq = new Sequencer(1);
  seq.sent();
  assert.deepEqual(seq.push(3, "push3"), { apply: [], resync: false });
  assert.deepEqual(seq.reply(2, "reply2"), { apply: ["reply2", "push3"], resync: false });
  assert.equal(seq.version, 3);
});

test("a reply after the pushes it follows is applied after them", () => {
  const seq = new Sequencer(1);
  seq.sent();
  assert.deepEqual(seq.push(2, "push2").apply, ["push2"]);
  assert.deepEqual(seq.reply(3, "reply3"), { apply: ["reply3"], resync: false });
});

test("a reply without a diff repeats the version and changes nothing", () => {
  const seq = new Sequencer(5);
  seq.sent();
  assert.deepEqual(seq.reply(5, undefined), { apply: [], resync: false });
});

test("a reply without a diff announcing a version never received resyncs", () => {
  const seq = new Sequencer(5);
  seq.sent();
  assert.deepEqual(seq.reply(6, undefined), { apply: [], resync: true });
});

test("a gap still open once nothing is in flight resyncs, after applying what it can", () => {
  const seq = new Sequencer(1);
  seq.sent();
  seq.push(4, "push4");
  assert.deepEqual(seq.reply(2, "reply2"), { apply: ["reply2"], resync: true });
});

test("two events in flight: the gap may be filled by the second reply", () => {
  const seq = new Sequencer(1);
  seq.sent();
  seq.sent();
  assert.deepEqual(seq.reply(3, "second"), { apply: [], resync: false });
  assert.deepEqual(seq.reply(2, "first"), { apply: ["first", "second"], resync: false });
});

test("an error reply is no diff: pending gaps resync once nothing is in flight", () => {
  const seq = new Sequencer(1);
  seq.sent();
  seq.push(3, "push3");
  assert.deepEqual(seq.failed(), { apply: [], resync: true });
});

test("after a resync, or a stall, everything is ignored until reset", () => {
  const seq = new Sequencer(1);
  seq.push(5, "gap");
  assert.deepEqual(seq.push(2, "d2"), { apply: [], resync: false });
  seq.reset(7);
  assert.deepEqual(seq.push(8, "d8"), { apply: ["d8"], resync: false });
  seq.stall();
  assert.deepEqual(seq.push(9, "d9"), { apply: [], resync: false });
});
