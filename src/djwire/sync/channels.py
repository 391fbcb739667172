"""``ContextChannel``: the state of a model instance (or a list of them) as a serializer shows it.

RxDjango's class, with its names: an RxDjango user ports by changing ``rxdjango`` to
``djwire.sync`` in the imports. Unlike RxDjango, a channel refuses everyone until it says who
may join (``has_permission`` and ``is_visible`` return False unless overridden; check
``djwire.C001`` warns about a channel that does not override ``has_permission``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from djwire.sync import auto_update, history, receivers
from djwire.sync.broadcast import publish_layers, publish_notification, tombstone_layer
from djwire.sync.exceptions import ChannelDefinitionError, InvalidInstanceId
from djwire.sync.grant import token_for_request
from djwire.sync.protocol import LAYER_OPERATION, LAYER_TYPE, OP_DELETE, OP_UPDATE
from djwire.sync.rows import flat
from djwire.sync.state_consumer import consumer_for
from djwire.sync.tree import StateTree
from djwire.sync.writes import Writable, writable_of

# RxDjango's default of Meta.cache_ttl: seconds.
RX_CACHE_TTL_DEFAULT = 604800

_registry: dict[str, type[ContextChannel]] = {}


def channel_name(module: str, class_name: str) -> str:
    """RxDjango's channel name: ``myapp.channels.ProjectChannel`` is ``myapp_projectchannel``."""
    base = module.removesuffix(".channels").replace(".", "_")
    return f"{base}_{class_name.lower()}"


