"""A channel's join runs its checks on the handler pool, not Django's one sync thread (issue 12):
one join's slow ``has_permission`` does not hold another's."""

import asyncio
import threading

import pytest

from djwire.testing import AsyncContextChannelTestClient
from tests.sync.app.channels import ProjectChannel
from tests.sync.app.models import Project
from tests.sync.app.serializers import ProjectSerializer

pytestmark = pytest.mark.django_db(transaction=True)

entered, gate = threading.Event(), threading.Event()
seen: list[str] = []


class GatedChannel(ProjectChannel):
    """The first join's check waits for the gate (a slow permission service); the next
    join's check opens it."""

    class Meta:
        state = ProjectSerializer()

    @staticmethod
    def has_permission(user, **kwargs):
        if not entered.is_set():
            entered.set()
            seen.append("opened" if gate.wait(timeout=5) else "timed out")
        else:
            gate.set()
        return True


def setup_function():
    entered.clear()
    gate.clear()
    seen.clear()


async def test_a_slow_permission_check_does_not_hold_another_join():
    project = await Project.objects.acreate(name="P")
    slow = AsyncContextChannelTestClient(GatedChannel, project_id=project.pk)
    other = AsyncContextChannelTestClient(GatedChannel, project_id=project.pk)
    waiting = asyncio.create_task(slow.connect(timeout=10))
    await asyncio.to_thread(entered.wait, 5)
    # While the first check still runs, the second join is checked (it opens the gate) and
    # joins; on Django's one sync thread it would wait behind the first for 5 s.
    await other.connect(timeout=10)
    await waiting
    assert seen == ["opened"]
    assert slow.state["name"] == other.state["name"] == "P"
    await slow.disconnect()
    await other.disconnect()
