"""One connection to a channel: who it is, its anchors, what it is sent, what it may call.

Both ways of joining a channel share it: a ``sync:`` join on the page's socket
(:mod:`djwire.sync.join`) and a socket of its own routed with ``ProjectChannel.as_asgi()``
(:mod:`djwire.sync.state_consumer`, RxDjango's wire). They differ only in how frames look,
which their :class:`Sink` decides.

On start the connection listens to its anchors' groups *before* it reads their state, so no
change is missed: what arrives while the snapshot is read is held and sent after it, and the
client applies only layers newer than those it holds, so a change already in the snapshot
does nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Generator, Hashable
from functools import partial
from typing import Any, Protocol

from channels.layers import get_channel_layer

from djwire.pubsub import Message
from djwire.sync import auth, history
from djwire.sync.actions import KIND, positional_params
from djwire.sync.auto_update import NewAnchors
from djwire.sync.broadcast import jsonable, tombstone_layer
from djwire.sync.consumers import consumers_of
from djwire.sync.exceptions import ActionError, InvalidInstanceId
from djwire.sync.protocol import (
    ERROR_LOGIN_REQUIRED,
    ERROR_NOT_FOUND,
    LAYER_DELETED,
    LAYER_ID,
    LAYER_TYPE,
    LAYER_VERSION,
    PAYLOAD_INSTANCES,
)
from djwire.sync.snapshot import existing, read_state
from djwire.sync.versions import current_version, next_version
from djwire.transport.callables import bind_or_refuse, resolve_callable
from djwire.transport.errors import ProtocolError
from djwire.transport.pool import get_pool
from djwire.transport.protocol import (
    ERROR_BAD_PARAMS,
    ERROR_FORBIDDEN,
    ERROR_HANDLER_ERROR,
    ERROR_REFUSED,
)

logger = logging.getLogger("djwire.sync")


class Sink(Protocol):
    """How one kind of connection shows the channel's frames to its client."""

    def instances(
        self, version: int, layers: list[dict[str, Any]], anchors: list[Any], *, reset: bool
    ) -> None:
        """Layers read by the server: a snapshot (``reset``: it replaces what the client
        holds), what changed since the client's watermark, or one added anchor's state."""

    def live(self, message: Message) -> None:
        """A message published to an anchor: committed layers, or a notification."""

    def anchors(self, anchors: list[Any], prepended: Any) -> None:
        """The connection's anchors changed (``prepended``: the one added at the start)."""

    def runtime(self, name: str, value: Any) -> None:
        """A runtime variable of this connection changed."""

    def notification(self, data: Any) -> None:
        """``send(data)`` of the channel, to this connection only."""


async def admit(channel_class: Any, scope: dict[str, Any], credential: Any, kwargs: Any) -> Any:
    """The channel instance of a join that may go ahead, or ProtocolError saying why not:
    ``unauthorized`` (a credential refused), ``login_required`` / ``forbidden``
    (``has_permission`` said no, to an anonymous or a known user), ``not_found``."""
    # On the handler pool's user lane, not Django's one sync thread: a slow has_permission (or
    # authenticator) of one join must not hold everyone else's (issue 12).
    pool = get_pool()
    user, allowed = await pool.run(
        partial(_who_and_whether, channel_class, scope, credential, kwargs)
    )
    if not allowed:
        name = channel_class.__name__
        if not getattr(user, "is_authenticated", False):
            raise ProtocolError(ERROR_LOGIN_REQUIRED, f"{name}: log in to join this channel")
        raise ProtocolError(ERROR_FORBIDDEN, f"{name}: this user may not join this channel")
    channel = channel_class(user, **kwargs)
    try:
        anchors = await channel.initialize_anchors()
    except InvalidInstanceId as error:
        raise ProtocolError(ERROR_NOT_FOUND, str(error)) from None
    if not channel.many and not await pool.run(partial(existing, channel._tree, anchors)):
        model = channel._tree.anchor_model.__name__
        raise ProtocolError(ERROR_NOT_FOUND, f"no {model} has the id {anchors[0]!r}")
    return channel


def _who_and_whether(
    channel_class: Any, scope: dict[str, Any], credential: Any, kwargs: dict[str, Any]
) -> tuple[Any, bool]:
    # One thread hop for both: the authenticator's user is what has_permission is asked about.
    user = auth.authenticate(scope, credential)
    return user, _allowed(channel_class, user, kwargs)


def _allowed(channel_class: Any, user: Any, kwargs: dict[str, Any]) -> bool:
    try:
        return channel_class.has_permission(user, **kwargs) is True
    except Exception:
        # Denied, as by default: a permission check that fails lets nobody in.
        logger.exception("%s.has_permission raised: refused", channel_class.__name__)
        return False


class Done:
    """What ``set_runtime_var`` returns: done already, and awaitable, so that both
    ``self.set_runtime_var(...)`` and ``await self.set_runtime_var(...)`` work."""

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield


