// @djwire/client: typed model-state channels of djwire. See docs/sync.md, "Typed front ends".

export { ContextChannel } from "./context-channel.js";
export type {
  ChannelError,
  ChannelListener,
  ChannelOptions,
  InstanceId,
  UrlKwarg,
  WriteError,
  WriteOptions,
} from "./context-channel.js";
