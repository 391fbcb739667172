"""A client that reconnects converges to the database: what it missed (deletes included) from
the server's history, or a fresh snapshot marked as a reset when that history is not kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from djwire.sync import ContextChannel, history
from djwire.sync.exceptions import ChannelDefinitionError
from djwire.testing import ContextChannelTestClient
from tests.sync.app.channels import EVENTS, ProjectChannel
from tests.sync.app.models import Comment, Project, Task
from tests.sync.app.serializers import ProjectSerializer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project():
    project = Project.objects.create(name="P")
    for name in ("a", "b"):
        task = Task.objects.create(project=project, name=name)
        Comment.objects.create(task=task, text=f"on {name}")
    return project


@pytest.fixture
def grace(settings):
    settings.DJWIRE = {**settings.DJWIRE, "sync_history_grace": 30}
    clients = []
    yield clients.append
    for client in clients:
        # The anchors' histories outlive the test by the grace period: dropped now.
        async def expire():
            for kept in list(history._histories.get().values()):
                history._expire(kept)

        client.socket.loop.run(expire())
        client.close()


def change_while_away(project):
    a, b = project.tasks.order_by("name")
    a.name = "a renamed"
    a.save()
    a.comments.get().delete()
    b.delete()
    Task.objects.create(project=project, name="c")


def away_and_back(channel, project, grace):
    """A client that joins, leaves, misses changes and comes back."""
    client = ContextChannelTestClient(channel, project_id=project.pk)
    grace(client)
    client.connect()
    client.disconnect()
    change_while_away(project)
    client.reconnect()
    return client


def fresh_state(project):
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as fresh:
        fresh.connect()
        return fresh.state


def test_missed_updates_and_deletes_come_from_the_history(project, grace):
    client = ContextChannelTestClient(ProjectChannel, project_id=project.pk)
    grace(client)
    client.connect()
    client.disconnect()
    change_while_away(project)
    EVENTS.clear()
    client.reconnect()
    assert client.resets == 1  # no snapshot: what changed came from the history
    # on_connect(tstamp) gets the watermark the client came back with.
    assert EVENTS[0][:2] == ("connect", project.pk) and isinstance(EVENTS[0][2], int)
    names = sorted(task["name"] for task in client.state["tasks"])
    assert names == ["a renamed", "c"]
    assert client.state["tasks"][0]["comments"] == []
    # The deleted rows are gone from what the client holds, not only from the tree.
    kinds = [kind.rsplit(".", 1)[1] for kind, _ in client.layers]
    assert kinds.count("TaskSerializer") == 2 and kinds.count("CommentSerializer") == 0
    assert client.state == fresh_state(project)


def test_without_history_the_client_gets_a_reset_that_drops_deleted_rows(project):
    client = ContextChannelTestClient(ProjectChannel, project_id=project.pk)
    client.connect()
    client.disconnect()  # no grace: the history goes with the last client
    change_while_away(project)
    client.reconnect()
    assert client.resets == 2
    kinds = [kind.rsplit(".", 1)[1] for kind, _ in client.layers]
    assert kinds.count("CommentSerializer") == 0
    assert client.state == fresh_state(project)
    client.close()


def test_a_history_too_short_for_what_was_missed_gives_a_reset(project, grace, settings):
    settings.DJWIRE = {**settings.DJWIRE, "sync_history_length": 2}
    client = away_and_back(ProjectChannel, project, grace)  # four transactions missed
    assert client.resets == 2
    assert client.state == fresh_state(project)


def test_clear_cache_makes_the_next_reconnect_a_reset(project, grace):
    client = ContextChannelTestClient(ProjectChannel, project_id=project.pk)
    grace(client)
    client.connect()
    client.disconnect()
    Task.objects.filter(name="a").update(name="a2")
    assert client.socket.loop.run(ProjectChannel.clear_cache(project.pk)) is True
    client.reconnect()
    assert client.resets == 2
    assert client.state == fresh_state(project)


def test_a_late_older_layer_does_not_undo_a_newer_one(project):
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        task = project.tasks.get(name="a")
        key = ("tests.sync.app.serializers.TaskSerializer", task.pk)
        old = dict(client.layers[key])
        task.name = "newer"
        task.save()
        client.wait_for(lambda state: "newer" in [t["name"] for t in state["tasks"]])
        # A frame of the snapshot's version arriving now (a replay, a slow path) is ignored.
        client.client._apply({"v": old["_tstamp"], "i": [old]})
        assert client.layers[key]["name"] == "newer"


class KeptChannel(ProjectChannel):
    """Its anchors' recent changes are kept a minute after the last client left."""

    class Meta:
        state = ProjectSerializer()
        cache_ttl = 60


class UncachedChannel(ProjectChannel):
    class Meta:
        state = ProjectSerializer()
        cache_ttl = 0


def test_meta_cache_ttl_keeps_the_history_when_the_setting_would_not(project, grace, settings):
    settings.DJWIRE = {**settings.DJWIRE, "sync_history_grace": 0}
    client = away_and_back(KeptChannel, project, grace)
    assert client.resets == 1  # what it missed came from the history Meta.cache_ttl kept
    assert client.state == fresh_state(project)


def test_meta_cache_ttl_zero_drops_the_history_when_the_setting_would_keep_it(project, grace):
    client = away_and_back(UncachedChannel, project, grace)
    assert client.resets == 2
    assert client.state == fresh_state(project)


@pytest.mark.parametrize("ttl", [-1, "60", True])
def test_a_wrong_meta_cache_ttl_is_refused_when_the_class_is_defined(ttl):
    meta = type("Meta", (), {"state": ProjectSerializer(), "cache_ttl": ttl})
    with pytest.raises(ChannelDefinitionError, match="cache_ttl must be a number of seconds"):
        type("Broken", (ContextChannel,), {"Meta": meta, "__module__": __name__})


def test_get_cache_ttl_reads_meta_cache_ttl_then_rx_cache_ttl(settings):
    assert KeptChannel.get_cache_ttl() == 60
    settings.RX_CACHE_TTL = 5
    assert ProjectChannel.get_cache_ttl() == 5
    assert ProjectChannel.history_grace() is None  # the setting expires nothing


def test_an_anchor_in_its_grace_period_stops_counting_as_watched_when_its_loop_closes(
    project, settings
):
    settings.DJWIRE = {**settings.DJWIRE, "sync_history_grace": 30}
    task = project.tasks.get(name="a")
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        client.disconnect()  # the history waits 30 s for the client to come back ...
    # ... but its loop is gone (the client closed it): no timer of it can ever end the grace.
    task.name = "after the loop closed"
    with CaptureQueriesContext(connection) as queries:
        task.save()
    assert len(queries) == 1  # the UPDATE: the anchor is no longer watched, nothing read
