"""The outbox keeps frames in order and refuses to grow without end: bounded by bytes, and a
reader that stops reading is cut off."""

import asyncio

from djwire.transport.outbox import STALLED, TOO_MANY_BYTES, Outbox, text_bytes


async def no_overflow(why):
    raise AssertionError("no overflow expected")


async def test_frames_leave_in_order():
    written = []

    async def write(text):
        written.append(text)

    outbox = Outbox(write, no_overflow, max_bytes=100, send_timeout=5)
    for i in range(5):
        outbox.put(str(i))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert written == ["0", "1", "2", "3", "4"]
    await outbox.close()


async def test_the_outbox_is_bounded_by_bytes_not_frames():
    stalled = asyncio.Event()  # never set: the browser does not read
    overflows = []

    async def write(text):
        await stalled.wait()

    async def overflow(why):
        overflows.append(why)

    outbox = Outbox(write, overflow, max_bytes=1000, send_timeout=60)
    outbox.put("x" * 600)  # taken by the writer, which blocks on it
    await asyncio.sleep(0)
    outbox.put("y" * 600)
    outbox.put("z" * 300)  # 900 bytes wait: within the limit
    assert overflows == []
    outbox.put("w" * 200)  # 1,100 bytes would wait: cut off, once
    outbox.put("v")
    await asyncio.sleep(0)
    assert overflows == [TOO_MANY_BYTES]
    assert outbox.queued_bytes == 0  # what waited is dropped: the page resumes from the server
    await outbox.close()


async def test_non_ascii_text_counts_its_utf8_bytes():
    assert text_bytes("é" * 10) == 20
    assert text_bytes("€") == 3
    assert text_bytes("plain") == 5


async def test_a_frame_larger_than_the_limit_still_goes_out_alone():
    written = []

    async def write(text):
        written.append(text)

    outbox = Outbox(write, no_overflow, max_bytes=10, send_timeout=5)
    outbox.put("a" * 50)  # a whole tree bigger than the limit, to a page that reads
    await asyncio.sleep(0)
    assert written == ["a" * 50]
    await outbox.close()


async def test_a_reader_that_stopped_reading_is_cut_off_after_the_send_timeout():
    stalled = asyncio.Event()
    overflows = []

    async def write(text):
        await stalled.wait()

    async def overflow(why):
        overflows.append(why)

    # One small frame that never leaves: the byte bound is far, the send timeout cuts it off.
    outbox = Outbox(write, overflow, max_bytes=10**6, send_timeout=0.05)
    outbox.put("hello")
    for _ in range(100):
        await asyncio.sleep(0.01)
        if overflows:
            break
    assert overflows == [STALLED]
    outbox.put("more")  # nothing more is queued
    assert outbox.queued_bytes == 0
    await outbox.close()
