"""The public names, pinned: a change here is a change users see."""

import djwire
import djwire.decorators
import djwire.routing
import djwire.sync
import djwire.testing


def test_public_names():
    assert djwire.__all__ == ["LiveFormMixin", "LiveView", "apush_to_view", "push_to_view", "state"]
    assert djwire.decorators.__all__ == ["event_handler"]
    assert djwire.routing.__all__ == [
        "get_asgi_application",
        "live_session",
        "websocket_urlpatterns",
    ]
    assert djwire.sync.__all__ == [
        "ActionError",
        "BroadcastManager",
        "BroadcastQuerySet",
        "CREATE",
        "ContextChannel",
        "DELETE",
        "SAVE",
        "action",
        "broadcast_queryset",
        "consumer",
        "related_property",
    ]
    assert djwire.testing.__all__ == [
        "AsyncContextChannelTestClient",
        "AsyncLiveViewTestClient",
        "AsyncSocketTestClient",
        "ContextChannelTestClient",
        "EventError",
        "JoinError",
        "LiveViewTestClient",
        "SocketTestClient",
        "close_thread_connections",
        "wait_until",
    ]


def test_all_is_sorted_and_every_name_exists():
    for module in (djwire, djwire.decorators, djwire.routing, djwire.sync, djwire.testing):
        assert module.__all__ == sorted(module.__all__)
        for name in module.__all__:
            assert getattr(module, name) is not None


def test_websocket_urlpatterns_route_the_socket_path():
    (pattern,) = djwire.routing.websocket_urlpatterns
    assert str(pattern.pattern) == "djwire/ws/"
