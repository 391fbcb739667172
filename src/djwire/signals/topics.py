"""The special topics of signals (df_websockets' names) and how objects become topic keys.

``SERVER`` and ``SYNC`` are not topics but destinations: the server's functions, run by the
workers (``SERVER``) or at once in the calling thread (``SYNC``). ``WINDOW`` is the window a
signal came from, ``USER`` every window of its user, ``SESSION`` every window of its Django
session, ``BROADCAST`` every window. Any other object is named by the topic serializer
(``DJWIRE["signal_topic_serializer"]``, df_websockets' ``WEBSOCKET_TOPIC_SERIALIZER``), by
default the targets vocabulary every capability of djwire shares (djwire.pubsub.targets):
``app.model.pk`` for a model instance, so a signal to a note reaches the same recipients'
group as ``push_to_view(..., to=note)``.
"""

from __future__ import annotations


class Constant:
    """A special topic; its ``repr`` is its name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


SERVER = Constant("SERVER")
SYNC = Constant("SYNC")
WINDOW = Constant("WINDOW")
USER = Constant("USER")
SESSION = Constant("SESSION")
BROADCAST = Constant("BROADCAST")
