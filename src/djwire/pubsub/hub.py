"""One subscriber per process: receives each push once and hands it to the local views.

Every socket joining Channels groups itself would make the channel layer copy a push once per
socket (the in-memory layer deep-copies per channel). Instead each process has one hub per
event loop: it is the only member of the groups in the channel layer, it decodes a push once,
and it hands the same decoded push to every local subscriber. With Redis that is one Redis
message per push per process, whatever the number of browsers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from channels.layers import InMemoryChannelLayer, get_channel_layer

from djwire import codec

logger = logging.getLogger("djwire.pubsub")

MESSAGE_TYPE = "djwire.push"
Subscriber = Callable[[dict[str, Any]], None]


class Hub:
    """The push subscriptions of one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.layer: Any = get_channel_layer()
        self.local: dict[str, dict[int, Subscriber]] = {}
        self._channel: str | None = None
        self._listener: asyncio.Task[None] | None = None

    @property
    def is_local_only(self) -> bool:
        """No channel layer, or the in-memory one: pushes never leave this process."""
        return self.layer is None or isinstance(self.layer, InMemoryChannelLayer)

    async def subscribe(self, group: str, key: int, subscriber: Subscriber) -> None:
        members = self.local.setdefault(group, {})
        first = not members
        members[key] = subscriber
        if first and not self.is_local_only:
            await self.layer.group_add(group, await self._channel_name())

    async def unsubscribe(self, group: str, key: int) -> None:
        members = self.local.get(group)
        if members is None:
            return
        members.pop(key, None)
        if not members:
            del self.local[group]
            if not self.is_local_only and self._channel is not None:
                await self.layer.group_discard(group, self._channel)

    async def _channel_name(self) -> str:
        if self._channel is None:
            self._channel = await self.layer.new_channel(prefix="djwire.hub.")
            self._listener = asyncio.create_task(self._listen())
        return self._channel

    async def _listen(self) -> None:
        assert self._channel is not None
        while True:
            try:
                message = await self.layer.receive(self._channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("receiving pushes failed; retrying in 1 s")
                await asyncio.sleep(1)
                continue
            if message.get("type") == MESSAGE_TYPE:
                self.deliver(message["group"], message["data"])

    def deliver(self, group: str, data: bytes) -> None:
        """Decode a push once and give it to every local subscriber of ``group``."""
        members = self.local.get(group)
        if not members:
            return
        push = codec.decode(data)
        push["raw"] = data  # subscribers that hand the payload to code decode their own copy
        for subscriber in list(members.values()):
            try:
                subscriber(push)
            except Exception:
                logger.exception("a push subscriber of %s failed", group)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def get_hub() -> Hub:
    """The hub of the running event loop (made on first use)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.loop.is_closed():
        for old in [key for key in _hubs if key.is_closed()]:
            del _hubs[old]
        hub = _hubs[loop] = Hub(loop)
    return hub


async def publish(groups: list[str], data: bytes) -> None:
    """Send an encoded push to ``groups``: through the channel layer to every process, or,
    with the in-memory layer, straight to the hubs of this process."""
    layer: Any = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        for hub in list(_hubs.values()):
            if hub.loop.is_closed():
                continue
            for group in groups:
                if hub.loop is asyncio.get_running_loop():
                    hub.deliver(group, data)
                else:
                    hub.loop.call_soon_threadsafe(hub.deliver, group, data)
        return
    for group in groups:
        await layer.group_send(group, {"type": MESSAGE_TYPE, "group": group, "data": data})
