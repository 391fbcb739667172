// The base class of the channel classes `manage.py makefrontend` writes:
//
//   class BlogPostChannel extends ContextChannel<BlogPostType, BlogPostChannelRuntimeState> {
//     constructor(postId: number, token?: string) {
//       super({ name: BlogPostChannel.channelName, socketUrl: BlogPostChannel.socketUrl, many: false },
//             { post_id: postId }, token);
//     }
//     async addComment(text: string): Promise<CommentType> { return this.call("add_comment", [text]); }
//     async saveComment(id: number, data: Partial<CommentPayload>): Promise<number> {
//       return this.save<CommentPayload, number>("liveblog.serializers.CommentSerializer", id, data);
//     }
//   }
//
// What it adds to the browser client's SyncChannel (client/src/sync/channel.js, which keeps
// the state, re-joins with its watermark and settles every call): types, a join by the
// channel's name (no Django page signs a token), subscribers, and the connection's status.

import type { TransportError } from "djwire-client/src/transport/errors.js";

import { openWire, type Wire } from "./page.js";

/** A URL kwarg of a channel, as its route's converter gives it. */
export type UrlKwarg = string | number;

/** What a generated class tells its base. */
export interface ChannelOptions {
  /** The channel's registered name on the server (`BlogPostChannel.name`). */
  name: string;
  /** The server's socket URL (`ws://host/djwire/ws/`); null: the page's own server. */
  socketUrl: string | null;
  /** A channel of a list of instances (`state = Serializer(many=True)`). */
  many: boolean;
  /** Milliseconds an action may take before its call rejects with `timeout` (30 s). */
  timeout?: number;
}

/** An error the server or the connection reported: `code` decides, `reason` is for people. */
export interface ChannelError {
  code: string;
  reason: string;
}

/** Why a write was refused: a ChannelError, with the serializer's `errors` per field when
 * the data was not valid (`bad_params`). */
export interface WriteError extends ChannelError {
  errors?: Record<string, string[]>;
}

/** The primary key of a row of the state. */
export type InstanceId = string | number;

/** How one write goes: `timeout` (ms), `optimistic` (false: shown once the server sends it). */
export interface WriteOptions {
  timeout?: number;
  optimistic?: boolean;
}

/** Called after every change of the channel: state, runtime state, connection, error. */
export type ChannelListener = () => void;

/**
 * A model-state channel of djwire, typed: `S` is its state as the serializer nests it (an
 * array for a `many` channel), `R` its `RuntimeState`. It joins when first subscribed to (or
 * on `connect()`), over the page's djwire socket when the page has one, else its own.
 */
export class ContextChannel<S, R extends object = Record<string, never>> {
  readonly name: string;
  readonly socketUrl: string | null;
  readonly many: boolean;
  readonly kwargs: Readonly<Record<string, UrlKwarg>>;
  private readonly token: string | undefined;
  private readonly options: ChannelOptions;
  private readonly listeners = new Set<ChannelListener>();
  private wire: Wire | null = null;
  private lastError: ChannelError | null = null;
  private droppedAt: Date | null = null;
  private closing: ReturnType<typeof setTimeout> | null = null;

  /**
   * `kwargs` are the channel's URL kwargs (`{ post_id: 1 }`); `token` a credential for the
   * server's `DJWIRE["sync_authenticator"]` (a DRF token by default). Without one the
   * session cookie's user joins.
   */
  constructor(options: ChannelOptions, kwargs: Record<string, UrlKwarg>, token?: string) {
    this.name = options.name;
    this.socketUrl = options.socketUrl;
    this.many = options.many;
    this.kwargs = { ...kwargs };
    this.token = token;
    this.options = options;
  }

  /** The state as the serializer nests it; null before it arrived (or once deleted). */
  get state(): S | null {
    return this.wire === null ? null : (this.wire.channel.state as S | null);
  }

  /**
   * True once the state came and holds nothing: the anchor is not there (or was deleted), or a
   * `many` channel lists no instance. False before the state came.
   */
  get empty(): boolean {
    if (this.wire === null || !this.wire.channel.loaded) return false;
    const state = this.state;
    return state === null || (Array.isArray(state) && state.length === 0);
  }

  /**
   * One instance of the state by its layer's type (`"app.serializers.CommentSerializer"`)
   * and id, nested as the serializer nests it; null when the channel holds no such row.
   */
  getInstance<T>(instanceType: string, id: string | number): T | null {
    return this.wire === null ? null : (this.wire.channel.instance(instanceType, id) as T | null);
  }

  /** The connection's runtime variables (`set_runtime_var` on the server). */
  get runtimeState(): Partial<R> {
    return this.wire === null ? {} : (this.wire.channel.runtime as Partial<R>);
  }

