"""djwire.W001: Redis channel layers that drop idle consumers."""

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
