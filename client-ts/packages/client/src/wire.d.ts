// Types of the browser client's wire modules (client/src, plain JS) as this package uses
// them: the same socket, join and state code as the djwire.js bundle, not a second protocol.

declare module "djwire-client/src/transport/errors.js" {
  export class TransportError extends Error {
    constructor(code: string, reason: string, exception?: string);
    readonly code: string;
    readonly reason: string;
    readonly exception: string | undefined;
    /** The error frame's whole payload (what a capability adds to it). */
    readonly payload?: Record<string, unknown>;
    /** A refused write's errors per field, as the serializer's `is_valid()` gives them. */
    errors?: Record<string, string[]>;
  }
}

declare module "djwire-client/src/transport/socket.js" {
  export const DEFAULT_SOCKET_PATH: string;
  export function socketURL(location: { protocol: string; host: string }, path: string): string;
  export interface SocketOptions {
    WebSocket?: unknown;
    target?: EventTarget;
    timers?: unknown;
    random?: () => number;
  }
  export class Socket {
    constructor(url: string, options?: SocketOptions);
    readonly url: string;
    readonly connected: boolean;
    connect(): void;
    disconnect(): void;
    onOpen(callback: () => void): void;
    onClose(callback: () => void): void;
  }
}

declare module "djwire-client/src/sync/channel.js" {
  import type { Socket } from "djwire-client/src/transport/socket.js";
  import type { TransportError } from "djwire-client/src/transport/errors.js";

  /** A join by a signed token, or by the channel's registered name and URL kwargs. */
  export type JoinSpec = string | { channel: string; kwargs: Record<string, string | number> };

  export interface SyncChannelOptions {
    onState?: (state: unknown) => void;
    onRuntime?: (runtime: Record<string, unknown>, name: string, value: unknown) => void;
    onNotification?: (data: unknown) => void;
    onError?: (error: TransportError) => void;
    auth?: unknown;
    target?: EventTarget;
    timeout?: number;
    optimistic?: boolean;
  }

  export interface WriteOptions {
    timeout?: number;
    optimistic?: boolean;
  }

  export const CALL_TIMEOUT_MS: number;

  export class SyncChannel {
    constructor(socket: Socket, join: JoinSpec, options?: SyncChannelOptions);
    readonly topic: string;
    readonly state: unknown;
    readonly runtime: Record<string, unknown>;
    /** Its transport channel (SyncChannel's own `joined` is the join callback). */
    readonly channel: { readonly joined: boolean };
    readonly watermark: number | null;
    /** Whether the state came (the first `instances` frame, even an empty one). */
    readonly loaded: boolean;
    instance(type: string, id: string | number): unknown;
    callWith(
      name: string,
      args?: unknown[],
      kwargs?: Record<string, unknown>,
      options?: { timeout?: number },
    ): Promise<unknown>;
    save(instanceType: string, id: unknown, data: object, options?: WriteOptions): Promise<unknown>;
    create(instanceType: string, parentId: unknown, data?: object, options?: WriteOptions): Promise<unknown>;
    delete(instanceType: string, id: unknown, options?: WriteOptions): Promise<void>;
    leave(): unknown;
  }
}
