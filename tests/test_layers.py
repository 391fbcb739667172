"""The layers load on their own: a sibling-to-be can import transport and pubsub alone."""

import subprocess
import sys

import djwire.pubsub
import djwire.transport


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_importing_djwire_or_its_transport_loads_nothing_of_liveviews():
    for statement in ("import djwire", "import djwire.transport", "import djwire.pubsub"):
        loaded = _loaded_after(statement)
        assert not any(name.startswith("djwire.live") for name in loaded), statement


def test_djwire_names_are_loaded_on_first_use():
    loaded = _loaded_after("import djwire\ndjwire.LiveView")
    assert "djwire.live.view" in loaded


def test_layer_faces_are_pinned():
    assert djwire.transport.__all__ == [
        "Join",
        "ProtocolError",
        "Socket",
        "SocketConsumer",
        "register_join_kind",
    ]
    assert djwire.pubsub.__all__ == sorted(djwire.pubsub.__all__)
    assert {"Message", "group_name", "target_keys", "publish", "get_hub"} <= set(
        djwire.pubsub.__all__
    )


def test_the_signals_face_keeps_df_websockets_names():
    import djwire.signals

    assert djwire.signals.__all__ == sorted(djwire.signals.__all__)
    for name in ("signal", "trigger", "atrigger", "set_websocket_topics", "SERVER", "WINDOW"):
        assert getattr(djwire.signals, name) is not None
    loaded = _loaded_after("import djwire.signals")
    assert not any(name.startswith("djwire.live") for name in loaded)
