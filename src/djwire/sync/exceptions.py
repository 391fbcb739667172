"""What a wrong channel or serializer raises, at startup, with the fix in the message."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


class ChannelDefinitionError(ImproperlyConfigured):
    """A ``ContextChannel`` subclass cannot be used as written (raised when it is defined)."""


class UnknownProperty(ChannelDefinitionError):
    """A serializer field reads a model property that djwire cannot track: mark it with
    ``@related_property(accessor)`` so a change of the rows it reads re-sends the row."""


class InvalidInstanceId(ValueError):
    """An instance id (from the URL, ``list_instances`` or ``add_instance``) is not a value of
    the anchor model's primary key."""


class ActionError(Exception):
    """Raise from an ``@action`` to refuse the call with ``message`` for the user: the caller
    gets a ``refused`` error whose reason is the message (the browser client's promise rejects
    with it; RxDjango's route answers 400). Any other exception is a crash: its reason names only
    the action, and the traceback goes to the server's log."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ActionNotAsync(ChannelDefinitionError):
    """An ``@action`` or ``@consumer`` is a plain ``def``: it must be ``async def``."""
