// ContextChannel on the browser client's real Socket and SyncChannel, over a WebSocket the
// test drives as the server: what the TypeScript layer adds (the join by name, subscribers,
// the connection's status, call's args) and that calls still settle.
import { afterEach, beforeEach, expect, test, vi } from "vitest";

import { FakeWebSocket } from "djwire-client/test-support/fake-socket.js";

import { ContextChannel } from "../src/index.js";

interface Post {
  id: number;
  title: string;
}
interface Runtime {
  readers: number;
}

const P = "app.PostSerializer";
const SHAPE = { root: P, many: false, nested: { [P]: {} } };
const URL_ = "ws://api.example/djwire/ws/";

const made: ContextChannel<Post, Runtime>[] = [];

class PostChannel extends ContextChannel<Post, Runtime> {
  constructor(postId: number, token?: string) {
    super({ name: "app_postchannel", socketUrl: URL_, many: false }, { post_id: postId }, token);
    made.push(this);
  }
  async rename(title: string, by?: string, at?: string): Promise<string> {
    return this.call<string>("rename", [title, by, at]);
  }
}

const ws = (): FakeWebSocket => FakeWebSocket.instances.at(-1) as FakeWebSocket;
const flush = () => vi.advanceTimersByTimeAsync(0);

async function joined(channel: ContextChannel<Post, Runtime>, ref = 1): Promise<void> {
  ws().serve([ref, "sync:1", "ok", { s: SHAPE }]);
  ws().serve([null, "sync:1", "instances", { v: 5, i: [{ id: 1, title: "T", _instance_type: P, _tstamp: 5 }], a: [1], r: true }]);
  await flush();
  expect(channel.connected).toBe(true);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("document", new EventTarget());
  vi.spyOn(console, "warn").mockImplementation(() => {});
  FakeWebSocket.instances = [];
});

