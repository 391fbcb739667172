"""Topic keys: the special topics, objects in the targets vocabulary, stable in every process."""

import datetime as dt
import decimal
import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from djwire.pubsub import EVERYONE, instance_key, session_target, target_key, window_target
from djwire.signals import topics
from djwire.signals.topics import (
    BROADCAST,
    SERVER,
    SESSION,
    SYNC,
    USER,
    WINDOW,
    Constant,
    default_window_topics,
    serialize_topic,
    topic_key,
)
from djwire.signals.window_info import Session, WindowInfo
from tests.testapp.models import Gadget


def signed_in(pk=5):
    window_info = WindowInfo()
    window_info.window_key = "w1"
    window_info.user_pk, window_info.user_set = pk, True
    window_info.is_authenticated, window_info.is_anonymous = True, False
    window_info.session_target = session_target("sess").key
    return window_info


def test_the_special_topics():
    window_info = signed_in()
    assert serialize_topic(window_info, WINDOW) == window_target("w1").key == "window.w1"
    assert serialize_topic(window_info, USER) == instance_key("auth.user", 5) == "auth.user.5"
    assert serialize_topic(window_info, SESSION) == session_target("sess").key
    assert serialize_topic(window_info, BROADCAST) == EVERYONE.key == "all"
    assert repr(WINDOW) == "WINDOW"


def test_the_special_topics_name_nobody_without_a_window_a_user_or_a_session():
    anonymous = WindowInfo()
    for topic in (WINDOW, USER, SESSION):
        assert serialize_topic(None, topic) is None
        assert serialize_topic(anonymous, topic) is None
    assert serialize_topic(None, BROADCAST) == "all"


@pytest.mark.parametrize("destination", [SERVER, SYNC, Constant("OTHER")])
def test_destinations_are_not_topics(destination):
    with pytest.raises(TypeError, match=repr(destination)):
        serialize_topic(None, destination)


@pytest.mark.django_db
def test_objects_take_the_keys_of_the_targets_vocabulary():
    gadget = Gadget.objects.create(name="g", price=1)
    user = User.objects.create_user("u")
    assert serialize_topic(None, gadget) == target_key(gadget) == f"testapp.gadget.{gadget.pk}"
    assert serialize_topic(None, user) == f"auth.user.{user.pk}"
    # the USER of a window and its user as an object are one topic
    assert serialize_topic(signed_in(user.pk), USER) == serialize_topic(None, user)
    assert serialize_topic(None, "room-5") == "key.room-5"
    assert serialize_topic(None, Session("sess")) == session_target("sess").key
    assert serialize_topic(None, Session()) is None
    assert serialize_topic(None, window_target("w2")) == "window.w2"
    assert serialize_topic(None, Gadget) == "class.tests.testapp.models.Gadget"


def test_an_unsaved_instance_is_refused():
    # df_websockets named every unsaved instance "pk 0": all of them one topic
    with pytest.raises(ValueError, match="not saved"):
        serialize_topic(None, Gadget(name="x", price=1))


def test_values_have_deterministic_keys():
    assert serialize_topic(None, 42) == "int.42"
    for value in (
        1.5,
        decimal.Decimal("1.50"),
        uuid.UUID(int=1),
        dt.date(2024, 1, 2),
        True,
        (1, "a"),
        frozenset({"a", "b", "c"}),
    ):
        key = serialize_topic(None, value)
        assert key == serialize_topic(None, value)
        assert key.startswith(type(value).__qualname__ + ".")
    assert serialize_topic(None, (1, "a")) != serialize_topic(None, ("a", 1))
    assert serialize_topic(None, 1) != serialize_topic(None, True)


@pytest.mark.parametrize("value", [object(), [1], {"a": 1}, (1, object()), (WINDOW,), None])
def test_values_without_a_stable_text_are_refused(value):
    with pytest.raises(TypeError, match="cannot"):
        serialize_topic(None, value)


def test_keys_are_the_same_in_another_process():
    # df_websockets' hash() fallback differed with PYTHONHASHSEED (its flaw 5).
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='tests.settings'; django.setup();"
        "from djwire.signals.topics import serialize_topic as s;"
        "print(s(None, ('a', 1, frozenset({'x', 'y', 'z'}))), s(None, 2.5))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    expected = f"{serialize_topic(None, ('a', 1, frozenset({'x', 'y', 'z'})))} "
    assert outputs.pop().startswith(expected)


def upper_serializer(window_info, obj):
    return str(obj).upper()


def test_topic_key_applies_the_configured_serializer():
    assert topic_key(None, "x") == "key.x"
    with override_settings(DJWIRE={"signal_topic_serializer": f"{__name__}.upper_serializer"}):
        assert topic_key(None, "x") == "X"
    with override_settings(WEBSOCKET_TOPIC_SERIALIZER=f"{__name__}.upper_serializer"):
        assert topic_key(None, "y") == "Y"
    assert topics._serializer.cache_info().currsize >= 2


def test_default_window_topics():
    assert default_window_topics(signed_in()) == [
        "window.w1",
        "all",
        "auth.user.5",
        session_target("sess").key,
    ]
    window_info = WindowInfo()
    window_info.window_key = "w2"
    assert default_window_topics(window_info) == ["window.w2", "all"]
    assert default_window_topics(None) == ["all"]
