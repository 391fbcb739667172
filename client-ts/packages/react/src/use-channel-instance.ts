// useChannelInstance: one row of a channel's state (a comment of a post), by its layer's type
// and id, as @rxdjango/react's hook of that name gives it; kept current like useChannelState.

import { useMemo, useSyncExternalStore } from "react";

import type { ContextChannel } from "@djwire/client";

/**
 * The instance `instanceId` of the layer `instanceType` (`"app.serializers.CommentSerializer"`)
 * in `channel`'s state, nested as the serializer nests it; null while the channel does not hold
 * it (before the state came, or once it was deleted).
 */
export function useChannelInstance<T>(
  channel: ContextChannel<unknown, object> | undefined,
  instanceType: string,
  instanceId: string | number,
): T | null {
  const store = useMemo(() => {
    const read = (): T | null => (channel === undefined ? null : channel.getInstance<T>(instanceType, instanceId));
    let current = read();
    return {
      subscribe(onChange: () => void): () => void {
        if (channel === undefined) return () => {};
        const unsubscribe = channel.subscribe(() => {
          current = read();
          onChange();
        });
        current = read();
        onChange();
        return unsubscribe;
      },
      snapshot: (): T | null => current,
    };
  }, [channel, instanceType, instanceId]);
  return useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
}
