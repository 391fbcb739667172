"""The outbox keeps frames in order and refuses to grow without end: bounded by bytes, and a
reader that stops reading is cut off."""

import asyncio
import logging

from channels.sessions import InstanceSessionWrapper

from djwire.transport.outbox import STALLED, TOO_MANY_BYTES, Outbox, frame_send, text_bytes


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


# -- written by the caller while the socket keeps up ---------------------------------------------


async def test_a_frame_put_while_the_socket_is_idle_is_written_before_put_returns():
    written = []

    async def write(text):
        written.append(text)

    outbox = Outbox(write, no_overflow, max_bytes=100, send_timeout=5)
    tasks = asyncio.all_tasks()
    outbox.put("a")
    assert written == ["a"]  # no writer task woken, no timer armed per frame
    outbox.put("b")
    assert written == ["a", "b"]
    assert asyncio.all_tasks() == tasks
    await outbox.close()


async def test_frames_put_while_a_send_waits_for_the_socket_follow_it_in_order():
    room = asyncio.Event()  # the socket's buffer is full until set
    written = []

    async def write(text):
        if text == "0":
            await room.wait()
        written.append(text)

    outbox = Outbox(write, no_overflow, max_bytes=100, send_timeout=5)
    outbox.put("0")
    outbox.put("1")
    outbox.put("2")
    await asyncio.sleep(0)
    assert written == []
    room.set()
    for _ in range(5):
        await asyncio.sleep(0)
    assert written == ["0", "1", "2"]
    assert outbox.queued_bytes == 0
    outbox.put("3")  # idle again: written at once
    assert written == ["0", "1", "2", "3"]
    await outbox.close()


async def test_a_frame_put_by_the_send_itself_goes_out_after_it():
    written = []

    async def write(text):
        written.append(text)
        if text == "first":
            outbox.put("second")  # a send that makes another frame (a log line, a reply)

    outbox = Outbox(write, no_overflow, max_bytes=100, send_timeout=5)
    outbox.put("first")
    outbox.put("third")
    assert written == ["first", "second", "third"]
    await outbox.close()


async def test_a_send_the_server_refuses_stops_the_outbox_and_put_does_not_raise(caplog):
    attempts = []

    async def write(text):
        attempts.append(text)
        raise ConnectionResetError("the socket is gone")

    outbox = Outbox(write, no_overflow, max_bytes=100, send_timeout=5)
    with caplog.at_level(logging.INFO, "djwire.transport"):
        outbox.put("a")
        outbox.put("b")  # nothing more is tried on a socket that is gone
    assert attempts == ["a"]
    assert "could not be sent" in caplog.text
    await outbox.close()


async def test_closing_cancels_a_send_that_waits_for_the_socket():
    cancelled = []

    async def write(text):
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(text)
            raise

    outbox = Outbox(write, no_overflow, max_bytes=100, send_timeout=5)
    outbox.put("stuck")
    await asyncio.sleep(0)
    await outbox.close()
    assert cancelled == ["stuck"]


async def test_frames_skip_channels_session_wrapper_and_nothing_else():
    async def server_send(message):
        pass

    scope = {"type": "websocket", "cookies": {}}
    wrapper = InstanceSessionWrapper(scope, server_send)
    # The session middleware saves and sets cookies on http.response.start only.
    assert frame_send(wrapper.send) is server_send
    assert frame_send(server_send) is server_send

    class OtherMiddleware:
        async def send(self, message):
            pass

    other = OtherMiddleware().send
    assert frame_send(other) is other  # a wrapper that may act on frames is kept
