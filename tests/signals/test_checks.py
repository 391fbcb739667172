"""djwire.G001 to G004: the signals' worker mode and what its workers share."""

import pytest
from django.core import checks as django_checks
from django.test import override_settings

from djwire.signals import checks

REDIS_LAYER = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer"}}
MEMORY_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
REDIS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
LOCMEM_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def all_messages():
    return checks.check_signal_workers() + checks.check_shared_backends()


@pytest.mark.parametrize("mode", checks.WORKER_MODES)
def test_known_modes_pass_g001(mode, monkeypatch):
    monkeypatch.setattr(checks.importlib.util, "find_spec", lambda name: object())
    with override_settings(DJWIRE={"signal_workers": mode}):
        assert checks.check_signal_workers() == []


def test_g001_an_unknown_mode_with_df_websockets_documented_names():
    with override_settings(WEBSOCKET_WORKERS="multithread"):
        (message,) = checks.check_signal_workers()
    assert message.id == "djwire.G001" and message.level == django_checks.ERROR
    assert message.msg == "WEBSOCKET_WORKERS is 'multithread', which is not a worker mode."
    assert message.hint.startswith("Did you mean 'thread'? Use one of 'thread', 'process'")
    with override_settings(DJWIRE={"signal_workers": 3}):
        (message,) = checks.check_signal_workers()
    assert message.msg.startswith("DJWIRE['signal_workers'] is 3")


def test_g002_celery_mode_without_celery(monkeypatch):
    monkeypatch.setattr(checks.importlib.util, "find_spec", lambda name: None)
    with override_settings(DJWIRE={"signal_workers": "celery"}):
        (message,) = checks.check_signal_workers()
    assert message.id == "djwire.G002" and "celery is not installed" in message.msg


@pytest.mark.parametrize("mode", checks.OTHER_PROCESS_MODES)
def test_g003_workers_in_other_processes_with_an_in_memory_channel_layer(mode):
    with override_settings(
        DJWIRE={"signal_workers": mode}, CHANNEL_LAYERS=MEMORY_LAYER, CACHES=REDIS_CACHE
    ):
        (message,) = checks.check_shared_backends()
    assert message.id == "djwire.G003" and message.level == django_checks.WARNING
    assert "InMemoryChannelLayer" in message.msg and "redis_channel_layer" in message.hint
    with override_settings(DJWIRE={"signal_workers": mode}, CHANNEL_LAYERS={}, CACHES=REDIS_CACHE):
        (message,) = checks.check_shared_backends()
    assert "no channel layer" in message.msg


def test_g004_workers_in_other_processes_with_a_process_local_cache():
    with override_settings(
        DJWIRE={"signal_workers": "process"}, CHANNEL_LAYERS=REDIS_LAYER, CACHES=LOCMEM_CACHE
    ):
        (message,) = checks.check_shared_backends()
    assert message.id == "djwire.G004" and "CACHES['default'] is LocMemCache" in message.msg
    caches = {**LOCMEM_CACHE, "ws": REDIS_CACHE["default"]}
    with override_settings(
        DJWIRE={"signal_workers": "process"},
        CHANNEL_LAYERS=REDIS_LAYER,
        CACHES=caches,
        WEBSOCKET_CACHE_BACKEND="ws",
    ):
        assert checks.check_shared_backends() == []


def test_thread_mode_shares_everything_with_the_web_process():
    with override_settings(
        DJWIRE={"signal_workers": "thread"}, CHANNEL_LAYERS=MEMORY_LAYER, CACHES=LOCMEM_CACHE
    ):
        assert all_messages() == []


def test_register_adds_the_checks_under_the_djwire_tag(monkeypatch):
    registered = []
    monkeypatch.setattr(
        checks.checks, "register", lambda check, tag: registered.append((check, tag))
    )
    checks.register()
    assert registered == [
        (checks.check_signal_workers, "djwire"),
        (checks.check_shared_backends, "djwire"),
        (checks.check_request_in_templates, "djwire"),
    ]


def test_g005_a_template_engine_without_the_request_is_named():
    from djwire.signals.checks import check_request_in_templates

    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
    with override_settings(TEMPLATES=[engine]):
        (message,) = check_request_in_templates()
    assert message.id == "djwire.G005" and "set_websocket_topics" in message.msg
    assert "django.template.context_processors.request" in message.hint
    engine["OPTIONS"]["context_processors"] = ["django.template.context_processors.request"]
    with override_settings(TEMPLATES=[engine]):
        assert check_request_in_templates() == []
