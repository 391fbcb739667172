"""The state and wire codec: values to bytes and back, exactly, orjson doing the heavy lifting.

``encode``/``decode`` are the codec (see ``_encode.py`` for what round-trips); ``types`` lists
the value types djwire knows, once, for the codec, the change tracker and the system checks.
"""

from djwire.codec._encode import UnserializableValue, decode, encode
from djwire.codec._tables import TAG
from djwire.codec.types import IMMUTABLE_TYPES, SUPPORTED_STATE, is_immutable

__all__ = [
    "IMMUTABLE_TYPES",
    "SUPPORTED_STATE",
    "TAG",
    "UnserializableValue",
    "decode",
    "encode",
    "is_immutable",
]