afterEach(() => {
  // Channels share a socket per URL: close them, so the next test starts with none.
  for (const channel of made.splice(0)) channel.close();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test("the first subscriber joins by the channel's name and kwargs, with the token", async () => {
  const channel = new PostChannel(1, "drf-token");
  expect(FakeWebSocket.instances).toHaveLength(0); // nothing before it is used
  const seen: (Post | null)[] = [];
  channel.subscribe(() => seen.push(channel.state));
  expect(ws().url).toBe(URL_);
  ws().open();
  expect(ws().sent[0]).toEqual([1, "sync:1", "join", { channel: "app_postchannel", kwargs: { post_id: 1 }, auth: "drf-token", pv: 1 }]);
  await joined(channel);
  expect(channel.state).toEqual({ id: 1, title: "T" });
  expect(seen.at(-1)).toEqual({ id: 1, title: "T" });
  ws().serve([null, "sync:1", "runtime", { var: "readers", value: 3 }]);
  expect(channel.runtimeState.readers).toBe(3);
});

test("an unsubscribed listener is not called again", async () => {
  const channel = new PostChannel(1);
  const listener = vi.fn();
  const unsubscribe = channel.subscribe(listener);
  ws().open();
  await joined(channel);
  const calls = listener.mock.calls.length;
  unsubscribe();
  ws().serve([null, "sync:1", "runtime", { var: "readers", value: 3 }]);
  expect(listener.mock.calls.length).toBe(calls);
});

test("call drops trailing undefined args and resolves with the result", async () => {
  const channel = new PostChannel(1);
  channel.connect();
  ws().open();
  await joined(channel);
  const result = channel.rename("New");
  await flush();
  const [ref, , event, payload] = ws().sent.at(-1)!;
  expect(event).toBe("call");
  expect(payload).toEqual({ action: "rename", args: ["New"], kwargs: {} });
  ws().serve([ref, "sync:1", "ok", { result: "renamed" }]);
  await expect(result).resolves.toBe("renamed");
});

test("call rejects with the server's code, and with disconnected when the socket drops", async () => {
  const channel = new PostChannel(1);
  channel.connect();
  ws().open();
  await joined(channel);
  const refused = channel.rename("");
  await flush();
  ws().serve([ws().sent.at(-1)![0], "sync:1", "error", { code: "handler_error", reason: "no" }]);
  await expect(refused).rejects.toMatchObject({ code: "handler_error" });
  const dropped = channel.rename("x");
  await flush();
  ws().close();
  await expect(dropped).rejects.toMatchObject({ code: "disconnected" });
});

test("connected goes false on a drop and back after the re-join, which names the channel again", async () => {
  const channel = new PostChannel(1);
  const listener = vi.fn();
  channel.subscribe(listener);
  ws().open();
  await joined(channel);
  ws().close();
  expect(channel.connected).toBe(false);
  expect(channel.noConnectionSince).toBeInstanceOf(Date);
  expect(listener).toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1000); // the backoff
  ws().open();
  expect(ws().sent[0]![3]).toMatchObject({ channel: "app_postchannel", kwargs: { post_id: 1 }, w: 5 });
  ws().serve([ws().sent[0]![0], "sync:1", "ok", { s: SHAPE }]);
  await flush();
  expect(channel.connected).toBe(true);
  expect(channel.noConnectionSince).toBeNull();
});

test("a refused join is the channel's error", async () => {
  const channel = new PostChannel(1);
  channel.connect();
  ws().open();
  ws().serve([ws().sent[0]![0], "sync:1", "error", { code: "forbidden", reason: "not a member" }]);
  await flush();
  expect(channel.error).toEqual({ code: "forbidden", reason: "not a member" });
  expect(channel.connected).toBe(false);
});

test("channels of one server share its socket, closed with the last of them", async () => {
  const first = new PostChannel(1);
  const second = new PostChannel(2);
  first.connect();
  second.connect();
  expect(FakeWebSocket.instances).toHaveLength(1);
  ws().open();
  expect(ws().sent.map((frame) => frame[1])).toEqual(["sync:1", "sync:2"]);
  first.close();
  expect(ws().readyState).toBe(FakeWebSocket.OPEN);
  second.close();
  expect(ws().readyState).toBe(3);
  new PostChannel(3).connect();
  expect(FakeWebSocket.instances).toHaveLength(2); // a new socket for a new channel
});

test("on a page with the djwire.js bundle the channel joins over the page's socket", () => {
  const join = vi.fn(() => ({ state: null, runtime: {}, channel: { joined: false }, callWith: vi.fn(), leave: vi.fn() }));
  const socket = { connected: false, onClose: vi.fn() };
  vi.stubGlobal("location", { protocol: "http:", host: "api.example" });
  vi.stubGlobal("djwire", { socket, sync: { join } });
  new PostChannel(1, "t").connect();
  expect(FakeWebSocket.instances).toHaveLength(0);
  expect(join).toHaveBeenCalledWith({ channel: "app_postchannel", kwargs: { post_id: 1 } }, expect.objectContaining({ auth: "t" }));
});

test("without a socketUrl or a page to take it from, the error names the fix", () => {
  const channel = new ContextChannel<Post>({ name: "app_postchannel", socketUrl: null, many: false }, {});
  expect(() => channel.connect()).toThrow(/socketUrl/);
});

test("save, create and delete send the sync join's writes, typed, and settle with the reply", async () => {
  interface PostPayload {
    title?: string;
  }
  const channel = new PostChannel(1);
  channel.connect();
  ws().open();
  await joined(channel);
  const saved: Promise<number> = channel.save<PostPayload, number>(P, 1, { title: "Mine" });
  expect(channel.state).toEqual({ id: 1, title: "Mine" }); // shown at once
  const [ref, , event, payload] = ws().sent.at(-1)!;
  expect([event, payload]).toEqual(["save", { type: P, id: 1, data: { title: "Mine" } }]);
  ws().serve([ref, "sync:1", "ok", { id: 1 }]);
  await expect(saved).resolves.toBe(1);

  const created = channel.create<PostPayload>("app.CommentSerializer", 1, { title: "x" });
  ws().serve([ws().sent.at(-1)![0], "sync:1", "ok", { id: 9 }]);
  await expect(created).resolves.toBe(9);
  const deleted = channel.delete(P, 1);
  expect(ws().sent.at(-1)![3]).toEqual({ type: P, id: 1 });
  ws().serve([ws().sent.at(-1)![0], "sync:1", "ok", {}]);
  await expect(deleted).resolves.toBeUndefined();
});

test("a refused save rejects with the per-field errors and the state is the server's again", async () => {
  const channel = new PostChannel(1);
  channel.connect();
  ws().open();
  await joined(channel);
  const saved = channel.save(P, 1, { title: "" });
  expect(channel.state).toEqual({ id: 1, title: "" });
  const errors = { title: ["This field may not be blank."] };
  ws().serve([ws().sent.at(-1)![0], "sync:1", "error", { code: "bad_params", reason: "not valid", errors }]);
  await expect(saved).rejects.toMatchObject({ code: "bad_params", errors });
  expect(channel.state).toEqual({ id: 1, title: "T" });
});
