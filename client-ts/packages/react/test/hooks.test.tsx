// @vitest-environment jsdom
// The hooks on the real ContextChannel, Socket and SyncChannel, over a WebSocket the test drives
// as the server: StrictMode, several hooks on one channel, a drop and the re-join, an empty
// state, a refused join, the last unmount closing the socket.
import { act, cleanup, render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";

import { FakeWebSocket } from "djwire-client/test-support/fake-socket.js";

import { ContextChannel, useChannelInstance, useChannelState } from "../src/index.js";

interface Comment {
  id: number;
  text: string;
}
interface Post {
  id: number;
  title: string;
  comments: Comment[];
}
interface Runtime {
  added: number;
}

const P = "app.PostSerializer";
const C = "app.CommentSerializer";
const SHAPE = { root: P, many: false, nested: { [P]: { comments: [C, true] }, [C]: {} } };
const post = (v: number, comments: number[], title = "T") => ({ id: 1, title, comments, _instance_type: P, _tstamp: v });
const comment = (id: number, v: number, text = `c${id}`) => ({ id, text, _instance_type: C, _tstamp: v });

class PostChannel extends ContextChannel<Post, Runtime> {
  constructor(postId: number) {
    super({ name: "app_postchannel", socketUrl: "ws://api.example/djwire/ws/", many: false }, { post_id: postId });
  }
}

const ws = (): FakeWebSocket => FakeWebSocket.instances.at(-1) as FakeWebSocket;
const joins = (): number => FakeWebSocket.instances.flatMap((s) => s.sent).filter((f) => f[2] === "join").length;
const turn = () => act(() => vi.advanceTimersByTimeAsync(0));

async function serve(frame: unknown[]): Promise<void> {
  await act(async () => {
    ws().serve(frame);
    await vi.advanceTimersByTimeAsync(0);
  });
}

async function join(layers: unknown[] = [post(5, [7]), comment(7, 5)]): Promise<void> {
  await act(async () => ws().open());
  await serve([ws().sent.at(-1)![0], "sync:1", "ok", { s: SHAPE }]);
  await serve([null, "sync:1", "instances", { v: 5, i: layers, a: [1], r: true }]);
}

function PostView({ channel, label = "post" }: { channel: PostChannel; label?: string }) {
  const { state, runtimeState, connected, no_connection_since, empty, error } = useChannelState<Post, Runtime>(channel);
  return (
    <div data-testid={label}>
      <span data-testid={`${label}-connected`}>{connected ? "yes" : "no"}</span>
      <span data-testid={`${label}-since`}>{no_connection_since === null ? "" : "down"}</span>
      <span data-testid={`${label}-empty`}>{empty ? "empty" : ""}</span>
      <span data-testid={`${label}-error`}>{error?.code ?? ""}</span>
      <span data-testid={`${label}-added`}>{runtimeState.added ?? 0}</span>
      <span data-testid={`${label}-title`}>{state?.title ?? ""}</span>
      <ul>{state?.comments.map((c) => <li key={c.id}>{c.text}</li>)}</ul>
    </div>
  );
}

const text = (id: string): string => screen.getByTestId(id).textContent ?? "";

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.spyOn(console, "warn").mockImplementation(() => {});
  FakeWebSocket.instances = [];
});

afterEach(async () => {
  cleanup();
  await vi.advanceTimersByTimeAsync(0); // the unmounted hooks' channels close
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test("under StrictMode one join on one socket, and the state flows", async () => {
  const channel = new PostChannel(1);
  render(
    <StrictMode>
      <PostView channel={channel} />
    </StrictMode>,
  );
  await turn(); // where a close of the StrictMode unmount would run
  expect(FakeWebSocket.instances).toHaveLength(1);
  expect(ws().readyState).not.toBe(3);
  await join();
  expect(joins()).toBe(1);
  expect(text("post-connected")).toBe("yes");
  expect(text("post-title")).toBe("T");
  expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["c7"]);
  await serve([null, "sync:1", "instances", { v: 6, i: [post(6, [7, 8]), comment(8, 6, "second")] }]);
  expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["c7", "second"]);
  await serve([null, "sync:1", "runtime", { var: "added", value: 2 }]);
  expect(text("post-added")).toBe("2");
});

