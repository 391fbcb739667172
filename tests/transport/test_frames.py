"""Frames: a payload encoded once reads back as the same frame."""

import orjson

from djwire.transport.frames import decode_frame, encode_frame, encoded_frame


def test_a_frame_around_an_encoded_payload_is_the_same_frame():
    payload = {"signal": "html.text", "opts": {"selector": "#x", "content": "é <b>"}}
    text = encoded_frame('sig:"1', "signal", orjson.dumps(payload))
    assert orjson.loads(text) == [None, 'sig:"1', "signal", payload]
    assert text == encode_frame(None, 'sig:"1', "signal", payload)
    assert decode_frame(text) == (None, 'sig:"1', "signal", payload)
