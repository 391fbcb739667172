"""One object per running event loop."""

import asyncio

import pytest

from djwire._loop_local import LoopLocal


def test_each_loop_has_its_own_object_and_closed_loops_are_forgotten():
    made: list[object] = []
    local = LoopLocal(lambda: made.append(object()) or made[-1])

    async def get() -> object:
        return local.get()

    first = asyncio.run(get())
    second = asyncio.run(get())
    assert first is not second
    assert list(local.items()) == []  # both loops are closed now

    async def twice() -> bool:
        return local.get() is local.get()

    assert asyncio.run(twice())


def test_outside_a_loop_it_is_an_error():
    with pytest.raises(RuntimeError):
        LoopLocal(object).get()
