"""Models the codec and state tests use (tables are created by pytest-django, no migrations)."""

from __future__ import annotations

import uuid

from django.db import models


class Gadget(models.Model):
    """A model with the field types view state commonly holds."""

    ref = models.UUIDField(default=uuid.uuid4)
    name = models.CharField(max_length=50)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    made = models.DateField(null=True)
    seen = models.DateTimeField(null=True)
    extra = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
