"""Server push: every connected instance updates, in order; bad calls fail where made."""

import asyncio
import logging

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType

from djwire import apush_to_view, push_to_view
from djwire.live.join import TICK_TASK, next_tick
from djwire.live.push import view_group
from djwire.testing import AsyncLiveViewTestClient, wait_until
from tests.testapp.views import CounterView, ItemsView, NoteView, TickView


async def mounted(view, count=1, user=None, **kwargs):
    clients = []
    for _ in range(count):
        client = AsyncLiveViewTestClient(view, user=user)
        await client.mount(**kwargs)
        clients.append(client)
    return clients


async def close(*clients):
    for client in clients:
        await client.close()


async def test_state_push_reaches_every_instance_as_a_diff():
    clients = await mounted(CounterView, 3)
    await apush_to_view(CounterView, state={"count": 4})
    for client in clients:
        assert await client.receive() == [None, "lv:1", "diff", {"v": 2, "d": {"0": "4"}}]
        assert client.view.count == 4 and '<b id="count">4</b>' in client.html()
    await close(*clients)


async def test_sync_push_from_a_thread_and_by_dotted_path():
    (client,) = await mounted(CounterView)
    await sync_to_async(push_to_view)("tests.testapp.views.CounterView", state={"count": 3})
    assert (await client.receive())[3]["d"] == {"0": "3"}
    await close(client)


async def test_handler_push_may_be_private_and_gets_the_payload():
    (client,) = await mounted(NoteView, pk=1)
    await apush_to_view(NoteView, handler="_on_broadcast", payload={"content": "from server"})
    frame = await client.receive()
    assert frame[2] == "diff" and client.view.content == "from server"
    await close(client)


async def test_broadcast_pattern_peers_update_and_the_sender_skips_its_render():
    sender, peer = await mounted(NoteView, 2, pk=4)
    (other_note,) = await mounted(NoteView, pk=5)
    reply = await sender.send_event("update_content", value="hello")
    assert reply["d"]  # the sender's own change, in its reply
    assert (await peer.receive())[3]["d"]
    assert peer.view.content == "hello"
    assert await sender.receive_nothing(0.2)  # its own broadcast was skipped, not re-rendered
    assert await other_note.receive_nothing(0.05)  # another note's views are not reached
    assert not sender.view._skip_broadcast
    await close(sender, peer, other_note)


async def test_push_during_a_user_event_is_applied_after_it_never_dropped():
    (client,) = await mounted(NoteView, pk=2)
    event = asyncio.create_task(client.send_event("slow"))
    await wait_until(client.server_join().busy)  # the slow handler is running
    await apush_to_view(NoteView, state={"content": "pushed"})
    reply = await event
    assert reply["v"] == 2  # the event's reply comes first...
    diff = await client.receive()
    assert diff[2] == "diff" and diff[3]["v"] == 3  # ...then the push, next version
    assert client.view.content == "pushed"
    await close(client)


async def test_push_to_a_user_reaches_only_that_users_views():
    alice, bob = User(pk=1, username="alice"), User(pk=2, username="bob")  # logged-in users
    (for_alice,) = await mounted(CounterView, user=alice)
    (for_bob,) = await mounted(CounterView, user=bob)
    await apush_to_view(CounterView, state={"count": 1}, to=alice)
    assert (await for_alice.receive())[3]["d"] == {"0": "1"}
    assert await for_bob.receive_nothing(0.1)
    await close(for_alice, for_bob)


async def test_push_to_an_object_reaches_views_mounted_with_its_pk():
    (note_3,) = await mounted(NoteView, pk=3)
    (note_4,) = await mounted(NoteView, pk=4)
    await apush_to_view(NoteView, state={"content": "x"}, to=ContentType(pk=3))
    assert (await note_3.receive())[2] == "diff"
    assert await note_4.receive_nothing(0.1)
    await close(note_3, note_4)


async def test_push_event_reaches_the_page_after_the_reply():
    (client,) = await mounted(NoteView, pk=1)
    reply = await client.send_event("toast", text="saved")
    assert reply == {"v": 1}
    assert await client.receive() == [
        None,
        "lv:1",
        "push",
        {"event": "toast", "payload": {"text": "saved"}},
    ]
    await close(client)


