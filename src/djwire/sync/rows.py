"""Reading a layer's rows: which anchors and parents hold them, and their flat serialization.

Every function takes many primary keys and makes one query for them, so a bulk update of a
thousand rows costs a few queries, not a thousand. Inside :func:`one_reading` the same
question is asked of the database once: a card whose parent is its anchor has its anchors and
its parents read by one query, and a save in autocommit reads them once for its post_save and
the flush that follows it (a card's board is even taken from the saved card, see
:func:`saved_parents`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from djwire.sync._drf import fields, relations
from djwire.sync.protocol import LAYER_ID
from djwire.sync.tree import Dependency, Layer, Nested

Ids = dict[Hashable, frozenset[Hashable]]


def anchors_of(layer: Layer, pks: Collection[Hashable], using: str) -> Ids:
    """The anchors (ids of the root model) whose state holds each row."""
    if layer.from_anchor is None:
        return {pk: frozenset([pk]) for pk in pks}
    return _pairs(layer.root_model, layer.from_anchor, pks, using)


def parents_of(layer: Layer, pks: Collection[Hashable], using: str) -> Ids:
    """The rows of the parent layer that nest each row (none for the root layer)."""
    if layer.parent is None or layer.from_parent is None:
        return {}
    return _pairs(layer.parent.model, layer.from_parent, pks, using)


def dependents_of(dependency: Dependency, pks: Collection[Hashable], using: str) -> set[Hashable]:
    """The rows of ``dependency.layer`` that read any of the rows ``pks``."""
    manager = dependency.layer.model._base_manager.using(using)
    lookup = {f"{dependency.path}__pk__in": list(pks)}
    return set(manager.filter(**lookup).values_list("pk", flat=True))


class _Reading(threading.local):
    answers: dict[tuple[Any, ...], Ids] | None = None


_reading = _Reading()


@contextmanager
def one_reading() -> Iterator[None]:
    """Within the block (of this thread), each holders query is made once; nested blocks
    share the outer one's answers."""
    if _reading.answers is not None:
        yield
        return
    _reading.answers = {}
    try:
        yield
    finally:
        _reading.answers = None


def saved_parents(layer: Layer, row: models.Model, using: str, update_fields: Any) -> None:
    """Inside :func:`one_reading`, take the parent of ``row`` (just saved) from the row when
    its layer's parent key says it: what the save wrote is what the database holds."""
    key = layer.parent_key
    if _reading.answers is None or key is None or layer.parent is None or row.pk is None:
        return
    if update_fields is not None and key.name not in update_fields:
        return  # not written by this save: the row's value may not be the database's
    value = row.__dict__.get(key.attname, _MISSING)
    if value is _MISSING or hasattr(value, "resolve_expression"):
        return  # deferred, or an expression the database computed
    parent = key.target_field.to_python(value)
    holders = frozenset() if parent is None else frozenset([parent])
    lookup = (layer.parent.model, layer.from_parent, using, frozenset([row.pk]))
    _reading.answers[lookup] = {row.pk: holders}


_MISSING: Any = object()


def _pairs(model: type[models.Model], path: str, pks: Collection[Hashable], using: str) -> Ids:
    answers = _reading.answers
    if answers is None:
        return _read_pairs(model, path, pks, using)
    key = (model, path, using, frozenset(pks))
    found = answers.get(key)
    if found is None:
        found = answers[key] = _read_pairs(model, path, pks, using)
    return found


def _read_pairs(model: type[models.Model], path: str, pks: Collection[Hashable], using: str) -> Ids:
    found: defaultdict[Hashable, set[Hashable]] = defaultdict(set)
    lookup = {f"{path}__pk__in": list(pks)}
    for row_pk, holder_pk in (
        model._base_manager.using(using).filter(**lookup).values_list(f"{path}__pk", "pk")
    ):
        found[row_pk].add(holder_pk)
    return {pk: frozenset(found.get(pk, ())) for pk in pks}


def fetch(layer: Layer, pks: Collection[Hashable], using: str) -> dict[Hashable, models.Model]:
    """The rows ``pks`` of the layer's model, with the relations it nests prefetched."""
    if not pks:
        return {}
    prefetch = [n.source for n in layer.nested.values() if n.relation and n.many]
    rows = layer.model._base_manager.using(using).filter(pk__in=list(pks))
    return {row.pk: row for row in rows.prefetch_related(*prefetch)}


def flat(layer: Layer, row: models.Model) -> dict[str, Any]:
    """The row as its serializer shows it, with each nested row replaced by its id."""
    data: dict[str, Any] = {}
    for name, field in layer.serializer.fields.items():
        if field.write_only:
            continue
        nested = layer.nested.get(name)
        if nested is not None:
            data[name] = _nested_ids(row, nested)
            continue
        try:
            attribute = field.get_attribute(row)
        except fields.SkipField:
            continue
        # As DRF's Serializer.to_representation: a None (or a related object of pk None) is
        # null, not handed to the field.
        checked = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        data[name] = None if checked is None else field.to_representation(attribute)
    data.setdefault(LAYER_ID, row.pk)
    return data


def _nested_ids(row: models.Model, nested: Nested) -> Any:
    if nested.attname is not None:
        return getattr(row, nested.attname)
    try:
        value = getattr(row, nested.source)
    except ObjectDoesNotExist:  # a reverse one-to-one with no row
        return None
    if nested.many:
        items = value.all() if hasattr(value, "all") else value
        return [item.pk for item in items]
    return None if value is None else value.pk
