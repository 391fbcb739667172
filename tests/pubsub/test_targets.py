"""One vocabulary of recipients: the same key for the same object in every process."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User

from djwire.pubsub import (
    EVERYONE,
    group_name,
    instance_key,
    session_target,
    target_key,
    target_keys,
    window_target,
)
from tests.testapp.models import Gadget as Note


def test_users_and_model_instances_are_named_by_model_and_pk():
    assert target_key(User(pk=5)) == "auth.user.5"
    assert target_key(Note(pk=3)) == "testapp.gadget.3"
    assert target_key(Note(pk=3)) == instance_key("testapp.gadget", 3)


def test_strings_sessions_windows_and_everyone():
    assert target_key("room-5") == "key.room-5"
    assert target_key(window_target("a1b2")) == "window.a1b2"
    assert target_key(EVERYONE) == "all"
    session = target_key(session_target("the-session-key"))
    assert session.startswith("session.") and "the-session-key" not in session


def test_a_list_reaches_each_recipient_once_in_order():
    keys = target_keys([User(pk=5), "room", User(pk=5), Note(pk=1)])
    assert keys == ["auth.user.5", "key.room", "testapp.gadget.1"]


@pytest.mark.parametrize(
    ("to", "error", "message"),
    [
        (5, TypeError, "is not a recipient"),
        (object(), TypeError, "is not a recipient"),
        ("", ValueError, "empty string"),
        (Note(), ValueError, "not saved"),
    ],
)
def test_what_is_not_a_recipient_is_refused_with_the_reason(to, error, message):
    with pytest.raises(error, match=message):
        target_key(to)


def test_group_names_are_the_same_in_another_process():
    # df_websockets used hash(), which changes with PYTHONHASHSEED: a worker and a web process
    # then named different groups. Ours are computed alike everywhere, hashed names included.
    code = (
        "from djwire.pubsub import group_name, target_key\n"
        "print(group_name('djwire_view_x', 'key.' + 'long topic ' * 20))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == group_name("djwire_view_x", "key." + "long topic " * 20)


def test_group_names_are_valid_for_channels():
    assert group_name("djwire_view_a_B", "auth.user.5") == "djwire_view_a_B.auth.user.5"
    hashed = group_name("djwire_view_a", "key.a room with spaces")
    assert hashed.startswith("djwire.h") and len(hashed) < 100
