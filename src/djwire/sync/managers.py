"""Bulk changes that Django sends no signal for: ``update()``, ``bulk_create``, ``bulk_update``.

``objects = BroadcastManager()`` on a model gives querysets that broadcast those like a
``save()`` (after the commit, once per transaction). A queryset ``delete()`` needs nothing:
Django sends ``post_delete`` for every row of a model a channel tracks. For changes made by raw
SQL or by code that bypasses the ORM, :func:`broadcast_queryset` sends the rows as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

from djwire.sync.receivers import before_change, rows_saved

M = TypeVar("M", bound=models.Model)


class BroadcastQuerySet(models.QuerySet[M]):
    """A QuerySet whose bulk writes reach the channels that show their rows."""

    def update(self, **kwargs: Any) -> int:
        pks = list(self.values_list("pk", flat=True))
        before = before_change(self.model, pks, self.db)
        count = super().update(**kwargs)
        rows_saved(self.model, pks, self.db, before=before)
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        pks = [obj.pk for obj in created if obj.pk is not None]
        rows_saved(self.model, pks, self.db, created=True)
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    # bulk_update() needs nothing more: Django runs it as update() calls in one transaction.


class BroadcastManager(models.Manager[M]):
    """A manager (``objects = BroadcastManager()``) whose querysets broadcast ``update()``,
    ``bulk_create()`` and ``bulk_update()`` to the model-state channels."""

    # Django's Manager runs every QuerySet method (bulk_create, update, ...) on get_queryset().
    def get_queryset(self) -> BroadcastQuerySet[M]:
        return BroadcastQuerySet(self.model, using=self._db)


def broadcast_queryset(queryset: models.QuerySet[Any]) -> None:
    """Send the rows of ``queryset`` as they are now to the channels that show them (after the
    current transaction commits): for rows changed by raw SQL or other code that sends no
    signal. Only the rows themselves are sent; a row moved to another anchor is sent to the
    new one, and the old one keeps it until its next change or snapshot."""
    pks = list(queryset.values_list("pk", flat=True))
    rows_saved(queryset.model, pks, queryset.db)
