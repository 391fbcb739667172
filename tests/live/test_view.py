"""LiveViews over the socket: what the browser gets, what the server keeps."""

from djwire.testing import AsyncLiveViewTestClient, LiveViewTestClient, wait_until
from tests.helpers import saved_version
from tests.testapp.views import CounterView, ItemsView, MixedView


def test_join_reply_does_not_resend_what_the_page_delivered():
    with LiveViewTestClient(CounterView) as client:
        reply = client.mount()
        assert set(reply) == {"v", "tk"}
        assert reply["v"] == 1


def test_event_sends_only_the_changed_part():
    with LiveViewTestClient(CounterView) as client:
        client.mount()
        assert client.send_event("increment") == {"v": 2, "d": {"0": "1"}}
        assert client.send_event("increment", by=0) == {"v": 2}  # nothing changed: no diff


def test_if_branch_statics_are_sent_once():
    with LiveViewTestClient(CounterView) as client:
        client.mount()
        reply = client.send_event("increment", by=6)
        branch = reply["d"]["1"]
        assert "s" in branch and "f" in branch
        client.send_event("increment", by=-6)
        reply = client.send_event("increment", by=6)
        assert reply["d"]["1"] == {"f": branch["f"]}
        assert '<p class="big">big</p>' in client.html()


def test_in_place_mutation_updates_the_page():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        reply = client.send_event("toggle", id=3)
        assert reply["d"] == {
            "2": {
                "o": [["u", 3, {"1": {"f": reply["d"]["2"]["o"][0][2]["1"]["f"], "s": ["done"]}}]]
            }
        }
        assert '<li dj-key="3" class="done">item 3</li>' in client.html()


def test_insert_in_the_middle_sends_one_row():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        reply = client.send_event("add", text="new", at=2)
        assert reply["d"] == {"2": {"o": [["i", 2, ["5", "", "new"]]]}}


def test_counter_change_beside_the_list_does_not_touch_the_list():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        assert client.send_event("bump")["d"] == {"1": "1"}


def test_delete_by_reassignment_sends_one_delete():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        assert client.send_event("remove", id=2)["d"] == {"2": {"o": [["d", 2, 1]]}}
        assert "item 2" not in client.html()


def test_part_outside_the_root_is_not_live():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        assert "Not live" in client.http_html
        assert "Not live" not in client.html()
        assert "static footer" not in client.html()


def test_params_are_converted_to_annotations():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        client.send_event(
            "typed", when="2026-11-21", amount="1.50", tags=["1", "2"], flag="on", note=""
        )
        assert client.view.title == "2026-11-21 1.50 3 True None"


def test_any_django_template_renders_as_django_would():
    with LiveViewTestClient(MixedView) as client:
        client.mount()
        client.send_event("change", word="yo")
        html = client.html()
        assert '<p class="shout">YO!</p>' in html
        assert '<p class="twice">yoyo</p>' in html
        assert '<p class="len">2</p>' in html
        assert "<em>one</em>" in html and "<em>yo</em>" in html
        assert "hidden" not in html and "a comment" not in html
        assert '<p class="user">False</p>' in html
        assert '<a href="/counter/">c</a>' in html


async def test_resume_in_the_same_session():
    first = AsyncLiveViewTestClient(CounterView)
    await first.mount()
    await first.send_event("increment", by=4)
    await wait_until(lambda: saved_version(first) == first.version)  # saved behind the reply
    version = first.version
    same_version = await first.join_again()  # the page shows the saved version: no tree
    behind = await first.join_again(version=1)  # the page is behind: the whole tree
    await first.close()
    assert set(same_version) == {"v", "tk"} and same_version["v"] == version == 2
    assert behind["v"] == 2 and "t" in behind
    assert behind["t"]["0"] == "4"


def test_values_are_escaped_as_django_escapes_them():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        reply = client.send_event("add", text="<script>x</script>")
        assert reply["d"]["2"]["o"][0][2][2] == "&lt;script&gt;x&lt;/script&gt;"
