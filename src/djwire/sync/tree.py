"""The serializer tree of a channel: every model its state reaches, and how a row maps back.

A channel's state is a nested DRF serializer. Walking it once, when the channel is defined,
gives one *layer* per serializer in the tree (the anchor's at the root): its model, the query
path from the anchor model down to it and from its parent, and the fields that nest further
layers (sent as ids, so each row travels once however many parents it has). Fields that read
other rows without nesting them (``project.name``, a ``@related_property``) are
*dependencies*: a change of those rows re-sends the rows that read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db import models

from djwire.sync._drf import serializers
from djwire.sync.decorators import related_property_of
from djwire.sync.exceptions import ChannelDefinitionError, UnknownProperty

# Deeper than this is a serializer that nests itself without end (DRF's depth= on a cycle).
MAX_DEPTH = 32


class StateShape(TypedDict):
    """How the flat layers nest: the root's instance type, whether the state is a list, and
    for each instance type its nesting fields as ``(nested instance type, many)``."""

    root: str
    many: bool
    nested: dict[str, dict[str, tuple[str, bool]]]


@dataclass(eq=False)
class Nested:
    """A field of a layer that nests another layer; the browser gets the nested row's id(s)."""

    source: str
    layer: Layer
    many: bool
    # The row's own column for a forward foreign key ("project_id"): read without a query.
    attname: str | None
    # A real relation, prefetched when rows are fetched (a property is read as it is).
    relation: bool


@dataclass(eq=False)
class Dependency:
    """Rows of ``model`` that ``layer``'s rows read: ``layer.model`` filtered on ``path``."""

    model: type[models.Model]
    layer: Layer
    path: str


@dataclass(eq=False)
class Layer:
    """One serializer of the tree and the rows of its model that the state holds."""

    channel_name: str
    index: int
    serializer: serializers.Serializer[Any]
    model: type[models.Model]
    instance_type: str
    parent: Layer | None
    # Query paths: from the parent's model to this model, from the anchor model to this model
    # (None for the root layer: its rows are the anchors).
    from_parent: str | None
    from_anchor: str | None
    root_model: type[models.Model]
    nested: dict[str, Nested] = field(default_factory=dict)
    # The serializer's Meta.user_key: the field naming the one user its rows are sent to
    # (a row whose field is null is everyone's).
    user_key: str | None = None
    # The foreign key of this model that names its parent row, when the parent nests it
    # through that key's reverse (a board's cards: Card.board): a saved row's parent is then
    # known from the row itself, without a query.
    parent_key: Any = None


class StateTree:
    """The layers of one channel's state, walked from its ``Meta.state`` serializer."""

    def __init__(self, channel_name: str, state: serializers.BaseSerializer[Any]) -> None:
        self.channel_name = channel_name
        self.many = isinstance(state, serializers.ListSerializer)
        root = state.child if isinstance(state, serializers.ListSerializer) else state
        if not isinstance(root, serializers.ModelSerializer):
            raise ChannelDefinitionError(
                f"{channel_name}: Meta.state must be a ModelSerializer instance, such as "
                f"ProjectSerializer() or ProjectSerializer(many=True); got {state!r}"
            )
        self.layers: list[Layer] = []
        self.dependencies: list[Dependency] = []
        self.root = self._walk(root, None, None, None, 0)
        self.anchor_model = self.root.model

    def shape(self) -> StateShape:
        """How the layers nest, for a browser to rebuild the state (the join reply's shape)."""
        nested = {
            layer.instance_type: {
                name: (child.layer.instance_type, child.many)
                for name, child in layer.nested.items()
            }
            for layer in self.layers
        }
        return {"root": self.root.instance_type, "many": self.many, "nested": nested}

    def _walk(
        self,
        serializer: serializers.ModelSerializer[Any],
        parent: Layer | None,
        from_parent: str | None,
        from_anchor: str | None,
        depth: int,
    ) -> Layer:
        name = _serializer_name(serializer)
        if depth > MAX_DEPTH:
            raise ChannelDefinitionError(
                f"{self.channel_name}: the state nests more than {MAX_DEPTH} serializers deep "
                f"(at {name}); a serializer that nests itself needs a depth limit"
            )
        model = serializer.Meta.model
        layer = Layer(
            self.channel_name,
            len(self.layers),
            serializer,
            model,
            name,
            parent,
            from_parent,
            from_anchor,
            model if parent is None else parent.root_model,
        )
        layer.user_key = _user_key(serializer, name)
        self.layers.append(layer)
        for field_name, child in serializer.fields.items():
            if child.write_only:
                continue
            where = f"{name}.{field_name}"
            nested = child.child if isinstance(child, serializers.ListSerializer) else child
            if isinstance(nested, serializers.BaseSerializer):
                if not isinstance(nested, serializers.ModelSerializer):
                    raise ChannelDefinitionError(
                        f"{where}: a nested serializer of a channel's state must be a "
                        f"ModelSerializer (its rows are what changes are tracked by)"
                    )
                many = isinstance(child, serializers.ListSerializer)
                layer.nested[field_name] = self._nest(layer, where, child, nested, many, depth)
            else:
                self._track_plain(layer, where, child)
        return layer

    def _nest(
        self,
        layer: Layer,
        where: str,
        field_: Any,
        serializer: serializers.ModelSerializer[Any],
        many: bool,
        depth: int,
    ) -> Nested:
        model = layer.model
        source: str = field_.source
        relation = _relation(model, source)
        is_relation = relation is not None
        if relation is None:
            relation = _property_relation(model, source, where)
        if relation is None:
            raise ChannelDefinitionError(
                f"{where}: its source {source!r} is neither a relation nor a property of "
                f"{model.__name__}"
            )
        query_name, related_model, attname = relation
        child_model = serializer.Meta.model
        if related_model is None or not issubclass(related_model, child_model):
            raise ChannelDefinitionError(
                f"{where}: {model.__name__}.{source} holds "
                f"{getattr(related_model, '__name__', '?')} rows, but its serializer is for "
                f"{child_model.__name__}"
            )
        from_anchor = (
            query_name if layer.from_anchor is None else f"{layer.from_anchor}__{query_name}"
        )
        child = self._walk(serializer, layer, query_name, from_anchor, depth + 1)
        child.parent_key = _reverse_foreign_key(model, source) if is_relation else None
        return Nested(source, child, many, attname if is_relation else None, is_relation)

    def _track_plain(self, layer: Layer, where: str, field_: Any) -> None:
        source: str = field_.source
        if source == "*":
            return  # SerializerMethodField and the like: the user's code, not tracked
        model: type[models.Model] = layer.model
        path: list[str] = []
        for attribute in source.split("."):
            relation = _relation(model, attribute)
            if relation is None:
                found = _property_relation(model, attribute, where)
                if found is not None:
                    query_name, related_model, _ = found
                    if related_model is not None:
                        self._depend(related_model, layer, "__".join([*path, query_name]))
                return
            query_name, related_model, _ = relation
            if related_model is None:
                return
            path.append(query_name)
            if attribute != source.split(".")[-1]:
                # "project.name": a change of the project re-sends this row.
                self._depend(related_model, layer, "__".join(path))
            model = related_model

    def _depend(self, model: type[models.Model], layer: Layer, path: str) -> None:
        self.dependencies.append(Dependency(model, layer, path))


