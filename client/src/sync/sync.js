// window.djwire.sync: join model-state channels on the page's one socket (shared with its
// LiveViews and signals window). The page's view signs a token per channel
// (`ProjectChannel.token_for(request, project_id=...)`) and hands it to the page's script.

import { SyncChannel } from "./channel.js";

export class Sync {
  /**
   * `socket()` returns the page's socket (made on first use); `connect()` connects it unless
   * it already is (a page with only channels opens its socket at the first join).
   */
  constructor(document, socket, connect) {
    this.document = document;
    this.socket = socket;
    this.connect = connect;
    this.channels = [];
  }

  /**
   * Join the channel of `token` (signed by the page's view), or of `{channel, kwargs}` (its
   * registered name, `ProjectChannel.name`, and URL kwargs); returns its SyncChannel (`state`, `call(action, ...args)`,
   * `callWith`, `save` / `create` / `delete`, `runtime`, `leave()`). `options`: onState,
   * onRuntime, onNotification, onError, auth, target (where the djwire:sync-* events go: the
   * document by default), timeout, optimistic.
   */
  join(token, options = {}) {
    const named = token !== null && typeof token === "object" && typeof token.channel === "string";
    if (!named && (typeof token !== "string" || token === "")) {
      throw new TypeError(
        "djwire.sync.join(token): the token is the string ProjectChannel.token_for(request, ...) returned, or {channel: ProjectChannel.name, kwargs}",
      );
    }
    const channel = new SyncChannel(this.socket(), token, { target: this.document, ...options });
    this.channels.push(channel);
    this.connect();
    return channel;
  }
}
