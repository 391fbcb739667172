"""What a browser may do to a writable serializer's rows (``Meta.writable``), RxDjango's names."""

from __future__ import annotations

SAVE = "save"
CREATE = "create"
DELETE = "delete"

__all__ = ["CREATE", "DELETE", "SAVE"]