def _user_key(serializer: serializers.ModelSerializer[Any], name: str) -> str | None:
    user_key: str | None = getattr(serializer.Meta, "user_key", None)
    if user_key is not None and user_key not in serializer.fields:
        raise ChannelDefinitionError(
            f"{name}.Meta.user_key is {user_key!r}, which is not one of its fields: add it "
            f"to Meta.fields (its value, a user's id, says who may see each row)"
        )
    return user_key


def _serializer_name(serializer: serializers.BaseSerializer[Any]) -> str:
    cls = type(serializer)
    return f"{cls.__module__}.{cls.__qualname__}"


Relation = tuple[str, type[models.Model] | None, str | None]


def _relation(model: type[models.Model], source: str) -> Relation | None:
    """The query name, related model and (forward foreign key) column of ``model.source``."""
    for candidate in model._meta.get_fields():
        if not candidate.is_relation:
            continue
        if candidate.auto_created and not candidate.concrete:
            rel: Any = candidate  # a reverse relation: named by its accessor on the model
            if rel.get_accessor_name() == source:
                return rel.name, rel.related_model, None
        elif candidate.name == source:
            forward: Any = candidate
            attname = forward.attname if forward.many_to_one or forward.one_to_one else None
            return forward.name, forward.related_model, attname
    return None


def _reverse_foreign_key(model: type[models.Model], source: str) -> Any:
    """The foreign key to ``model``'s primary key that ``model.source`` is the reverse of,
    or None (a many-to-many, a key to another field, a forward relation)."""
    for candidate in model._meta.get_fields():
        rel: Any = candidate
        reverse = candidate.one_to_many and candidate.auto_created and not candidate.concrete
        if reverse and rel.get_accessor_name() == source:
            return rel.field if rel.field.target_field is model._meta.pk else None
    return None


def _property_relation(model: type[models.Model], source: str, where: str) -> Relation | None:
    """The relation a ``@related_property`` reads; UnknownProperty for a property without it;
    None when ``source`` is not a property (a plain attribute, which never changes)."""
    attribute = getattr(model, source, None)
    if not isinstance(attribute, property):
        return None
    marked = related_property_of(attribute)
    if marked is None:
        raise UnknownProperty(
            f"{where} reads the property {model.__name__}.{source}, which djwire cannot "
            f"track: decorate it with @related_property('<relation it reads>') from "
            f"djwire.sync.decorators, so a change of those rows re-sends it"
        )
    relation = _relation(model, marked.accessor)
    if relation is None:
        raise ChannelDefinitionError(
            f"{where}: @related_property({marked.accessor!r}) on {model.__name__}.{source}: "
            f"{marked.accessor!r} is not a relation of {model.__name__}"
        )
    query_name, related_model, _ = relation
    return query_name, related_model, None
