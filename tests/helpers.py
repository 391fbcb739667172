"""Helpers shared by djwire's own tests (not part of djwire.testing: they read internals)."""

from typing import Any

import orjson

from djwire.store import get_store


def saved_version(client: Any) -> int | None:
    """The version of the client's view in the state store (what a re-join resumes), None
    before its first save."""
    grant = client.server_join().mounted.grant
    records = get_store().load_records(grant.instance_id)
    return orjson.loads(records[-1])["v"] if records else None  # the last delta's, or the base's


def window_token_for(session: Any, *topics: str) -> str:
    """The signals window token a page of ``session`` gets from a view listening to
    ``topics`` (call it through database_sync_to_async, as a view runs)."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from djwire.signals.grant import window_token
    from djwire.signals.tasks import set_websocket_topics

    request = RequestFactory().get("/room/")
    request.session = session
    request.user = AnonymousUser()
    set_websocket_topics(request, *topics)
    token = window_token(request)
    assert token is not None
    return token
