"""Signed join tokens: bound to the session, expiring, refused with their own codes."""

import sys
import time

import orjson
import pytest
from django.core import signing
from django.test import override_settings

from djwire.codec import TAG
from djwire.transport.binding import session_binding
from djwire.transport.errors import ProtocolError
from djwire.transport.tokens import ISSUED, sign_token, verify_token

SALT = "djwire.test"


def test_a_token_gives_back_its_claims_in_its_session():
    token = sign_token({"topics": ["room-5"], "n": 3}, salt=SALT, binding=session_binding("abc"))
    claims = verify_token(token, salt=SALT, binding=session_binding("abc"))
    assert claims.pop(ISSUED) == pytest.approx(time.time(), abs=5)  # for refreshes
    assert claims == {"topics": ["room-5"], "n": 3}


def test_the_session_key_is_not_readable_in_the_token():
    token = sign_token({}, salt=SALT, binding=session_binding("secret-session-key"))
    assert "secret-session-key" not in token


@pytest.mark.parametrize(
    ("token", "salt", "session_key", "code", "reason"),
    [
        ("forged:abc", SALT, "abc", "bad_token", "signature is not valid"),
        (None, SALT, "abc", "bad_token", "needs the token"),
        ("", SALT, "abc", "bad_token", "needs the token"),
        ("<signed>", "djwire.other", "abc", "bad_token", "signature is not valid"),
        ("<signed>", SALT, "another-session", "stale_session", "another session"),
        ("<signed>", SALT, None, "stale_session", "another session"),
    ],
)
def test_a_token_that_does_not_fit_is_refused_saying_why(token, salt, session_key, code, reason):
    if token == "<signed>":
        token = sign_token({"x": 1}, salt=SALT, binding=session_binding("abc"))
    with pytest.raises(ProtocolError) as refused:
        verify_token(token, salt=salt, binding=session_binding(session_key))
    assert refused.value.code == code
    assert reason in refused.value.reason


def test_an_expired_token_has_its_own_code():
    token = sign_token({"x": 1}, salt=SALT, binding=session_binding("abc"))
    with override_settings(DJWIRE={"join_token_max_age": -1}), pytest.raises(ProtocolError) as e:
        verify_token(token, salt=SALT, binding=session_binding("abc"))
    assert e.value.code == "token_expired"
    assert "reload the page" in e.value.reason


def test_a_refreshed_token_keeps_its_first_issue_time_and_expires_with_the_lifetime():
    """A page's tokens cannot be refreshed forever (issue 12)."""
    day = 24 * 3600
    with override_settings(DJWIRE={"join_token_max_lifetime": 7 * day}):
        young = sign_token(
            {ISSUED: int(time.time()) - day}, salt=SALT, binding=session_binding("abc")
        )
        claims = verify_token(young, salt=SALT, binding=session_binding("abc"))
        refreshed = sign_token(
            claims, salt=SALT, binding=session_binding("abc")
        )  # as a join reply does
        assert (
            verify_token(refreshed, salt=SALT, binding=session_binding("abc"))[ISSUED]
            == claims[ISSUED]
        )
        old = sign_token(
            {ISSUED: int(time.time()) - 8 * day}, salt=SALT, binding=session_binding("abc")
        )
        with pytest.raises(ProtocolError) as raised:
            verify_token(old, salt=SALT, binding=session_binding("abc"))
    assert raised.value.code == "token_expired"
    assert "join_token_max_lifetime" in raised.value.reason


class RawJSON:
    """Signs exactly the JSON given, as a forger holding the key would."""

    def dumps(self, obj):
        return orjson.dumps(obj)

    def loads(self, data):
        return orjson.loads(data)


def forge(claims, session_key):
    payload = {ISSUED: int(time.time()), **claims, "_s": session_binding(session_key)}
    return signing.dumps(payload, salt=SALT, serializer=RawJSON, compress=True)


def test_a_signed_token_naming_an_enum_of_a_module_not_loaded_imports_nothing():
    """A token signed with a leaked key must not choose what the server imports (issue 12)."""
    sys.modules.pop("this", None)
    token = forge({"k": {TAG: "enum", "v": ["this", "Anything", 1]}}, "abc")
    with pytest.raises(ProtocolError) as raised:
        verify_token(token, salt=SALT, binding=session_binding("abc"))
    assert raised.value.code == "bad_token"
    assert "this" not in sys.modules
