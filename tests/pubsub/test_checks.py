"""djwire.W001: Redis channel layers that drop idle consumers; W002: a backend that cannot be
imported."""

import sys

import pytest
from django.core import checks as django_checks
from django.test import override_settings

from djwire.pubsub import checks as layer_checks
from djwire.pubsub import redis_channel_layer

CORE = "channels_redis.core.RedisChannelLayer"
PUBSUB = "channels_redis.pubsub.RedisPubSubChannelLayer"


@pytest.mark.parametrize(
    "layer",
    [
        {"BACKEND": CORE, "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"]}},
        {"BACKEND": PUBSUB, "CONFIG": {"hosts": [("127.0.0.1", 6379)]}},
        {"BACKEND": PUBSUB},
        {"BACKEND": CORE, "CONFIG": {"hosts": [{"address": "redis://x", "socket_timeout": 5}]}},
    ],
    ids=["url", "pair", "default-host", "finite-timeout"],
)
def test_w001_a_redis_layer_that_keeps_the_default_socket_timeout(layer, monkeypatch):
    monkeypatch.setattr(layer_checks, "redis_major_version", lambda: 8)
    with override_settings(CHANNEL_LAYERS={"default": layer}):
        (message,) = layer_checks.check_channel_layers()
    assert message.id == "djwire.W001" and message.level == django_checks.WARNING
    assert "idle consumers are dropped every ~5 s" in message.msg
    assert "redis_channel_layer" in message.hint


def test_w001_is_quiet_for_safe_layers_and_before_redis_py_8(monkeypatch):
    monkeypatch.setattr(layer_checks, "redis_major_version", lambda: 8)
    safe = {
        "default": redis_channel_layer("redis://127.0.0.1:6379/0"),
        "core": {
            "BACKEND": CORE,
            "CONFIG": {"hosts": [{"address": "redis://x", "socket_timeout": None}]},
        },
        "memory": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
    }
    with override_settings(CHANNEL_LAYERS=safe):
        assert layer_checks.check_channel_layers() == []
    monkeypatch.setattr(layer_checks, "redis_major_version", lambda: 7)
    risky = {"default": {"BACKEND": CORE, "CONFIG": {"hosts": ["redis://x"]}}}
    with override_settings(CHANNEL_LAYERS=risky):
        assert layer_checks.check_channel_layers() == []


def test_the_installed_redis_py_version_is_read():
    assert layer_checks.redis_major_version() >= 5


def test_w002_the_redis_layer_without_channels_redis_names_the_extra(monkeypatch):
    # What a project sees when it configured Redis but installed djwire without [redis].
    for name in ("channels_redis", "channels_redis.core", "channels_redis.pubsub"):
        monkeypatch.setitem(sys.modules, name, None)
    with override_settings(CHANNEL_LAYERS={"default": redis_channel_layer("redis://x:6379")}):
        (message,) = layer_checks.check_layer_backends()
        assert "djwire.W002" in [m.id for m in django_checks.run_checks(tags=["djwire"])]
    assert message.id == "djwire.W002" and message.level == django_checks.ERROR
    assert f"CHANNEL_LAYERS['default'] BACKEND {PUBSUB!r} cannot be imported" in message.msg
    assert "pages reconnect forever" in message.msg
    assert message.hint == "Install it: pip install 'djwire[redis]' (channels-redis)."


def test_w002_a_typo_in_a_backend_or_no_backend():
    layers = {
        "default": {"BACKEND": "channels.layers.InMemoryChanelLayer"},
        "empty": {"CONFIG": {}},
    }
    with override_settings(CHANNEL_LAYERS=layers):
        typo, empty = layer_checks.check_layer_backends()
    assert "InMemoryChanelLayer" in typo.msg
    assert typo.hint == "Fix the dotted path, or install the package that provides it."
    assert empty.msg == "CHANNEL_LAYERS['empty'] has no BACKEND."


def test_w002_is_quiet_for_layers_that_import():
    layers = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
        "redis": redis_channel_layer("redis://127.0.0.1:6379/0"),
    }
    with override_settings(CHANNEL_LAYERS=layers):
        assert layer_checks.check_layer_backends() == []