class Connection:
    """A channel instance joined by one client, and what it listens to."""

    def __init__(self, channel: Any, sink: Sink) -> None:
        self.channel = channel
        self.sink = sink
        channel._connection = self
        self._listening: dict[Hashable, list[history.Key]] = {}
        self._held: list[Message] | None = None
        self._groups: set[str] = set()
        self._layer_channel: str | None = None
        self._events: asyncio.Task[None] | None = None
        self._closed = False
        self._new_anchors = NewAnchors(self) if channel.auto_update else None

    # -- start and stop ----------------------------------------------------------------

    async def start(self, watermark: int | None) -> None:
        """Listen to the anchors, then send their state (or what changed since
        ``watermark``), then what arrived meanwhile; then ``on_connect(watermark)``."""
        self._held = []
        if self._new_anchors is not None:
            # Before the state is read: an anchor created meanwhile is offered too. One
            # created since the join listed the anchors was neither listed nor offered: the
            # anchors are listed again (one offered as well is shown once: it is listed).
            await self._new_anchors.subscribe()
            await self.channel.initialize_anchors()
        histories = []
        for anchor in self.channel.anchor_ids:
            histories += await self._listen(anchor)
        missed = await _missed(histories, watermark)
        anchors = list(self.channel.anchor_ids)
        if missed is not None:
            version = max([watermark or 0, *(layer[LAYER_VERSION] for layer in missed)])
            self.sink.instances(version, missed, anchors, reset=False)
        else:
            version = current_version()
            layers = await self._read(anchors, version)
            self.sink.instances(version, layers, anchors, reset=True)
        held, self._held = self._held, None
        for message in held:
            self._deliver(message)
        if self._new_anchors is not None:
            self._new_anchors.started()
        await self.channel.on_connect(watermark)

    async def close(self) -> None:
        """The client left (or the socket closed): release everything; ``on_disconnect()``."""
        if self._closed:
            return
        self._closed = True
        if self._events is not None:
            self._events.cancel()
        if self._new_anchors is not None:
            await self._new_anchors.close()
        layer: Any = get_channel_layer()
        for group in list(self._groups):
            await layer.group_discard(group, self._layer_channel)
        for anchor in list(self._listening):
            self._unlisten(anchor)
        try:
            await self.channel.on_disconnect()
        except Exception:
            logger.exception("%s.on_disconnect raised", type(self.channel).__name__)

    async def _listen(self, anchor: Hashable) -> list[history.History]:
        channel = self.channel
        keys: list[history.Key] = [(channel.name, anchor, None)]
        if channel.user_id is not None and any(lr.user_key for lr in channel._tree.layers):
            keys.append((channel.name, anchor, channel.user_id))
        self._listening[anchor] = keys
        grace = channel.history_grace()
        return [await history.listen(key, id(self), self._receive, grace) for key in keys]

    def _unlisten(self, anchor: Hashable) -> None:
        for key in self._listening.pop(anchor, ()):
            history.unlisten(key, id(self))

    def _receive(self, message: Message) -> None:
        if self._closed:
            return
        if self._held is not None:
            self._held.append(message)
        else:
            self._deliver(message)

    def _deliver(self, message: Message) -> None:
        self.sink.live(message)
        # An anchor deleted is no anchor of this connection any more: not listened to (not
        # watched: its rows cost nothing), and not in the anchors a client is told of.
        gone = _deleted_anchors(self.channel, message)
        if gone:
            for anchor in gone:
                self.channel.anchor_ids.remove(anchor)
                self._unlisten(anchor)
            self.sink.anchors(list(self.channel.anchor_ids), None)

    async def _read(self, anchors: list[Any], version: int) -> list[dict[str, Any]]:
        channel = self.channel
        read = partial(read_state, channel._tree, anchors, channel.user_id, version)
        layers: list[dict[str, Any]] = await get_pool().run_background(read)
        return layers

    # -- the anchors of a many=True channel ----------------------------------------------

    async def add_instance(self, instance_id: Any, at_beginning: bool = False) -> None:
        anchor = self.channel.normalize_instance_id(instance_id)
        if anchor in self.channel.anchor_ids:
            return
        if at_beginning:
            self.channel.anchor_ids.insert(0, anchor)
        else:
            self.channel.anchor_ids.append(anchor)
        await self._listen(anchor)
        version = current_version()
        layers = await self._read([anchor], version)
        anchors = list(self.channel.anchor_ids)
        self.sink.anchors(anchors, anchor if at_beginning else None)
        self.sink.instances(version, layers, anchors, reset=False)

    async def remove_instance(self, instance_id: Any) -> None:
        anchor = self.channel.normalize_instance_id(instance_id)
        if anchor not in self.channel.anchor_ids:
            return
        self.channel.anchor_ids.remove(anchor)
        self._unlisten(anchor)
        anchors = list(self.channel.anchor_ids)
        self.sink.anchors(anchors, None)
        version = next_version()
        gone = tombstone_layer(self.channel._tree.root.instance_type, anchor, version)
        self.sink.instances(version, [gone], anchors, reset=False)

    async def clear(self) -> None:
        for anchor in list(self.channel.anchor_ids):
            await self.remove_instance(anchor)

    # -- to this connection only ---------------------------------------------------------

    def set_runtime_var(self, name: str, value: Any) -> Done:
        declared = getattr(self.channel.RuntimeState, "__annotations__", None)
        if declared is not None and name not in declared:
            raise KeyError(
                f"{type(self.channel).__name__}.RuntimeState declares no {name!r} "
                f"(it has {', '.join(sorted(declared)) or 'nothing'}): add it to the TypedDict"
            )
        self.channel.runtime_state[name] = value
        self.sink.runtime(name, jsonable(value))
        return Done()

    def send(self, data: Any) -> None:
        self.sink.notification(jsonable(data))

    async def group_add(self, group: str) -> None:
        layer: Any = get_channel_layer()
        if layer is None:
            raise RuntimeError("group_add needs a channel layer: set CHANNEL_LAYERS")
        if self._layer_channel is None:
            self._layer_channel = await layer.new_channel()
            self._events = asyncio.get_running_loop().create_task(self._receive_events(layer))
        await layer.group_add(group, self._layer_channel)
        self._groups.add(group)

    async def group_discard(self, group: str) -> None:
        if group in self._groups:
            self._groups.discard(group)
            layer: Any = get_channel_layer()
            await layer.group_discard(group, self._layer_channel)

    async def _receive_events(self, layer: Any) -> None:
        handlers = _consumers(type(self.channel))
        while True:
            event = await layer.receive(self._layer_channel)
            name = handlers.get(event.get("type"))
            if name is None:
                logger.warning(
                    "%s has no @consumer(%r): event dropped",
                    type(self.channel).__name__,
                    event.get("type"),
                )
                continue
            try:
                await getattr(self.channel, name)(event)
            except Exception:
                # One failing consumer must not stop the events that follow.
                logger.exception("@consumer %s.%s raised", type(self.channel).__name__, name)

    # -- from the client -----------------------------------------------------------------

    async def call(self, name: Any, args: Any, kwargs: Any) -> Any:
        """Run the action ``name`` with ``args`` and ``kwargs``; its result as JSON values.
        ProtocolError: ``unknown_handler``, ``bad_params``, ``handler_error``."""
        method = resolve_callable(self.channel, name, KIND)
        if not isinstance(args, list):
            raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: positional params must be a list")
        if not isinstance(kwargs, dict):
            raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: keyword params must be an object")
        params = positional_params(method, args, kwargs)
        if isinstance(params, str):
            raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: {params}")
        bound = bind_or_refuse(method, params, name)
        running: Awaitable[Any] = method(**bound)
        try:
            result = await running
        except ProtocolError:
            raise
        except ActionError as refusal:
            logger.info("@action %s.%s refused: %s", type(self.channel).__name__, name, refusal)
            raise ProtocolError(ERROR_REFUSED, refusal.message) from None
        except Exception as error:
            logger.exception("@action %s.%s raised", type(self.channel).__name__, name)
            reason = f"{name} raised {type(error).__name__}; see the server log"
            raise ProtocolError(ERROR_HANDLER_ERROR, reason) from None
        return jsonable(result)


