"""Channel-layer group names for pushes: one per view class, plus one per push target.

``djwire_view_<dotted path with dots as underscores>`` as djust users know it, and
``<that>.<target>`` for the views of one user (``user.<pk>``) or mounted for one object
(``pk.<value>``, ``<model>_id.<value>``…). A name that is too long or holds characters
Channels refuses is replaced by a hash of it.
"""

from __future__ import annotations

import hashlib
import re

# Channels accepts group names of ASCII letters, digits, hyphens, underscores and periods,
# shorter than 100 characters.
_VALID = re.compile(r"^[a-zA-Z0-9_.\-]{1,99}$")
PREFIX = "djwire_view_"


def view_group(view_path: str, target: str | None = None) -> str:
    """The group of every instance of ``view_path`` (or only of those matching ``target``)."""
    name = PREFIX + view_path.replace(".", "_")
    if target is not None:
        name = f"{name}.{target}"
    if _VALID.match(name):
        return name
    return PREFIX + "h" + hashlib.sha256(name.encode()).hexdigest()[:40]
