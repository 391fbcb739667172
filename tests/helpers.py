"""Helpers shared by djwire's own tests (not part of djwire.testing: they read internals)."""

from typing import Any

import orjson

from djwire.store import get_store


def saved_version(client: Any) -> int | None:
    """The version of the client's view in the state store (what a re-join resumes), None
    before its first save."""
    grant = client.server_join().mounted.grant
    record = get_store().load(grant.instance_id)
    return orjson.loads(record)["v"] if record else None
