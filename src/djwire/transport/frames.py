"""Reading and writing frames: ``[ref, topic, event, payload]`` as JSON arrays."""

from __future__ import annotations

import functools
from typing import Any

import orjson

from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_FRAME, Frame


def decode_frame(text: str | bytes) -> Frame:
    """Parse one frame, raising ProtocolError(bad_frame) with the reason when it is malformed."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ProtocolError(ERROR_BAD_FRAME, f"frame is not valid JSON ({exc})") from None
    if not isinstance(data, list) or len(data) != 4:
        raise ProtocolError(ERROR_BAD_FRAME, "a frame is a JSON array [ref, topic, event, payload]")
    ref, topic, event, payload = data
    if ref is not None and (not isinstance(ref, int) or isinstance(ref, bool)):
        raise ProtocolError(ERROR_BAD_FRAME, "ref must be an integer or null")
    if not isinstance(topic, str):
        raise ProtocolError(ERROR_BAD_FRAME, "topic must be a string")
    if not isinstance(event, str):
        raise ProtocolError(ERROR_BAD_FRAME, "event must be a string")
    if not isinstance(payload, dict):
        raise ProtocolError(ERROR_BAD_FRAME, "payload must be a JSON object")
    return ref, topic, event, payload


def encode_frame(ref: int | None, topic: str, event: str, payload: Any) -> str:
    """One frame as the text the socket sends."""
    return orjson.dumps([ref, topic, event, payload]).decode()


@functools.lru_cache(maxsize=256)
def encoded_frame(topic: str, event: str, payload: bytes) -> str:
    """A server-initiated frame (ref null) around a payload that is JSON already. Cached: the
    sockets a message fans out to mostly share its topic (``sig:1``), so they share one text,
    made once (a bytes object caches its hash, so the lookup is cheap)."""
    return (
        f"[null,{orjson.dumps(topic).decode()},{orjson.dumps(event).decode()},{payload.decode()}]"
    )


def peek_ref_topic(text: str | bytes) -> tuple[int | None, str]:
    """Best-effort ref and topic of a frame that failed validation, so the error can name them."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None, ""
    if isinstance(data, list) and len(data) >= 2:
        ref = data[0] if isinstance(data[0], int) and not isinstance(data[0], bool) else None
        topic = data[1] if isinstance(data[1], str) else ""
        return ref, topic
    return None, ""
