// Where a channel's frames go: over the page's djwire socket when the page loaded the djwire.js
// bundle (a Django page with LiveViews or signals keeps one socket), else over a socket of
// this package's own, one per URL however many channels use it.

import { SyncChannel } from "djwire-client/src/sync/channel.js";
import type { JoinSpec, SyncChannelOptions } from "djwire-client/src/sync/channel.js";
import { DEFAULT_SOCKET_PATH, Socket, socketURL } from "djwire-client/src/transport/socket.js";

/** What the djwire.js bundle puts on `window.djwire` that a channel needs. */
interface PageDjwire {
  socket: Socket | null;
  sync: { join(join: JoinSpec, options: SyncChannelOptions): SyncChannel };
}

/** A joined channel, the socket it is on, and how to let go of both. */
export interface Wire {
  channel: SyncChannel;
  socket: Socket;
  release(): void;
}

const ownSockets = new Map<string, { socket: Socket; users: number }>();

function pageDjwire(): PageDjwire | null {
  const candidate = (globalThis as { djwire?: Partial<PageDjwire> }).djwire;
  return candidate && candidate.sync && typeof candidate.sync.join === "function"
    ? (candidate as PageDjwire)
    : null;
}

function pageLocation(): { protocol: string; host: string } | null {
  const location = (globalThis as { location?: { protocol: string; host: string } }).location;
  return location && location.host ? location : null;
}

/** The URL of a channel's own socket: `socketUrl`, or the djwire path on the page's host. */
export function ownSocketURL(socketUrl: string | null): string {
  if (socketUrl !== null) return socketUrl;
  const location = pageLocation();
  if (location === null) {
    throw new TypeError(
      "@djwire/client: no page to take the server from: give the channel a socketUrl " +
        '(DJWIRE["frontend_websocket_url"], then makefrontend)',
    );
  }
  return socketURL(location, DEFAULT_SOCKET_PATH);
}

/** Whether the page's djwire socket serves `socketUrl` (null: the page's own server). */
function onThePage(socketUrl: string | null): boolean {
  if (socketUrl === null) return true;
  const location = pageLocation();
  return location !== null && new URL(socketUrl).host === location.host;
}

/**
 * Join `join` with `options`: on the page's djwire socket when there is one for `socketUrl`,
 * else on a socket of our own.
 */
export function openWire(join: JoinSpec, options: SyncChannelOptions, socketUrl: string | null): Wire {
  const page = pageDjwire();
  if (page !== null && onThePage(socketUrl)) {
    const channel = page.sync.join(join, options);
    // The bundle makes its socket at the first join.
    return { channel, socket: page.socket as Socket, release: () => {} };
  }
  const url = ownSocketURL(socketUrl);
  let entry = ownSockets.get(url);
  if (entry === undefined) {
    entry = { socket: new Socket(url), users: 0 };
    ownSockets.set(url, entry);
    entry.socket.connect();
  }
  entry.users += 1;
  const shared = entry;
  const release = (): void => {
    shared.users -= 1;
    if (shared.users === 0) {
      ownSockets.delete(url);
      shared.socket.disconnect();
    }
  };
  return { channel: new SyncChannel(shared.socket, join, options), socket: shared.socket, release };
}
