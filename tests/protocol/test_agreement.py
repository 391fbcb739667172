"""docs/protocol.md, the Python protocol modules and the JS protocol modules agree: the same
names with the same values, layer by layer; a constant changed on one side fails here."""

import pathlib
import re
import typing
from types import ModuleType

import pytest

from djwire.live import protocol as live_protocol
from djwire.signals import protocol as signals_protocol
from djwire.sync import protocol as sync_protocol
from djwire.transport import protocol as transport_protocol

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "protocol.md").read_text()
JS_CONSTANT = re.compile(r'^export const (\w+) = ("[^"]*"|\d+);$')
DOC_ROW = re.compile(r"^\| `(\w+)` \| `(\"[^\"]*\"|\d+)` \|$", re.MULTILINE)

LAYERS = {
    "transport": (transport_protocol, "client/src/transport/protocol.js", "### Transport"),
    "live": (live_protocol, "client/src/live/protocol.js", "### LiveView"),
    "signals": (signals_protocol, "client/src/signals/protocol.js", "### Signals"),
    "sync": (sync_protocol, "client/src/sync/protocol.js", "### Model-state channels"),
}


def python_constants(module: ModuleType) -> dict[str, str | int]:
    return {
        name: value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str | int) and not isinstance(value, bool)
    }


def _literal(text: str) -> str | int:
    return text[1:-1] if text.startswith('"') else int(text)


def js_constants(path: str) -> dict[str, str | int]:
    constants = {}
    for line in (ROOT / path).read_text().splitlines():
        if line.startswith("export"):
            match = JS_CONSTANT.match(line)
            assert match, f"{path}: not a one-line constant: {line!r}"
            constants[match[1]] = _literal(match[2])
    return constants


def doc_constants(heading: str) -> dict[str, str | int]:
    section = DOC.split(heading, 1)[1].split("\n### ", 1)[0]
    return {name: _literal(value) for name, value in DOC_ROW.findall(section)}


@pytest.mark.parametrize("layer", LAYERS)
def test_python_and_js_hold_the_same_names_with_the_same_values(layer):
    module, js_path, _ = LAYERS[layer]
    assert js_constants(js_path) == python_constants(module)


@pytest.mark.parametrize("layer", LAYERS)
def test_the_names_tables_of_protocol_md_are_those_of_the_python_module(layer):
    module, _, heading = LAYERS[layer]
    assert doc_constants(heading) == python_constants(module)


def test_every_error_code_is_explained_in_protocol_md():
    table = DOC.split("| code | meaning |", 1)[1].split("\n\n", 1)[0]
    explained = set(re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE))
    codes = {v for k, v in python_constants(transport_protocol).items() if k.startswith("ERROR_")}
    assert explained == codes


def test_every_event_and_op_is_described_in_protocol_md():
    prose = DOC.split("## Names", 1)[0]
    for module in (transport_protocol, live_protocol, signals_protocol, sync_protocol):
        for name, value in python_constants(module).items():
            if name.startswith(("EVENT_", "OP_")):
                assert f"`{value}`" in prose or f'"{value}"' in prose, name


def test_the_payload_shapes_use_the_payload_names():
    # The TypedDicts are the annotations of the code that builds each payload: their keys must
    # be names of the protocol, so that renaming a key fails here rather than in a browser.
    payload_names = {
        value
        for module in (transport_protocol, live_protocol, signals_protocol, sync_protocol)
        for name, value in python_constants(module).items()
        if name.startswith("PAYLOAD_")
    }
    for module in (transport_protocol, live_protocol, signals_protocol, sync_protocol):
        for name, shape in vars(module).items():
            if typing.is_typeddict(shape):
                assert set(shape.__annotations__) <= payload_names, name


def test_a_constant_changed_on_one_side_is_caught(monkeypatch):
    # What a reviewer does by hand: change one value, and the agreement must break.
    monkeypatch.setattr(live_protocol, "OP_MOVE", "M")
    assert js_constants("client/src/live/protocol.js") != python_constants(live_protocol)
    assert doc_constants("### LiveView") != python_constants(live_protocol)
