// @djwire/react: React hooks for djwire's model-state channels, and what a port from
// @rxdjango/react imports from it (`import { ContextChannel, useChannelState } from
// "@djwire/react"`). See docs/sync.md, "React".

export { ContextChannel } from "@djwire/client";
export type { ChannelError, ChannelListener, ChannelOptions, UrlKwarg } from "@djwire/client";

export { useChannelInstance } from "./use-channel-instance.js";
export { useChannelState } from "./use-channel-state.js";
export type { ChannelState } from "./use-channel-state.js";