  /** True while the channel is joined; false before, and from a drop until the re-join. */
  get connected(): boolean {
    return this.wire !== null && this.wire.channel.channel.joined && this.wire.socket.connected;
  }

  /** When the connection dropped, while it is down (null while connected or before). */
  get noConnectionSince(): Date | null {
    return this.droppedAt;
  }

  /** The last refusal or error frame of the channel; cleared by the next join. */
  get error(): ChannelError | null {
    return this.lastError;
  }

  /** Join the channel (done by the first `subscribe` too); joining twice does nothing. */
  connect(): void {
    if (this.wire !== null) return;
    const events = new EventTarget();
    events.addEventListener("djwire:joined", () => {
      this.lastError = null;
      this.droppedAt = null;
      // The transport channel counts as joined only after its join callbacks, this one among
      // them: tell the subscribers once `connected` reads true.
      queueMicrotask(() => this.changed());
    });
    const join = { channel: this.name, kwargs: { ...this.kwargs } };
    const wire = openWire(
      join,
      {
        target: events,
        auth: this.token,
        timeout: this.options.timeout,
        onState: () => this.changed(),
        onRuntime: () => this.changed(),
        onError: (error: TransportError) => {
          this.lastError = { code: error.code, reason: error.reason };
          this.changed();
        },
      },
      this.socketUrl,
    );
    this.wire = wire;
    wire.socket.onClose(() => {
      if (this.wire !== wire) return; // closed for good already
      this.droppedAt ??= new Date();
      this.changed();
    });
  }

  /** Leave the channel; its own socket closes with its last channel. Calls still waiting reject. */
  close(): void {
    if (this.closing !== null) {
      clearTimeout(this.closing);
      this.closing = null;
    }
    const wire = this.wire;
    if (wire === null) return;
    this.wire = null;
    wire.channel.leave();
    wire.release();
    this.changed();
  }

  /**
   * Call `listener` after every change; returns the function that unsubscribes it. The first
   * subscriber joins; when the last one goes the channel closes, on the next turn of the event
   * loop, so a subscriber that comes straight back (React StrictMode mounts, unmounts and
   * mounts again) keeps the join and its socket.
   */
  subscribe(listener: ChannelListener): () => void {
    this.listeners.add(listener);
    if (this.closing !== null) {
      clearTimeout(this.closing);
      this.closing = null;
    }
    this.connect();
    return () => this.unsubscribe(listener);
  }

  /** Stop calling `listener`; the last one to go closes the channel (see `subscribe`). */
  unsubscribe(listener: ChannelListener): void {
    if (!this.listeners.delete(listener) || this.listeners.size > 0 || this.closing !== null) return;
    this.closing = setTimeout(() => {
      this.closing = null;
      if (this.listeners.size === 0) this.close();
    }, 0);
  }

  /**
   * Call the channel's `@action` `action` with positional `args`; resolves with its result.
   * Trailing `undefined` args are dropped, so the server's defaults apply to the optional
   * params a generated method was not given. Rejects with a TransportError (`code`,
   * `reason`) on an error reply (`unknown_handler`, `bad_params`, `handler_error`), on
   * `timeout`, and with `disconnected` when the connection is not there or drops.
   */
  call<T>(action: string, args: readonly unknown[] = []): Promise<T> {
    this.connect();
    const sent = [...args];
    while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
    return (this.wire as Wire).channel.callWith(action, sent, {}) as Promise<T>;
  }

  /**
   * Save `data` (some of the fields of `P`, the serializer's `Payload`) into the row `id` of
   * the `Meta.writable` serializer `instanceType` (its `_instance_type`); resolves with the
   * id. The state shows it at once and is restored exactly if the server refuses it.
   * Rejects as `call` does, and with `bad_params` carrying `errors` per field (a WriteError).
   */
  save<P extends object, I extends InstanceId = InstanceId>(
    instanceType: string,
    id: I,
    data: Partial<P>,
    options?: WriteOptions,
  ): Promise<I> {
    this.connect();
    return (this.wire as Wire).channel.save(instanceType, id, data, options) as Promise<I>;
  }

  /** Create a row of `instanceType` under the row `parentId` that lists it; resolves with
   * the new row's id. Shown at once (a negative id) until the server's row arrives. */
  create<P extends object, I extends InstanceId = InstanceId>(
    instanceType: string,
    parentId: InstanceId,
    data: P,
    options?: WriteOptions,
  ): Promise<I> {
    this.connect();
    return (this.wire as Wire).channel.create(instanceType, parentId, data, options) as Promise<I>;
  }

  /** Delete the row `id` of `instanceType`; hidden at once, shown again if refused. */
  delete(instanceType: string, id: InstanceId, options?: WriteOptions): Promise<void> {
    this.connect();
    return (this.wire as Wire).channel.delete(instanceType, id, options);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
