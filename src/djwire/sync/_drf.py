"""Django REST framework, which model-state channels need, with the fix when it is missing."""

from __future__ import annotations

try:
    from rest_framework import fields, relations, serializers
except ModuleNotFoundError as error:
    if error.name != "rest_framework":
        raise
    raise ModuleNotFoundError(
        "djwire.sync needs Django REST framework: pip install 'djwire[sync]'",
        name=error.name,
    ) from error

__all__ = ["fields", "relations", "serializers"]
