"""docs/protocol.md, djwire.transport.protocol and the client's two protocol files agree."""

import json
import pathlib
import re

from djwire.transport import protocol

ROOT = pathlib.Path(__file__).resolve().parents[2]
JS_PROTOCOL_FILES = [
    ROOT / "client" / "src" / "transport" / "protocol.js",
    ROOT / "client" / "src" / "live" / "protocol.js",
]
JS_CONSTANT = re.compile(r'^export const (\w+) = (".*"|\d+);$', re.MULTILINE)


def python_constants():
    return {
        name: value
        for name, value in vars(protocol).items()
        if name.isupper() and isinstance(value, str | int) and not isinstance(value, bool)
    }


def js_constants():
    constants = {}
    for path in JS_PROTOCOL_FILES:
        for name, value in JS_CONSTANT.findall(path.read_text()):
            constants[name] = json.loads(value)
    return constants


def test_every_protocol_name_has_the_same_value_in_js():
    js = js_constants()
    differ = {name: value for name, value in python_constants().items() if js.get(name) != value}
    assert not differ, f"not in the client's protocol files with that value: {differ}"


def test_every_event_and_error_code_is_documented():
    doc = (ROOT / "docs" / "protocol.md").read_text()
    for name, value in python_constants().items():
        if name.startswith(("EVENT_", "ERROR_", "OP_")):
            assert f"`{value}`" in doc or f'"{value}"' in doc, (
                f"{name}={value!r} not in protocol.md"
            )


def test_error_codes_agree_exactly():
    python_codes = {v for k, v in python_constants().items() if k.startswith("ERROR_")}
    js_codes = {v for k, v in js_constants().items() if k.startswith("ERROR_")}
    assert python_codes == js_codes
