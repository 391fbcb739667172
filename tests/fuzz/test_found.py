"""What the fuzzer found, each pinned by a test named after it."""

import pytest

from djwire.testing import AsyncSocketTestClient
from djwire.transport.binding import session_binding
from djwire.transport.tokens import sign_token

VIEW = "tests.testapp.views.CounterView"
CLAIMS = {"p": VIEW, "k": {}, "q": "", "i": "forged", "u": "/"}
# As the fuzz tests: their sockets' threads keep the in-memory database open.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "wrong",
    [{"p": 5}, {"p": None}, {"k": "not kwargs"}, {"k": [1]}, {"q": 1}, {"i": []}, {"u": {}}],
    ids=repr,
)
async def test_a_signed_liveview_token_with_claims_of_the_wrong_types_is_bad_token(wrong):
    # Found by tests/fuzz: a correctly signed token (a leaked SECRET_KEY) naming its view by a
    # number made the join a server_error (TypeError while refusing it), not a bad_token.
    async with AsyncSocketTestClient() as socket:
        token = sign_token(
            {**CLAIMS, **wrong},
            salt="djwire.join",
            binding=session_binding(socket.session.session_key),
        )
        refused = await socket.join("lv:1", {"token": token, "v": 1}, expect_error=True)
        assert refused["code"] == "bad_token", refused
        assert await socket.request("", "hb", {}) == {}