async def test_push_handler_that_raises_is_rolled_back_and_reported():
    (client,) = await mounted(NoteView, pk=1)
    await apush_to_view(NoteView, handler="_explode")
    frame = await client.receive()
    assert frame[2] == "error" and frame[3]["code"] == "handler_error"
    assert "NoteView._explode (push) raised an exception" in frame[3]["reason"]
    assert "ValueError" not in frame[3]["reason"] and "exception" not in frame[3]
    assert client.view.content == ""
    await close(client)


async def test_ticks_run_while_connected_and_stop_on_close():
    (client,) = await mounted(TickView)
    frames = [await client.receive() for _ in range(3)]
    assert [f[3]["v"] for f in frames] == [2, 3, 4]
    assert tick_tasks()
    await client.close()
    assert not tick_tasks()  # no tick runs after the socket closed


def tick_tasks() -> list[asyncio.Task]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith(TICK_TASK) and not t.done()]


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        (1.0, 1.0, 1.05),  # on time: the next one interval later
        (1.0, 1.03, 1.05),  # a tick that took 30 ms: the phase is kept
        (1.0, 1.12, 1.15),  # a tick that took 120 ms skips the two it overran
        (1.0, 1.31, 1.35),
    ],
)
def test_slow_ticks_do_not_stack_and_keep_their_phase(due, now, expected):
    assert next_tick(due, now, 0.05) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"view": "no.such.View", "state": {"a": 1}}, ValueError, "cannot import 'no.such.View'"),
        ({"view": "tests.testapp.views.Any", "state": {"a": 1}}, TypeError, "is not a LiveView"),
        ({"view": CounterView}, ValueError, "needs state"),
        ({"view": CounterView, "state": {"_secret": 1}}, ValueError, "not public state"),
        ({"view": CounterView, "state": {"increment": 1}}, ValueError, "is a method"),
        ({"view": CounterView, "handler": "nope"}, ValueError, "has no method 'nope'"),
        ({"view": CounterView, "state": {"a": object()}}, TypeError, "push plain data"),
        ({"view": CounterView, "handler": "increment", "payload": [1]}, TypeError, "dict"),
        ({"view": CounterView, "state": {"count": 1}, "to": 5}, TypeError, "to= takes users"),
        ({"view": CounterView, "state": {"count": 1}, "to": User()}, ValueError, "not saved"),
    ],
)
def test_bad_push_raises_at_the_call_site(kwargs, error, message):
    view = kwargs.pop("view")
    with pytest.raises(error, match=message):
        push_to_view(view, **kwargs)


def test_group_names():
    assert view_group("shop.views.CartView") == "djwire_view_shop_views_CartView"
    assert view_group("shop.views.CartView", "user.5") == "djwire_view_shop_views_CartView.user.5"
    hashed = view_group("a.b.C", "pk.x y")  # a space is not allowed in a group name
    assert hashed.startswith("djwire.h") and len(hashed) < 100
    assert hashed == view_group("a.b.C", "pk.x y")  # the same in every process: no hash()
    assert view_group("a." * 60 + "C").startswith("djwire.h")


async def test_items_view_push_changes_one_row_only():
    (client,) = await mounted(ItemsView, start=0)
    await apush_to_view(ItemsView, state={"title": "New"})
    frame = await client.receive()
    assert frame[3]["d"] == {"0": "New"}
    await close(client)


async def test_state_push_renders_shared_parts_once_per_process():
    clients = await mounted(ItemsView, 3, start=0)
    memo = {}
    replies = [c.server_join().mounted.apply_state_push({"title": "T"}, memo) for c in clients]
    assert replies == [{"v": 2, "d": {"0": "T"}}] * 3
    assert len(memo) == 1  # rendered by the first view, reused by the others
    await close(*clients)


async def test_state_push_into_an_if_renders_per_view():
    (client,) = await mounted(CounterView)
    memo = {}
    session = client.server_join().mounted
    reply = session.apply_state_push({"count": 9}, memo)
    assert memo == {}  # {% if count > 5 %} is not a plain expression: this view rendered alone
    assert reply["d"]["0"] == "9" and "1" in reply["d"]
    await close(client)


async def test_a_join_that_cannot_start_is_refused_and_the_socket_lives_on():
    from tests.testapp.views import BrokenTargetsView

    client = AsyncLiveViewTestClient(BrokenTargetsView)
    await client.mount()  # the ok reply went out before start() failed...
    error = await client.receive()
    assert error[2] == "error" and error[3]["code"] == "join_failed"
    assert error[3]["reason"] == "starting the join raised an exception; join again"
    with pytest.raises(LookupError):
        client.server_join()  # ...and the join is gone
    assert await client.send_raw('[9, "", "hb", {}]') == [9, "", "ok", {}]
    await client.close()


