"""Django's model signals to changes, for every model a channel's state reaches.

``post_save``/``post_delete`` of each model of a tree, and ``m2m_changed`` of each many-to-many
relation of those models, record changes (see :mod:`djwire.sync.pending`). Before a row is
saved or deleted, the anchors and parents that hold it are read, so a delete can be sent to
the anchors it was in and a row that moves reaches the anchor it left as well as the new one.
Nothing is read, before or after, for a channel that nobody watches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import signals

from djwire.sync import auto_update, rows, watching
from djwire.sync.broadcast import flush
from djwire.sync.pending import Change, record
from djwire.sync.protocol import OP_CREATE, OP_DELETE, OP_UPDATE
from djwire.sync.tree import Dependency, Layer, StateTree

_layers: defaultdict[type[models.Model], list[Layer]] = defaultdict(list)
_dependencies: defaultdict[type[models.Model], list[Dependency]] = defaultdict(list)
_connected: set[type[models.Model]] = set()

# Where a row's "before" is kept between the pre_ and post_ signal (the instance's dict).
_BEFORE = "_djwire_sync_before"
_M2M_BEFORE = "_djwire_sync_m2m_before"


def register_tree(tree: StateTree) -> None:
    """Track every model of ``tree`` (a channel defined again replaces its earlier tree)."""
    for layers in _layers.values():
        layers[:] = [layer for layer in layers if layer.channel_name != tree.channel_name]
    for dependencies in _dependencies.values():
        dependencies[:] = [d for d in dependencies if d.layer.channel_name != tree.channel_name]
    for layer in tree.layers:
        _layers[layer.model].append(layer)
        _connect(layer.model)
    for dependency in tree.dependencies:
        _dependencies[dependency.model].append(dependency)
        _connect(dependency.model)


def _connect(model: type[models.Model]) -> None:
    # With a sender: a model no channel reaches pays nothing, and keeps Django's fast delete.
    if model in _connected:
        return
    _connected.add(model)
    uid = f"djwire.sync.{model._meta.label}"
    signals.pre_save.connect(_pre_save, sender=model, weak=False, dispatch_uid=uid)
    signals.post_save.connect(_post_save, sender=model, weak=False, dispatch_uid=uid)
    signals.pre_delete.connect(_pre_delete, sender=model, weak=False, dispatch_uid=uid)
    signals.post_delete.connect(_post_delete, sender=model, weak=False, dispatch_uid=uid)
    for through in _through_models(model):
        signals.m2m_changed.connect(
            _m2m_changed, sender=through, weak=False, dispatch_uid=f"djwire.sync.{through}"
        )


def _through_models(model: type[models.Model]) -> list[Any]:
    found = []
    for candidate in model._meta.get_fields():
        relation: Any = candidate
        if candidate.many_to_many:
            found.append(relation.remote_field.through if candidate.concrete else relation.through)
    return found


def _watched_layers(model: type[models.Model]) -> list[Layer]:
    layers = _layers.get(model, ())
    if len(layers) > 1:
        # The channels of a model that several reach are read from Redis in one round trip.
        watching.prefetch(layer.channel_name for layer in layers)
    return [layer for layer in layers if watching.has_watchers(layer.channel_name)]


def _watched_dependencies(model: type[models.Model]) -> list[Dependency]:
    dependencies = _dependencies.get(model, ())
    if len(dependencies) > 1:
        watching.prefetch(dependency.layer.channel_name for dependency in dependencies)
    return [d for d in dependencies if watching.has_watchers(d.layer.channel_name)]


@dataclass
class Before:
    """What held some rows before they changed: their anchors and parents, per layer, and
    (for a delete) the rows that read them."""

    anchors: dict[Layer, rows.Ids] = field(default_factory=dict)
    parents: dict[Layer, rows.Ids] = field(default_factory=dict)
    dependents: dict[Dependency, set[Hashable]] = field(default_factory=dict)


def before_change(
    model: type[models.Model], pks: Collection[Hashable], using: str, *, deleting: bool = False
) -> Before | None:
    """Read what holds the rows ``pks`` of ``model`` now, before they change (None when no
    channel that watches them is concerned: then nothing is read)."""
    layers = _watched_layers(model)
    dependencies = _watched_dependencies(model) if deleting else []
    if not pks or not (layers or dependencies):
        return None
    before = Before()
    with rows.one_reading():  # a row whose parent is its anchor: one query for both
        for layer in layers:
            before.anchors[layer] = rows.anchors_of(layer, pks, using)
            if layer.parent is not None:
                before.parents[layer] = rows.parents_of(layer, pks, using)
    for dependency in dependencies:
        before.dependents[dependency] = rows.dependents_of(dependency, pks, using)
    return before


def rows_saved(
    model: type[models.Model],
    pks: Collection[Hashable],
    using: str,
    *,
    created: bool = False,
    before: Before | None = None,
    saved: models.Model | None = None,
    update_fields: Any = None,
) -> None:
    """The rows ``pks`` of ``model`` were created or updated: send them after the commit,
    with their parents when they moved or are new, and the rows that read them (``saved``:
    the one row a ``save()`` wrote, with its ``update_fields``)."""
    if not pks:
        return
    if created:
        auto_update.rows_created(model, pks, using)
    layers, dependencies = _watched_layers(model), _watched_dependencies(model)
    if not (layers or dependencies):
        return  # nobody watches: nothing read, nothing kept
    # In autocommit the flush runs inside: it reads the holders read here, once.
    with rows.one_reading():
        if saved is not None:
            for layer in layers:
                rows.saved_parents(layer, saved, using, update_fields)
        _rows_saved(layers, dependencies, pks, using, created, before)


def _rows_saved(
    layers: list[Layer],
    dependencies: list[Dependency],
    pks: Collection[Hashable],
    using: str,
    created: bool,
    before: Before | None,
) -> None:
    changes: list[Change] = []
    operation = OP_CREATE if created else OP_UPDATE
    for layer in layers:
        old_anchors = before.anchors.get(layer, {}) if before else {}
        changes += [Change(layer, pk, operation, old_anchors.get(pk, frozenset())) for pk in pks]
        if layer.parent is None or (before is None and not created):
            continue
        now = rows.parents_of(layer, pks, using)
        old = before.parents.get(layer, {}) if before else {}
        touched: set[Hashable] = set()
        for pk in pks:
            if created or now[pk] != old.get(pk, frozenset()):
                touched |= now[pk] | old.get(pk, frozenset())
        changes += _updated(layer.parent, touched)
    for dependency in dependencies:
        changes += _updated(dependency.layer, rows.dependents_of(dependency, pks, using))
    record(changes, using, flush)


def rows_deleted(pks: Collection[Hashable], using: str, before: Before | None) -> None:
    """The rows ``pks`` were deleted: tombstones for the anchors they were in (``before``),
    and their parents and the rows that read them sent again."""
    if before is None:
        return
    changes: list[Change] = []
    for layer, anchors in before.anchors.items():
        changes += [Change(layer, pk, OP_DELETE, anchors.get(pk, frozenset())) for pk in pks]
    for layer, parents in before.parents.items():
        if layer.parent is not None:
            changes += _updated(layer.parent, set().union(*parents.values()))
    for dependency, dependents in before.dependents.items():
        changes += _updated(dependency.layer, dependents)
    record(changes, using, flush)


def _updated(layer: Layer, pks: Collection[Hashable]) -> list[Change]:
    return [Change(layer, pk, OP_UPDATE) for pk in pks]


# -- the receivers -----------------------------------------------------------------------


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        return
    before = before_change(sender, [instance.pk], kwargs["using"])
    if before is not None:
        instance.__dict__[_BEFORE] = before


def _post_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if kwargs.get("raw"):
        return
    created = bool(kwargs.get("created"))
    update_fields = kwargs.get("update_fields")
    rows_saved(
        sender,
        [instance.pk],
        kwargs["using"],
        created=created,
        before=before,
        saved=instance,
        update_fields=update_fields,
    )


def _pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    before = before_change(sender, [instance.pk], kwargs["using"], deleting=True)
    if before is not None:
        instance.__dict__[_BEFORE] = before


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    rows_deleted([instance.pk], kwargs["using"], instance.__dict__.pop(_BEFORE, None))


def _m2m_changed(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    # Both sides change: the instance's list of related ids, and the related rows' own
    # (their reverse lists, and which anchors hold them).
    using: str = kwargs["using"]
    related: type[models.Model] = kwargs["model"]
    if not (_watched_layers(type(instance)) or _watched_layers(related)):
        return
    if action in ("pre_remove", "pre_clear"):
        pks = kwargs["pk_set"]
        if pks is None:
            pks = _related_pks(sender, instance, related, kwargs["reverse"], using)
        instance.__dict__[_M2M_BEFORE] = (
            set(pks),
            before_change(type(instance), [instance.pk], using),
            before_change(related, pks, using),
        )
    elif action in ("post_remove", "post_clear"):
        pks, mine, theirs = instance.__dict__.pop(_M2M_BEFORE, (set(), None, None))
        rows_saved(type(instance), [instance.pk], using, before=mine)
        rows_saved(related, pks, using, before=theirs)
    elif action == "post_add":
        rows_saved(type(instance), [instance.pk], using)
        rows_saved(related, kwargs["pk_set"] or (), using)


def _related_pks(
    through: Any, instance: models.Model, related: type[models.Model], reverse: bool, using: str
) -> list[Hashable]:
    """The ids ``instance`` is linked to through ``through`` (what a clear() removes)."""
    owner = related if reverse else type(instance)
    for candidate in owner._meta.get_fields():
        m2m: Any = candidate
        if candidate.many_to_many and candidate.concrete and m2m.remote_field.through is through:
            mine, theirs = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            if reverse:
                mine, theirs = theirs, mine
            links = through._base_manager.using(using).filter(**{mine: instance.pk})
            return list(links.values_list(theirs, flat=True))
    return []
