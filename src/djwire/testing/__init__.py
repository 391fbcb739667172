"""Test clients for djwire: drive your views the way a browser does (see docs/testing.md).

- :class:`LiveViewTestClient` / :class:`AsyncLiveViewTestClient`: one LiveView, rendered over
  HTTP then joined over a real socket; send events, read the page, check the view.
- :class:`SocketTestClient` / :class:`AsyncSocketTestClient`: the socket they share, for
  protocol tests and several joins on one socket.
- :class:`ContextChannelTestClient` / :class:`AsyncContextChannelTestClient`: one model-state
  channel joined over a real socket: its state as a client holds it, its actions;
  :class:`JoinError` when the channel refuses the join.
- :class:`EventError`: what a refused request raises; :func:`wait_until`: wait on a condition.
- :func:`close_thread_connections`: close the database connections the server's threads
  hold, after a test.

Importing this package needs no configured Django; the names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from djwire._lazy import lazy_names

if TYPE_CHECKING:
    from djwire.testing.databases import close_thread_connections
    from djwire.testing.live import AsyncLiveViewTestClient, LiveViewTestClient
    from djwire.testing.socket import AsyncSocketTestClient, EventError, SocketTestClient
    from djwire.testing.sync import AsyncContextChannelTestClient, JoinError
    from djwire.testing.sync_twin import ContextChannelTestClient
    from djwire.testing.waits import wait_until

# Loaded on first use (PEP 562): the clients import Django's test machinery, which needs
# settings, and a conftest or a tool may import djwire.testing before django.setup().
_HOMES = {
    "AsyncContextChannelTestClient": "djwire.testing.sync",
    "AsyncLiveViewTestClient": "djwire.testing.live",
    "AsyncSocketTestClient": "djwire.testing.socket",
    "ContextChannelTestClient": "djwire.testing.sync_twin",
    "EventError": "djwire.testing.socket",
    "JoinError": "djwire.testing.sync",
    "LiveViewTestClient": "djwire.testing.live",
    "SocketTestClient": "djwire.testing.socket",
    "close_thread_connections": "djwire.testing.databases",
    "wait_until": "djwire.testing.waits",
}


__getattr__ = lazy_names(__name__, _HOMES)


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "AsyncContextChannelTestClient",
    "AsyncLiveViewTestClient",
    "AsyncSocketTestClient",
    "ContextChannelTestClient",
    "EventError",
    "JoinError",
    "LiveViewTestClient",
    "SocketTestClient",
    "close_thread_connections",
    "wait_until",
]
