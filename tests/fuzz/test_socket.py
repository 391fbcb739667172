"""Fuzzing the socket: whatever a client sends, on any join kind, the socket answers every
frame with a documented reply, stays open, still serves the page, and leaves nothing behind.

Each example is one socket holding a LiveView, a signals window and a model-state channel
(tests/fuzz/harness.py), fed a list of frames drawn by tests/fuzz/frames.py.
"""

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.frames import limit_frames, outgoing
from tests.fuzz.harness import FuzzedSocket
from tests.fuzz.profiles import fuzz_settings
from tests.sync.app.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project():
    return Project.objects.create(name="fuzzed")


def fuzz(project_id, frames):
    async def run():
        socket = FuzzedSocket(project_id)
        await socket.open()
        for frame in frames:
            await socket.send(frame)
        await socket.still_works()
        await socket.close_and_check()

    asyncio.run(run())


@fuzz_settings(examples=300)
@given(frames=st.lists(outgoing, min_size=5, max_size=40))
def test_any_frames_on_any_join_kind_are_answered_and_leave_nothing_behind(project, frames):
    fuzz(project.pk, frames)


@fuzz_settings(examples=100)
@given(frames=st.lists(limit_frames, min_size=1, max_size=8))
def test_frames_at_and_over_the_limits_are_answered_and_leave_nothing_behind(project, frames):
    fuzz(project.pk, frames)
