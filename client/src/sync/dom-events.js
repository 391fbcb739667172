// The djwire:sync-* DOM events a page can listen to (docs/sync.md, "In the browser"). They are
// dispatched on the channel's target: the element carrying data-dj-sync-token, or the
// document for a channel joined with djwire.sync.join(); they bubble.

// detail {topic, state, reset}: the state changed (after the join's snapshot too).
export const DOM_SYNC_STATE = "djwire:sync-state";
// detail {topic, var, value, runtime}: a runtime variable of this connection was set.
export const DOM_SYNC_RUNTIME = "djwire:sync-runtime";
// detail {topic, data}: a notification (the channel's send() or broadcast_notification).
export const DOM_SYNC_NOTIFICATION = "djwire:sync-notification";
