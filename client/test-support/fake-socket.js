// A WebSocket and timers the tests drive by hand: the test plays the server and the clock.

import { Socket } from "../src/transport/socket.js";

// A WebSocket that records what is sent and lets the test play the server.
export class FakeWebSocket {
  static OPEN = 1;
  static instances = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeWebSocket.instances.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = 3;
    this.onclose();
  }

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen();
  }

  serve(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }
}

// Timers run by hand: `due` lists what was scheduled.
export function fakeTimers() {
  const timers = { due: [], next: 1 };
  const add = (kind) => (fn, ms) => {
    const id = timers.next++;
    timers.due.push({ id, kind, fn, ms });
    return id;
  };
  const remove = (id) => (timers.due = timers.due.filter((t) => t.id !== id));
  Object.assign(timers, {
    setTimeout: add("timeout"),
    setInterval: add("interval"),
    clearTimeout: remove,
    clearInterval: remove,
  });
  return timers;
}

/** A Socket on a FakeWebSocket and fake timers, connecting (call `ws().open()`). */
export function setup() {
  FakeWebSocket.instances = [];
  const target = new EventTarget();
  const events = [];
  for (const name of ["djwire:connected", "djwire:disconnected", "djwire:error"]) {
    target.addEventListener(name, () => events.push(name));
  }
  const timers = fakeTimers();
  const socket = new Socket("ws://h/djwire/ws/", {
    WebSocket: FakeWebSocket,
    target,
    timers,
    random: () => 0.5,
  });
  socket.connect();
  const ws = () => FakeWebSocket.instances.at(-1);
  return { socket, ws, events, timers };
}

/** Let the promise callbacks queued so far run. */
export const tick = () => new Promise((resolve) => setImmediate(resolve));
