"""Signed join tokens: bound to the session, expiring, refused with their own codes."""

import pytest
from django.test import override_settings

from djwire.transport.errors import ProtocolError
from djwire.transport.tokens import sign_token, verify_token

SALT = "djwire.test"


def test_a_token_gives_back_its_claims_in_its_session():
    token = sign_token({"topics": ["room-5"], "n": 3}, salt=SALT, session_key="abc")
    assert verify_token(token, salt=SALT, session_key="abc") == {"topics": ["room-5"], "n": 3}


def test_the_session_key_is_not_readable_in_the_token():
    token = sign_token({}, salt=SALT, session_key="secret-session-key")
    assert "secret-session-key" not in token


@pytest.mark.parametrize(
    ("token", "salt", "session_key", "code", "reason"),
    [
        ("forged:abc", SALT, "abc", "bad_token", "signature is not valid"),
        (None, SALT, "abc", "bad_token", "needs the token"),
        ("", SALT, "abc", "bad_token", "needs the token"),
        ("<signed>", "djwire.other", "abc", "bad_token", "signature is not valid"),
        ("<signed>", SALT, "another-session", "bad_token", "another session"),
        ("<signed>", SALT, None, "bad_token", "another session"),
    ],
)
def test_a_token_that_does_not_fit_is_refused_saying_why(token, salt, session_key, code, reason):
    if token == "<signed>":
        token = sign_token({"x": 1}, salt=SALT, session_key="abc")
    with pytest.raises(ProtocolError) as refused:
        verify_token(token, salt=salt, session_key=session_key)
    assert refused.value.code == code
    assert reason in refused.value.reason


def test_an_expired_token_has_its_own_code():
    token = sign_token({"x": 1}, salt=SALT, session_key="abc")
    with override_settings(DJWIRE={"join_token_max_age": -1}), pytest.raises(ProtocolError) as e:
        verify_token(token, salt=SALT, session_key="abc")
    assert e.value.code == "token_expired"
    assert "reload the page" in e.value.reason