class ContextChannelMeta(type):
    """Reads a channel's ``Meta`` when the class is defined and refuses one that cannot work."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> ContextChannelMeta:
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        meta = namespace.get("Meta")
        if meta is None and not any(isinstance(base, ContextChannelMeta) for base in bases):
            return cls  # ContextChannel itself
        if getattr(meta, "abstract", False):
            cls.abstract = True  # type: ignore[attr-defined]
            return cls
        cls.abstract = False  # type: ignore[attr-defined]
        state = getattr(meta, "state", None)
        if state is None:
            raise ChannelDefinitionError(
                f"{name} needs `class Meta: state = SomeSerializer()` (a ModelSerializer "
                f"instance; many=True for a list of instances), or `abstract = True`"
            )
        if isinstance(state, type):
            raise ChannelDefinitionError(
                f"{name}.Meta.state is the class {state.__name__}; give an instance: "
                f"state = {state.__name__}() (or {state.__name__}(many=True))"
            )
        cls.name = channel_name(cls.__module__, name)  # type: ignore[attr-defined]
        tree = StateTree(cls.name, state)  # type: ignore[attr-defined]
        cls.meta = meta  # type: ignore[attr-defined]
        cls.many = tree.many  # type: ignore[attr-defined]
        cls._tree = tree  # type: ignore[attr-defined]
        cls._writable = writable_of(name, meta, tree)  # type: ignore[attr-defined]
        _check_cache_ttl(name, meta)
        cls.auto_update = auto_update.check(name, meta, tree.many)  # type: ignore[attr-defined]
        receivers.register_tree(tree)
        auto_update.register(tree, cls.auto_update)  # type: ignore[attr-defined]
        _registry[cls.name] = cls  # type: ignore[attr-defined,assignment]
        return cls


class ContextChannel(metaclass=ContextChannelMeta):
    """The live state of one anchor instance (``Meta.state = ProjectSerializer()``) or of a list
    of them (``ProjectSerializer(many=True)``), kept current in the browser on every change.

    ::

        class ProjectChannel(ContextChannel):
            class Meta:
                state = ProjectNestedSerializer()

            @staticmethod
            def has_permission(user, **kwargs):
                return user.is_authenticated and Membership.objects.filter(
                    user=user, project_id=kwargs["project_id"]).exists()

    ``kwargs`` are the URL kwargs of the channel's route. A ``many`` channel implements
    :meth:`list_instances`.
    """

    # Set on each concrete subclass when it is defined.
    name: ClassVar[str]
    many: ClassVar[bool]
    meta: ClassVar[type]
    abstract: ClassVar[bool] = True
    # Meta.auto_update: new anchors are offered to is_visible() (many=True only).
    auto_update: ClassVar[bool] = False
    _tree: ClassVar[StateTree]
    # Meta.writable by instance type: the operations a browser may do on that serializer's rows.
    _writable: ClassVar[Writable] = {}
    # A TypedDict of this connection's runtime variables (set_runtime_var), or None.
    RuntimeState: ClassVar[type | None] = None

    def __init__(self, user: Any, **kwargs: Any) -> None:
        self.user = user
        self.user_id = (
            getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
        )
        self.kwargs = kwargs
        self.anchor_ids: list[Hashable] = []
        self.runtime_state: dict[str, Any] = {}
        self._connection: Any = None

    # -- joining ------------------------------------------------------------------------

    @classmethod
    def token_for(cls, request: Any, **kwargs: Any) -> str:
        """The token a page hands to ``djwire.sync.join(token)`` to join this channel with
        these URL kwargs: signed, bound to the request's session, expiring like every join
        token. ``has_permission`` is checked again when the page joins."""
        return token_for_request(request, cls.name, kwargs)

    @classmethod
    def as_asgi(cls) -> Any:
        """The channel on a socket of its own, speaking RxDjango's wire protocol::

        websocket_urlpatterns = [
            path("ws/project/<int:project_id>/", ProjectChannel.as_asgi()),
        ]
        """
        return consumer_for(cls).as_asgi()

    async def on_connect(self, tstamp: int | None) -> None:
        """Called once the state is sent; ``tstamp`` is the client's watermark (the newest
        version it held), None on a first connect."""

    async def on_disconnect(self) -> None:
        """Called when the client leaves, however the connection ends."""

    def _connected(self) -> Any:
        if self._connection is None:
            raise RuntimeError(
                f"{type(self).__name__} is not connected: this works in a joined channel "
                f"(its actions, consumers, on_connect)"
            )
        return self._connection

    # -- this connection ----------------------------------------------------------------

    async def add_instance(self, instance_id: Any, at_beginning: bool = False) -> None:
        """Show one more anchor (``many=True``): its state is sent, and its changes."""
        await self._connected().add_instance(instance_id, at_beginning)

    async def remove_instance(self, instance_id: Any) -> None:
        """Stop showing an anchor: the client gets its tombstone."""
        await self._connected().remove_instance(instance_id)

    async def clear(self) -> None:
        """Stop showing every anchor."""
        await self._connected().clear()

    def set_runtime_var(self, name: str, value: Any) -> Any:
        """Set a runtime variable of this connection and send it to its client only. Done
        when it returns; awaitable too, so RxDjango's ``await self.set_runtime_var(...)``
        and a plain call both work."""
        return self._connected().set_runtime_var(name, value)

    async def send(self, data: Any) -> None:
        """Send ``data`` (JSON values) to this connection's client, as a notification."""
        self._connected().send(data)

    async def group_add(self, group: str) -> None:
        """Receive the channel-layer events sent to ``group`` (in ``@consumer`` methods)."""
        await self._connected().group_add(group)

    async def group_discard(self, group: str) -> None:
        """Stop receiving the events of ``group``."""
        await self._connected().group_discard(group)

    # -- every connection of an anchor ---------------------------------------------------

    @classmethod
    def broadcast_instance(
        cls, anchor_id: Any, instance: models.Model, operation: str = OP_UPDATE
    ) -> None:
        """Send ``instance`` (a row of a model of the state) as it is now to the clients of
        ``anchor_id``, or its tombstone with ``operation="delete"``: for changes the tracked
        signals cannot see. Call it from plain code (it reads the row's nested ids)."""
        anchor = cls.normalize_instance_id(anchor_id)
        layer = next((lr for lr in cls._tree.layers if isinstance(instance, lr.model)), None)
        if layer is None:
            raise TypeError(f"{cls.__name__}: a {type(instance).__name__} is no row of its state")
        if operation == OP_DELETE:
            data = tombstone_layer(layer.instance_type, instance.pk, 0)
        else:
            data = {**flat(layer, instance), LAYER_TYPE: layer.instance_type}
            data[LAYER_OPERATION] = operation
        publish_layers(cls.name, anchor, [data])

    @classmethod
    def broadcast_notification(
        cls, anchor_id: Any, notification: dict[str, Any], user_id: Any = None
    ) -> None:
        """Send ``notification`` to the clients of ``anchor_id`` (only ``user_id``'s if
        given), as a ``notification`` event: it is not part of the state."""
        publish_notification(cls.name, cls.normalize_instance_id(anchor_id), notification, user_id)

    @classmethod
    async def clear_cache(cls, anchor_id: Any) -> bool:
        """Forget what was kept of ``anchor_id``'s recent changes (by this process; by every
        process with a Redis channel layer): every client that reconnects gets a fresh
        snapshot. True when something was kept."""
        return await history.forget(cls.name, cls.normalize_instance_id(anchor_id))

    @classmethod
    def history_grace(cls) -> float | None:
        """How long (seconds) the recent changes of an anchor are kept after its last client
        left, so a client that reconnects meanwhile gets what it missed rather than a fresh
        snapshot: ``Meta.cache_ttl`` when the channel sets it, else None (then
        ``DJWIRE["sync_history_grace"]``). The anchor counts as watched meanwhile."""
        ttl = getattr(cls.meta, "cache_ttl", None)
        return None if ttl is None else float(ttl)

    @classmethod
    def get_cache_ttl(cls) -> int:
        """``Meta.cache_ttl``, else the setting ``RX_CACHE_TTL``, else a week (RxDjango's),
        for ported code that reads it. Only ``Meta.cache_ttl`` changes anything (see
        :meth:`history_grace`): djwire keeps no state cache, so the setting and the default
        expire nothing."""
        from django.conf import settings

        ttl = getattr(cls.meta, "cache_ttl", None) or getattr(settings, "RX_CACHE_TTL", None)
        return int(ttl or RX_CACHE_TTL_DEFAULT)

    # -- who may join: denied unless the channel says otherwise ---------------------------

    @staticmethod
    def has_permission(user: Any, **kwargs: Any) -> bool:
        """Whether ``user`` may join with these URL kwargs. Denied by default: override it
        (checked again on every join and re-join)."""
        return False

    async def is_visible(self, instance_id: Any) -> bool:
        """Whether a new anchor instance (``Meta.auto_update``), created after this
        connection joined, is shown to it (first in its list). Hidden by default: override
        it (an ``async def``, or a plain ``def`` that may query the database)."""
        return False

    # -- what a browser may write (Meta.writable): denied unless the channel says otherwise --

    def can_save(self, user: Any, instance: models.Model, data: dict[str, Any]) -> bool:
        """Whether ``user`` may save ``data`` (the serializer's validated data) into
        ``instance``, a row of a ``Meta.writable`` serializer in this connection's state.
        Denied by default: override it (it runs in the write's transaction, the row locked)."""
        return False

    def can_create(self, user: Any, data: dict[str, Any]) -> bool:
        """Whether ``user`` may create a row from ``data`` (the validated data, with the
        parent row under its foreign key: ``data["project"]``). Denied by default."""
        return False

    def can_delete(self, user: Any, instance: models.Model) -> bool:
        """Whether ``user`` may delete ``instance``. Denied by default."""
        return False

    # -- which anchors ------------------------------------------------------------------------

    def get_instance_id(self, **kwargs: Any) -> Any:
        """The anchor of a single-instance channel: by default the first URL kwarg."""
        if not kwargs:
            raise InvalidInstanceId(
                f"{type(self).__name__}: no URL kwarg names the instance; route the channel "
                f"with one (path('ws/project/<int:project_id>/', ...)) or override "
                f"get_instance_id()"
            )
        return next(iter(kwargs.values()))

    async def list_instances(self, **kwargs: Any) -> models.QuerySet[Any] | Iterable[Any]:
        """The anchors of a ``many=True`` channel: a QuerySet of the anchor model or ids."""
        raise NotImplementedError(
            f"{type(self).__name__} is a many=True channel: define "
            f"`async def list_instances(self, **kwargs)` returning a QuerySet or a list of ids"
        )

    async def initialize_anchors(self) -> list[Hashable]:
        """The anchors of this connection, as primary-key values of the anchor model."""
        if not self.many:
            ids: Iterable[Any] = [self.get_instance_id(**self.kwargs)]
        else:
            found = await self.list_instances(**self.kwargs)
            if isinstance(found, models.QuerySet):
                ids = [pk async for pk in found.values_list("pk", flat=True)]
            else:
                ids = list(found)
        self.anchor_ids = [self.normalize_instance_id(value) for value in ids]
        return self.anchor_ids

    @classmethod
    def normalize_instance_id(cls, value: Any) -> Hashable:
        """``value`` (a URL kwarg, an id, an instance) as the anchor model's primary key, so
        ``"1"`` from a ``<str:>`` route and ``1`` from a save name the same anchor."""
        model = cls._tree.anchor_model
        if isinstance(value, models.Model):
            if not isinstance(value, model):
                raise InvalidInstanceId(
                    f"{cls.__name__}: {value!r} is not a {model.__name__} instance"
                )
            value = value.pk
        try:
            normalized: Hashable = model._meta.pk.to_python(value)
        except (ValidationError, TypeError, ValueError):
            raise InvalidInstanceId(
                f"{cls.__name__}: {value!r} is not a primary key of {model.__name__}"
            ) from None
        if normalized is None:
            raise InvalidInstanceId(f"{cls.__name__}: an instance id cannot be None")
        return normalized

    @classmethod
    def get_registered_channels(cls) -> list[type[ContextChannel]]:
        """Every concrete channel defined so far (RxDjango's name)."""
        return list(_registry.values())


def _check_cache_ttl(name: str, meta: Any) -> None:
    ttl = getattr(meta, "cache_ttl", None)
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int | float) or ttl < 0):
        raise ChannelDefinitionError(
            f"{name}.Meta.cache_ttl must be a number of seconds (0 or more), or None; got {ttl!r}"
        )


def channel_named(name: str) -> type[ContextChannel] | None:
    """The concrete channel of that name (``myapp_projectchannel``), or None."""
    return _registry.get(name)
