"""DRF serializers as TypeScript interfaces: ``<Name>Type`` (what the state holds) and
``<Name>Payload`` (what a client may write, for the serializers a channel's ``Meta.writable``
names).

Every field has a precise type: nested and ``many`` serializers, ``allow_null`` as ``| null``,
``ChoiceField`` as a union of its choices, ``DecimalField`` as a string (as DRF sends it),
dates as strings, related fields by the primary key's type, ``SerializerMethodField`` by the
return annotation of its method. A field whose type cannot be known is an error naming it.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import fields as f
from rest_framework import relations as r
from rest_framework import serializers as s
from rest_framework.settings import api_settings

from djwire.sync.frontend.hints import HintWriter
from djwire.sync.frontend.typescript import (
    Declarations,
    FrontendError,
    array,
    literal,
    property_name,
    union,
)

# Field classes whose JSON is one fixed type; checked in order (subclasses first).
_SIMPLE: tuple[tuple[type, str], ...] = (
    (f.BooleanField, "boolean"),
    (f.IntegerField, "number"),
    (f.FloatField, "number"),
    (f.CharField, "string"),  # EmailField, SlugField, URLField, RegexField, IPAddressField
    (f.UUIDField, "string"),
    (f.DateTimeField, "string"),
    (f.DateField, "string"),
    (f.TimeField, "string"),
    (f.DurationField, "string"),
    (f.FileField, "string"),  # ImageField: the file's URL
    (r.HyperlinkedRelatedField, "string"),  # HyperlinkedIdentityField
    (r.StringRelatedField, "string"),
)

# Model fields (for a ReadOnlyField or a related field's key) by the JSON they serialize to.
_MODEL_FIELDS: tuple[tuple[type, str], ...] = (
    (models.BooleanField, "boolean"),
    (models.AutoField, "number"),
    (models.BigAutoField, "number"),
    (models.SmallAutoField, "number"),
    (models.IntegerField, "number"),
    (models.FloatField, "number"),
    (models.DecimalField, "string"),
    (models.CharField, "string"),
    (models.TextField, "string"),
    (models.UUIDField, "string"),
    (models.DateField, "string"),  # DateTimeField too
    (models.TimeField, "string"),
    (models.DurationField, "string"),
    (models.JSONField, "JSONValue"),
)

JSON_VALUE = (
    "export type JSONValue =\n"
    "  | string\n  | number\n  | boolean\n  | null\n"
    "  | JSONValue[]\n  | { [key: string]: JSONValue };\n"
)


def type_name(serializer_class: type) -> str:
    """``BlogPostSerializer`` is ``BlogPost``: its interfaces are ``BlogPostType`` and
    ``BlogPostPayload`` (RxDjango's names)."""
    return serializer_class.__name__.removesuffix("Serializer") or serializer_class.__name__


class InterfaceWriter:
    """The interfaces of the serializers one app's channels use, each written once."""

    def __init__(self) -> None:
        self.declarations = Declarations()
        self.hints = HintWriter(self.declarations, self.state_type)

    def state_type(self, serializer_class: type) -> str:
        """The name of ``<Name>Type`` for ``serializer_class``, declared on first use."""
        name = f"{type_name(serializer_class)}Type"
        if self.declarations.claim(name, serializer_class, "serializer"):
            self.declarations.add(name, "")  # its place, before the types it nests
            self.declarations.add(name, self._interface(name, serializer_class, payload=False))
        return name

    def payload_type(self, serializer_class: type) -> str:
        """The name of ``<Name>Payload``: the fields a client may send (not read-only)."""
        name = f"{type_name(serializer_class)}Payload"
        if self.declarations.claim(name, serializer_class, "serializer"):
            self.declarations.add(name, self._interface(name, serializer_class, payload=True))
        return name

    def render(self) -> str:
        body = self.declarations.render()
        if "JSONValue" in body:
            body = JSON_VALUE + "\n" + body
        return body

    def _interface(self, name: str, serializer_class: type, *, payload: bool) -> str:
        serializer = serializer_class()
        lines = [f"export interface {name} {{"]
        for field_name, field in serializer.fields.items():
            if isinstance(field, f.HiddenField):
                continue
            if payload and field.read_only:
                continue
            if not payload and field.write_only:
                continue
            where = f"{serializer_class.__qualname__}.{field_name}"
            ts = self.field_type(field, where, serializer, payload=payload)
            if field.allow_null:
                ts = union([ts, "null"])
            optional = "?" if payload and not field.required else ""
            lines.append(f"  {property_name(field_name)}{optional}: {ts};")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def field_type(self, field: Any, where: str, parent: Any, *, payload: bool = False) -> str:
        """The TypeScript type of one serializer field's value."""
        if isinstance(field, s.ListSerializer):
            return array(self._nested(field.child, payload))
        if isinstance(field, s.BaseSerializer):
            return self._nested(field, payload)
        if isinstance(field, r.ManyRelatedField):
            return array(self.field_type(field.child_relation, where, parent, payload=payload))
        if isinstance(field, f.SerializerMethodField):
            return self._method_field(field, where, parent)
        if isinstance(field, f.ChoiceField):  # MultipleChoiceField, FilePathField
            choices = union(literal(key) for key in field.choices) if field.choices else "string"
            return array(choices) if isinstance(field, f.MultipleChoiceField) else choices
        if isinstance(field, f.DecimalField):
            coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
            return "string" if coerce else "number"
        if isinstance(field, f.BigIntegerField) and getattr(
            field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
        ):
            return "string"
        if isinstance(field, f.JSONField):
            return "JSONValue"
        if isinstance(field, f.HStoreField):
            return "Record<string, string | null>"
        if isinstance(field, f.ListField):
            return array(self.field_type(field.child, f"{where}[]", parent))
        if isinstance(field, f.DictField):
            child = self.field_type(field.child, f"{where}{{}}", parent)
            return f"Record<string, {child}>"
        if isinstance(field, r.PrimaryKeyRelatedField):
            return self._related_key(field, where, None)
        if isinstance(field, r.SlugRelatedField):
            return self._related_key(field, where, field.slug_field)
        for field_class, ts in _SIMPLE:
            if isinstance(field, field_class):
                return ts
        if isinstance(field, f.ReadOnlyField | f.ModelField):
            return self._read_only(field, where, parent)
        if type(field) is f.Field:
            return "unknown"  # a bare Field: whatever its to_representation returns
        raise FrontendError(
            f"{where}: makefrontend does not know the JSON of a {type(field).__name__}; use a "
            f"DRF field type, or a SerializerMethodField with a return annotation"
        )

    def _nested(self, serializer: Any, payload: bool) -> str:
        cls = type(serializer)
        return self.payload_type(cls) if payload else self.state_type(cls)

    def _method_field(self, field: Any, where: str, parent: Any) -> str:
        method_name = field.method_name or f"get_{field.field_name}"
        method = getattr(type(parent), method_name, None)
        if method is None:
            raise FrontendError(f"{where}: the serializer has no method {method_name}()")
        hint = _return_hint(method, where)
        if hint is inspect.Parameter.empty:
            raise FrontendError(
                f"{where}: annotate the return type of {type(parent).__name__}."
                f"{method_name}() (-> int, -> list[str], ...): makefrontend types the field "
                f"from it"
            )
        return self.hints.write(hint, f"{where} ({method_name}'s return)")

    def _related_key(self, field: Any, where: str, attribute: str | None) -> str:
        """A related field's value: the related model's primary key (or ``slug_field``)."""
        if getattr(field, "pk_field", None) is not None:
            return self.field_type(field.pk_field, where, None)
        queryset = field.queryset
        model = getattr(queryset, "model", None)
        if model is None:
            model = _model_of_source(field)
        if model is None:
            raise FrontendError(
                f"{where}: the related model is unknown (no queryset, no model field "
                f"{field.source!r}); give the field a queryset"
            )
        model_field = model._meta.pk if attribute is None else model._meta.get_field(attribute)
        return _model_field_type(model_field, where)

    def _read_only(self, field: Any, where: str, parent: Any) -> str:
        """A ReadOnlyField: typed by the model field, or by the property's return hint."""
        model = getattr(getattr(parent, "Meta", None), "model", None)
        source = field.source
        if model is not None and "." not in source:
            try:
                return _model_field_type(model._meta.get_field(source), where)
            except FieldDoesNotExist:
                attribute = getattr(model, source, None)
                if isinstance(attribute, property) and attribute.fget is not None:
                    hint = _return_hint(attribute.fget, where)
                    if hint is not inspect.Parameter.empty:
                        return self.hints.write(hint, f"{where} ({model.__name__}.{source})")
        raise FrontendError(
            f"{where}: a ReadOnlyField of {source!r} has no known type; annotate the "
            f"property's return (-> int) or declare the field with a type "
            f"(serializers.IntegerField(read_only=True))"
        )


def _model_of_source(field: Any) -> type[models.Model] | None:
    """The model a read-only related field points to, from its model field."""
    holder = field
    if isinstance(field.parent, r.ManyRelatedField):  # the child of a many=True field
        holder = field.parent
    parent_model = getattr(getattr(holder.parent, "Meta", None), "model", None)
    if parent_model is None:
        return None
    try:
        model_field = parent_model._meta.get_field(holder.source)
    except FieldDoesNotExist:
        return None
    related: type[models.Model] | None = model_field.related_model
    return related


def pk_type(model: type[models.Model]) -> str:
    """The TypeScript type of ``model``'s primary key, as the state sends it."""
    return _model_field_type(model._meta.pk, f"{model.__name__}'s primary key")


def _model_field_type(model_field: Any, where: str) -> str:
    if model_field.is_relation and model_field.related_model is not None:
        target = model_field.target_field if hasattr(model_field, "target_field") else None
        if target is None:
            target = model_field.related_model._meta.pk
        return _model_field_type(target, where)
    for field_class, ts in _MODEL_FIELDS:
        if isinstance(model_field, field_class):
            return ts
    raise FrontendError(
        f"{where}: the model field {model_field.name!r} is a "
        f"{type(model_field).__name__}, whose JSON makefrontend does not know; declare the "
        f"serializer field with a type"
    )


def _return_hint(function: Any, where: str) -> Any:
    try:
        return typing.get_type_hints(function).get("return", inspect.Parameter.empty)
    except Exception as error:
        raise FrontendError(f"{where}: the return annotation cannot be read: {error}") from None
