"""The outbox keeps frames in order and refuses to grow without end."""

import asyncio

from djwire.transport.outbox import Outbox


async def test_frames_leave_in_order():
    written = []

    async def write(text):
        written.append(text)

    async def overflow(limit):
        raise AssertionError("no overflow expected")

    outbox = Outbox(write, overflow, limit=10)
    for i in range(5):
        outbox.put(str(i))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert written == ["0", "1", "2", "3", "4"]
    await outbox.close()


async def test_a_reader_that_does_not_keep_up_is_cut_off():
    stalled = asyncio.Event()  # never set: the browser does not read
    overflows = []

    async def write(text):
        await stalled.wait()

    async def overflow(limit):
        overflows.append(limit)

    outbox = Outbox(write, overflow, limit=3)
    for i in range(10):
        outbox.put(str(i))
    await asyncio.sleep(0)
    assert overflows == [3]  # told once, at the limit
    assert len(outbox._frames) == 0  # what waited is dropped: the page resumes from the server
    await outbox.close()