test("several hooks on one channel share its join and all see each change", async () => {
  const channel = new PostChannel(1);
  function Title() {
    const { state } = useChannelState<Post, Runtime>(channel);
    return <h1>{state?.title}</h1>;
  }
  function Second() {
    const second = useChannelInstance<Comment>(channel, C, 7);
    return <p data-testid="instance">{second?.text ?? "none"}</p>;
  }
  render(
    <>
      <PostView channel={channel} label="a" />
      <PostView channel={channel} label="b" />
      <Title />
      <Second />
    </>,
  );
  expect(text("instance")).toBe("none");
  await join();
  expect(joins()).toBe(1);
  await serve([null, "sync:1", "instances", { v: 7, i: [post(7, [7], "Renamed"), comment(7, 7, "edited")] }]);
  expect(text("a-title")).toBe("Renamed");
  expect(text("b-title")).toBe("Renamed");
  expect(screen.getByRole("heading").textContent).toBe("Renamed");
  expect(text("instance")).toBe("edited");
});

test("a hook mounted after the join shows the state at once", async () => {
  const channel = new PostChannel(1);
  const first = render(<PostView channel={channel} label="a" />);
  await join();
  first.rerender(
    <>
      <PostView channel={channel} label="a" />
      <PostView channel={channel} label="b" />
    </>,
  );
  expect(text("b-title")).toBe("T");
  expect(text("b-connected")).toBe("yes");
});

test("connected goes false on a drop and back on the re-join", async () => {
  const channel = new PostChannel(1);
  render(<PostView channel={channel} />);
  await join();
  await act(async () => ws().close());
  expect(text("post-connected")).toBe("no");
  expect(text("post-since")).toBe("down");
  expect(text("post-title")).toBe("T"); // the state held is still shown
  await act(() => vi.advanceTimersByTimeAsync(1000)); // the backoff
  await act(async () => ws().open());
  await serve([ws().sent[0]![0], "sync:1", "ok", { s: SHAPE }]);
  expect(text("post-connected")).toBe("yes");
  expect(text("post-since")).toBe("");
});

test("empty once a state with nothing in it came, not before", async () => {
  const channel = new PostChannel(1);
  render(<PostView channel={channel} />);
  await act(async () => ws().open());
  await serve([ws().sent.at(-1)![0], "sync:1", "ok", { s: SHAPE }]);
  expect(text("post-connected")).toBe("yes");
  expect(text("post-empty")).toBe("");
  await serve([null, "sync:1", "instances", { v: 5, i: [], a: [1], r: true }]);
  expect(text("post-empty")).toBe("empty");
});

test("a refused join is the hook's error", async () => {
  const channel = new PostChannel(1);
  render(<PostView channel={channel} />);
  await act(async () => ws().open());
  await serve([ws().sent.at(-1)![0], "sync:1", "error", { code: "forbidden", reason: "not a reader" }]);
  expect(text("post-error")).toBe("forbidden");
  expect(text("post-connected")).toBe("no");
});

test("the last unmount closes the socket; one of two does not", async () => {
  const channel = new PostChannel(1);
  const view = render(
    <>
      <PostView channel={channel} label="a" />
      <PostView channel={channel} label="b" />
    </>,
  );
  await join();
  view.rerender(<PostView channel={channel} label="a" />);
  await turn();
  expect(ws().readyState).toBe(FakeWebSocket.OPEN);
  view.unmount();
  await turn();
  expect(ws().readyState).toBe(3);
});

test("no channel yet: the empty snapshot, no socket", () => {
  function Nothing() {
    const { state, connected, empty } = useChannelState<Post, Runtime>(undefined);
    return <p data-testid="nothing">{`${state}/${connected}/${empty}`}</p>;
  }
  render(<Nothing />);
  expect(text("nothing")).toBe("null/false/false");
  expect(FakeWebSocket.instances).toHaveLength(0);
});
