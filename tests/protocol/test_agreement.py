"""docs/protocol.md, djwire.transport.protocol and client/src/constants.js agree."""

import pathlib
import re

from djwire.transport import protocol

ROOT = pathlib.Path(__file__).resolve().parents[2]
JS_CONSTANT = re.compile(r'^export const (\w+) = "([^"]*)";', re.MULTILINE)


def python_constants():
    return {
        name: value
        for name, value in vars(protocol).items()
        if name.isupper() and isinstance(value, str)
    }


def js_constants():
    text = (ROOT / "client" / "src" / "constants.js").read_text()
    return dict(JS_CONSTANT.findall(text))


def test_every_protocol_name_has_the_same_value_in_js():
    js_values = set(js_constants().values())
    missing = {name: value for name, value in python_constants().items() if value not in js_values}
    # The socket topic "" and the LiveView prefix are spelled in JS too.
    assert not missing, f"not in client/src/constants.js: {missing}"


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
