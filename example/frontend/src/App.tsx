// RxDjango's liveblog in React on djwire: the post's channel class that `manage.py
// makefrontend` generated, and @djwire/react's hook. The channel joins over the page's own
// server with the session cookie (Django serves this app), so it needs no token.
import { useMemo, useState, type FormEvent } from "react";

import { useChannelState, type ChannelError } from "@djwire/react";

import type { BlogPostType } from "./generated/liveblog/liveblog.interfaces";
import { BlogPostChannel, type BlogPostChannelRuntimeState } from "./generated/liveblog/liveblog.channels";

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

function statusOf(connected: boolean, everConnected: boolean): string {
  if (connected) return "live";
  return everConnected ? "offline" : "connecting";
}

export function App({ postId }: { postId: number }) {
  // One channel per post: a new channel on every render would be a new join every time.
  const channel = useMemo(() => new BlogPostChannel(postId), [postId]);
  const { state, runtimeState, connected, no_connection_since, empty, error } = useChannelState<
    BlogPostType,
    BlogPostChannelRuntimeState
  >(channel);
  const [text, setText] = useState("");
  const [author, setAuthor] = useState("guest");
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function comment(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setOutcome(null);
    try {
      const added = await channel.addComment(text, author);
      setText("");
      setOutcome({ ok: true, text: `Comment #${added.id} added` });
    } catch (failure) {
      const { code, reason } = failure as ChannelError;
      setOutcome({ ok: false, text: `Not sent (${code}): ${reason}` });
    }
  }

  const status = statusOf(connected, state !== null || no_connection_since !== null);
  return (
    <article className="card" id="liveblog" data-status={status}>
      <p className="muted" id="connection">
        {connected ? "Live" : no_connection_since ? `Offline since ${no_connection_since.toLocaleTimeString()}, reconnecting…` : "Connecting…"}
      </p>
      {error && (
        <p className="error" id="channel-error">
          {error.code}: {error.reason}
        </p>
      )}
      {empty && <h1 id="post-title">This post was deleted</h1>}
      {state && (
        <>
          <h1 id="post-title">{state.title}</h1>
          <p id="post-body">{state.body}</p>
          <h2>Comments</h2>
          <ul className="todo" id="comments">
            {state.comments.map((c) => (
              <li key={c.id} id={`comment-${c.id}`}>
                <strong>{c.author}</strong> <span className="text">{c.text}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <form id="comment-form" className="row" onSubmit={comment}>
        <input name="author" placeholder="Your name" maxLength={50} value={author} onChange={(e) => setAuthor(e.target.value)} />
        <input name="text" placeholder="Say something" maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
        <button className="primary" type="submit">
          Comment
        </button>
      </form>
      {outcome && (
        <p className={outcome.ok ? "muted" : "error"} id={outcome.ok ? "action-result" : "action-error"}>
          {outcome.text}
        </p>
      )}
      <p className="muted">
        Comments you added on this connection: <span id="comments-added">{runtimeState.comments_added ?? 0}</span>
      </p>
    </article>
  );
}
