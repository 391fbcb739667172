// useChannelState: a channel's state and connection as React state, named as
// @rxdjango/react's hook names them. The channel is an external store (useSyncExternalStore):
// each hook subscribes, the channel joins at its first subscriber and closes a turn after its
// last, so StrictMode's mount, unmount, mount keeps one join on one socket.

import { useMemo, useSyncExternalStore } from "react";

import type { ChannelError, ContextChannel } from "@djwire/client";

/** What `useChannelState` returns; the keys are @rxdjango/react's. */
export interface ChannelState<S, R> {
  /** The state as the serializer nests it; null before it came (or with no channel). */
  state: S | null;
  /** The connection's runtime variables (`set_runtime_var`); `{}` before any. */
  runtimeState: Partial<R>;
  /** True while joined; false before, and from a drop until the re-join. */
  connected: boolean;
  /** When the connection dropped, while it is down; null otherwise. */
  no_connection_since: Date | null;
  /** The state came and holds nothing (no anchor, or a `many` channel with no instance). */
  empty: boolean;
  /** The last refusal or error frame (`{code, reason}`); cleared by the next join. */
  error: ChannelError | null;
}

// The snapshot before a channel joins, and with no channel: one object, so React sees no change.
const NOTHING: ChannelState<never, never> = Object.freeze({
  state: null,
  runtimeState: Object.freeze({}),
  connected: false,
  no_connection_since: null,
  empty: false,
  error: null,
}) as ChannelState<never, never>;

interface Store<S, R> {
  subscribe(onChange: () => void): () => void;
  snapshot(): ChannelState<S, R>;
}

function read<S, R extends object>(channel: ContextChannel<S, R>): ChannelState<S, R> {
  return {
    state: channel.state,
    // Copied: the channel keeps one runtime object and sets its keys in place.
    runtimeState: { ...channel.runtimeState },
    connected: channel.connected,
    no_connection_since: channel.noConnectionSince,
    empty: channel.empty,
    error: channel.error,
  };
}

// A snapshot is read when the channel says it changed, never while React renders: reading
// builds the nested state anew, and useSyncExternalStore wants the same object until a change.
function channelStore<S, R extends object>(channel: ContextChannel<S, R> | undefined): Store<S, R> {
  if (channel === undefined) return { subscribe: () => () => {}, snapshot: () => NOTHING };
  let current: ChannelState<S, R> = channel.connected || channel.state !== null ? read(channel) : NOTHING;
  return {
    subscribe(onChange) {
      const unsubscribe = channel.subscribe(() => {
        current = read(channel);
        onChange();
      });
      // What changed between the render and this subscription (another hook's join).
      if (channel.connected || channel.state !== null) {
        current = read(channel);
        onChange();
      }
      return unsubscribe;
    },
    snapshot: () => current,
  };
}

/**
 * The state of `channel`, kept current: `{ state, runtimeState, connected,
 * no_connection_since, empty, error }`. Make the channel once (`useMemo`), not on every
 * render: a new channel is a new join. `undefined` (not known yet) gives the empty snapshot.
 */
export function useChannelState<S, R extends object = Record<string, never>>(
  channel: ContextChannel<S, R> | undefined,
): ChannelState<S, R> {
  const store = useMemo(() => channelStore(channel), [channel]);
  return useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
}
