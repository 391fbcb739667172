"""``@related_property``: a model property a serializer may read, with what it depends on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RelatedProperty:
    """What :func:`related_property` records of a property."""

    accessor: str
    reverse: str | None


_MARK = "_djwire_related_property"


def related_property(
    accessor: str, reverse: str | None = None
) -> Callable[[Callable[[Any], Any]], property]:
    """A model property whose value is read from the rows of the relation ``accessor``.

    ::

        class Order(models.Model):
            @related_property("items")
            def total(self):
                return sum(item.price for item in self.items.all())

    A serializer of a model-state channel may then include ``total`` (as a plain field, or
    as the source of a nested serializer): when a row of ``items`` is saved or deleted, the
    order is sent again. A property that is not marked this way is refused when the channel
    is defined, since djwire could not know when its value changes. ``reverse`` (the name of
    the relation back from an item to its order, RxDjango's second argument) is accepted for
    porting; djwire finds the way back from ``accessor`` itself.
    """

    def decorate(func: Callable[[Any], Any]) -> property:
        prop = property(func)
        # A property object takes no attributes; its getter does.
        setattr(func, _MARK, RelatedProperty(accessor, reverse))
        return prop

    return decorate


def related_property_of(value: object) -> RelatedProperty | None:
    """What ``@related_property`` recorded of a class attribute, or None."""
    getter = getattr(value, "fget", None) if isinstance(value, property) else None
    found: RelatedProperty | None = getattr(getter, _MARK, None)
    return found
