"""``Meta.auto_update``: a list channel shows the anchors created after it was joined.

When a row of the anchor model of a ``many=True`` channel with ``auto_update = True`` is
created, its id is published after the commit (all the rows of one commit together) to the
channel's pubsub group. Each connection of the channel asks its ``is_visible(id)`` (False
unless overridden) and, when it says yes, shows the new anchor first
(``add_instance(id, at_beginning=True)``), so its client gets the anchor's state.

While a connection of such a channel lasts, the channel counts as joined in the watching
registry (:mod:`djwire.sync.watching`, shared between processes with channels-redis): a
creation that no connection can see does no work, not even after the commit.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Collection, Hashable
from functools import partial
from typing import Any

import orjson
from django.db import models

from djwire.pubsub import Message, get_hub, group_name
from djwire.sync import watching
from djwire.sync.broadcast import send_payload
from djwire.sync.exceptions import ChannelDefinitionError
from djwire.sync.pending import Change, record
from djwire.sync.protocol import OP_CREATE
from djwire.sync.tree import Layer, StateTree
from djwire.transport.pool import get_pool

logger = logging.getLogger("djwire.sync")

# The ids in a "created" message (a server-to-server message: no client reads it).
_CREATED = "created"
# The member the joined connections count under in the watching registry.
_JOINED = "joined"

# Anchor model -> the root layers of the auto_update channels anchored on it.
_roots: dict[type[models.Model], list[Layer]] = {}


def check(name: str, meta: Any, many: bool) -> bool:
    """``Meta.auto_update`` of the channel ``name``: a bool, and True only for a list."""
    value = getattr(meta, "auto_update", False)
    if not isinstance(value, bool):
        raise ChannelDefinitionError(
            f"{name}.Meta.auto_update must be True or False; got {value!r}"
        )
    if value and not many:
        raise ChannelDefinitionError(
            f"{name}.Meta.auto_update needs a list channel: state = SomeSerializer(many=True) "
            f"(a single-instance channel has no list to add new instances to)"
        )
    return value


def register(tree: StateTree, enabled: bool) -> None:
    """Publish the creations of ``tree``'s anchor model when ``enabled`` (a channel defined
    again replaces what it registered before)."""
    for layers in _roots.values():
        layers[:] = [layer for layer in layers if layer.channel_name != tree.channel_name]
    if enabled:
        _roots.setdefault(tree.anchor_model, []).append(tree.root)


def rows_created(model: type[models.Model], pks: Collection[Hashable], using: str) -> None:
    """Rows of ``model`` were created: publish their ids after the commit to the
    auto_update channels anchored on it that someone has joined."""
    layers = [
        layer
        for layer in _roots.get(model, ())
        if watching.has_watchers(_registry_name(layer.channel_name))
    ]
    record([Change(layer, pk, OP_CREATE) for layer in layers for pk in pks], using, _flush)


def _flush(changes: list[Change], using: str) -> None:
    by_layer: dict[Layer, list[Hashable]] = {}
    for change in changes:
        if change.operation == OP_CREATE:
            by_layer.setdefault(change.layer, []).append(change.pk)
    for layer, pks in by_layer.items():
        # A row created and deleted again in the same transaction is no new anchor.
        manager = layer.model._base_manager.using(using)
        alive = set(manager.filter(pk__in=pks).values_list("pk", flat=True))
        created = [pk for pk in pks if pk in alive]
        if created:
            payload = orjson.dumps({_CREATED: created})
            send_payload([created_group(layer.channel_name)], payload)


def created_group(channel_name: str) -> str:
    """The pubsub group the new anchors of an auto_update channel are published to."""
    return group_name(f"djwire_sync_created_{channel_name}")


def _registry_name(channel_name: str) -> str:
    # Apart from the channel's own name, whose members are anchor ids.
    return f"{channel_name}.auto_update"


class NewAnchors:
    """The new anchors one connection is offered, shown when its ``is_visible`` says so."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.group = created_group(connection.channel.name)
        self._started = asyncio.Event()
        self._offered: asyncio.Queue[list[Any]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    async def subscribe(self) -> None:
        """Receive the creations from now on (shown once :meth:`started` is called)."""
        # The worker runs in the connection's context (the hub calls _receive in the
        # publisher's, where a database_sync_to_async would find a finished executor).
        self._worker = asyncio.get_running_loop().create_task(self._show())
        await watching.awatch(_registry_name(self.connection.channel.name), _JOINED)
        await get_hub().subscribe(self.group, id(self), self._receive)

    def started(self) -> None:
        """The connection sent its state: new anchors may follow."""
        self._started.set()

    async def close(self) -> None:
        """Stop: the connection is gone."""
        if self._worker is None:
            return
        self._worker.cancel()
        self._worker = None
        await get_hub().unsubscribe(self.group, id(self))
        watching.unwatch(_registry_name(self.connection.channel.name), _JOINED)

    def _receive(self, message: Message) -> None:
        value = message.value
        ids = value.get(_CREATED) if isinstance(value, dict) else None
        if isinstance(ids, list):
            self._offered.put_nowait(ids)

    async def _show(self) -> None:
        await self._started.wait()
        channel = self.connection.channel
        while True:
            for value in await self._offered.get():  # in the order they were created
                try:
                    anchor = channel.normalize_instance_id(value)
                    if anchor not in channel.anchor_ids and await self._visible(anchor):
                        await self.connection.add_instance(anchor, at_beginning=True)
                except Exception:
                    # One anchor that fails must not stop the ones that follow.
                    logger.exception("%s: showing a new anchor failed", type(channel).__name__)

    async def _visible(self, anchor: Hashable) -> bool:
        channel = self.connection.channel
        try:
            if inspect.iscoroutinefunction(channel.is_visible):
                visible = await channel.is_visible(anchor)
            else:
                # A plain def may query the database: not on the event loop.
                visible = await get_pool().run_background(partial(channel.is_visible, anchor))
        except Exception:
            # Hidden, as by default: a visibility check that fails shows nothing.
            logger.exception("%s.is_visible raised: hidden", type(channel).__name__)
            return False
        return visible is True
