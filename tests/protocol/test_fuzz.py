"""Fuzzing the socket: whatever a client sends, it gets an answer and the socket stays open."""

import asyncio

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djwire.testing import AsyncLiveViewTestClient
from tests.testapp.views import ItemsView

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False),
        st.text(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(), inner, max_size=3)
    ),
    max_leaves=8,
)
frames = st.one_of(
    st.text(min_size=1, max_size=40),  # not JSON, or not a frame
    json_values.map(lambda v: orjson.dumps(v).decode()),
    st.tuples(
        st.one_of(st.integers(1, 10**6), st.none(), st.text(max_size=3)),
        st.sampled_from(["", "lv:1", "lv:2", "x"]),
        st.sampled_from(["join", "event", "leave", "hb", "nope", ""]),
        st.one_of(
            st.fixed_dictionaries(
                {"e": st.sampled_from(["toggle", "add", "remove", "bump", "typed", "_x", "mount"])},
                optional={
                    "p": st.one_of(
                        json_values,
                        st.dictionaries(
                            st.sampled_from(["id", "text", "at", "when", "amount", "tags", "flag"]),
                            json_values,
                        ),
                    )
                },
            ),
            json_values,
        ),
    ).map(lambda f: orjson.dumps(list(f)).decode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(frames, min_size=1, max_size=6))
def test_any_frames_get_an_answer_and_the_socket_survives(texts):
    async def run():
        client = AsyncLiveViewTestClient(ItemsView)
        await client.mount(start=0)
        for text in texts:
            if '"leave"' in text and '"lv:1"' in text:
                continue  # leaving the view is legitimate; it is not what is fuzzed here
            frame = await client.send_raw(text)
            assert frame[2] in ("ok", "error")
            if frame[2] == "error":
                assert frame[3]["code"] and frame[3]["reason"]
            await client.receive_nothing(0)  # nothing else pending
        assert await client.send_raw('[777, "", "hb", {}]') == [777, "", "ok", {}]
        # The view still works, and its page matches its state.
        reply = await client.send_event("bump")
        assert "v" in reply, reply
        await client.close()

    asyncio.run(run())