def _deleted_anchors(channel: Any, message: Message) -> list[Hashable]:
    """The connection's anchors whose tombstone ``message`` carries."""
    gone = _deleted_roots(message, channel._tree.root.instance_type)
    return [anchor for anchor in gone if anchor in channel.anchor_ids] if gone else []


# The last message's answer: every connection of an anchor asks it of the same message, one
# after the other (a save watched by 1,000 browsers asked it 1,000 times).
_last_deleted: tuple[Message, str, dict[Hashable, None]] | None = None


def _deleted_roots(message: Message, root: str) -> dict[Hashable, None]:
    """The ids of the ``root`` rows whose tombstones ``message`` carries, in order."""
    global _last_deleted
    last = _last_deleted
    if last is not None and last[0] is message and last[1] == root:
        return last[2]
    value = message.value
    layers = value.get(PAYLOAD_INSTANCES) if isinstance(value, dict) else None
    gone = {
        layer[LAYER_ID]: None
        for layer in layers or ()
        if layer.get(LAYER_DELETED) and layer.get(LAYER_TYPE) == root
    }
    _last_deleted = (message, root, gone)
    return gone


async def _missed(histories: list[history.History], watermark: int | None) -> list[Any] | None:
    """The newest layer of each row changed since ``watermark``, when every history kept
    them all; None when a snapshot is needed."""
    if watermark is None:
        return None
    newest: dict[tuple[str, Any], dict[str, Any]] = {}
    for kept in histories:
        layers = await kept.since(watermark)
        if layers is None:
            return None
        for layer in layers:
            key = (layer[LAYER_TYPE], layer[LAYER_ID])
            if key not in newest or newest[key][LAYER_VERSION] < layer[LAYER_VERSION]:
                newest[key] = layer
    return list(newest.values())


_consumer_maps: dict[type, dict[str, str]] = {}


def _consumers(channel_class: type) -> dict[str, str]:
    found = _consumer_maps.get(channel_class)
    if found is None:
        found = _consumer_maps[channel_class] = consumers_of(channel_class)
    return found