async def test_state_push_whose_render_needs_the_sync_thread_is_rendered_there(caplog):
    # Not an error: the push is tried in the event loop, then run again in the sync thread,
    # with nothing logged as a failure (it used to log two tracebacks on the way).
    from tests.testapp.views import SyncOnlyView

    (client,) = await mounted(SyncOnlyView)
    with caplog.at_level(logging.ERROR):
        await apush_to_view(SyncOnlyView, state={"count": 3})
        frame = await client.receive()
        await apush_to_view(SyncOnlyView, state={"count": 4})
        second = await client.receive()
    assert frame == [None, "lv:1", "diff", {"v": 2, "d": {"0": "3"}}]
    assert second[3] == {"v": 3, "d": {"0": "4"}}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    await close(client)


# -- handler pushes through the shared render (issue 13) ---------------------------------------


def rendered(memo):
    """The texts a push rendered for the views that share them (the memo keeps more)."""
    return [key for key in memo if isinstance(key, tuple) and key[0] != "bound"]


async def test_handler_push_that_assigns_plain_values_renders_once_per_process():
    from tests.testapp.views import RetitledView

    clients = await mounted(RetitledView, 3, start=0)
    memo = {}
    views = [c.server_join().mounted for c in clients]
    replies = [v.apply_push(None, "on_title", {"title": "T"}, memo) for v in views]
    assert replies == [{"v": 2, "d": {"0": "T"}}] * 3
    assert len(rendered(memo)) == 1  # rendered by the first view, reused by the others
    await apush_to_view(RetitledView, handler="on_title", payload={"title": "pushed"})
    for client in clients:
        assert (await client.receive())[3] == {"v": 3, "d": {"0": "pushed"}}
        assert "<h2>pushed</h2>" in client.html()
    await close(*clients)


async def test_handler_push_setting_each_views_own_value_gets_its_own_text():
    from tests.testapp.views import RetitledView

    first, second = await mounted(RetitledView, 1, start=0) + await mounted(
        RetitledView, 1, start=10
    )
    memo = {}
    one = first.server_join().mounted.apply_push(None, "on_own_title", {"suffix": "!"}, memo)
    two = second.server_join().mounted.apply_push(None, "on_own_title", {"suffix": "!"}, memo)
    assert one["d"] == {"0": "0!"} and two["d"] == {"0": "10!"}
    assert len(rendered(memo)) == 2  # the values are part of what is shared
    await close(first, second)


async def test_handler_push_that_changes_a_row_renders_that_view_alone():
    from tests.testapp.views import RetitledView

    (client,) = await mounted(RetitledView, start=0)
    memo = {}
    reply = client.server_join().mounted.apply_push(None, "on_first_row", {"text": "x"}, memo)
    assert rendered(memo) == [] and "x" in str(reply["d"])
    await close(client)


async def test_async_handler_push_renders_on_the_loop_without_a_thread(monkeypatch):
    from djwire.live import join
    from tests.testapp.views import RetitledView

    clients = await mounted(RetitledView, 2, start=0)

    def no_thread(call):
        raise AssertionError("the render after a plain assignment needs no thread")

    monkeypatch.setattr(join, "run_batched", no_thread)
    await apush_to_view(RetitledView, handler="aon_title", payload={"title": "async"})
    for client in clients:
        assert (await client.receive())[3]["d"] == {"0": "async"}
    await close(*clients)


async def test_a_name_the_views_context_derives_from_pushed_state_is_rendered_again():
    # get_context_data of its own may read what a push changes: the shared texts would miss it.
    from tests.testapp.views import ShoutedView

    (client,) = await mounted(ShoutedView, start=0)
    await apush_to_view(ShoutedView, handler="on_title", payload={"title": "hey"})
    assert (await client.receive())[3]["d"] == {"0": "hey", "1": "HEY"}
    await apush_to_view(ShoutedView, state={"title": "yo"})
    assert (await client.receive())[3]["d"] == {"0": "yo", "1": "YO"}
    assert "<p>YO</p>" in client.html()
    await close(client)


async def test_a_handler_that_changes_its_arguments_changes_only_its_own_copy():
    from tests.testapp.views import RetitledView

    clients = await mounted(RetitledView, 3, start=0)
    await apush_to_view(RetitledView, handler="on_items", payload={"items": ["a"]})
    for client in clients:
        assert (await client.receive())[3]["d"] == {"0": "a,mine"}
    await close(*clients)
