"""WindowInfo: from a request, to a dict and back, the user and permissions, rendering."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory, override_settings

from djwire.pubsub import session_target
from djwire.signals.window_info import (
    Session,
    WindowInfo,
    get_window_context,
    middlewares,
    render_to_string,
)
from djwire.signals.ws_middleware import BrowserMiddleware, WindowKeyMiddleware


def make_request(user=None, with_session=False, **meta):
    request = RequestFactory().get("/", **meta)
    request.user = user if user is not None else AnonymousUser()
    request.session = SessionStore()
    if with_session:
        request.session.create()
    return request


def test_an_empty_window_is_anonymous():
    window_info = WindowInfo()
    assert window_info.window_key is None and window_info.session_target is None
    assert window_info.is_anonymous and not window_info.is_authenticated
    assert isinstance(window_info.user, AnonymousUser)
    assert window_info.perms == set() and not window_info.has_perm("auth.add_user")


def test_from_request_returns_a_window_info_as_is_and_none_as_an_empty_one():
    window_info = WindowInfo()
    assert WindowInfo.from_request(window_info) is window_info
    assert WindowInfo.from_request(None).window_key is None


@pytest.mark.django_db
def test_from_request_sets_the_user_fields_and_is_authenticated():
    # df_websockets set is_authenticated only in from_dict (its flaw 10).
    user = User.objects.create_user("ada", is_staff=True)
    request = make_request(user, HTTP_USER_AGENT="Firefox/1", HTTP_ACCEPT_LANGUAGE="fr")
    window_info = WindowInfo.from_request(request)
    assert window_info.user_pk == user.pk and window_info.username == "ada"
    assert window_info.is_authenticated and not window_info.is_anonymous
    assert window_info.is_staff and not window_info.is_superuser and window_info.is_active
    assert window_info.user_set and window_info.user is user
    assert window_info.user_agent == "Firefox/1"
    assert window_info.language_code == "en-us"


def test_from_request_of_an_anonymous_visitor():
    window_info = WindowInfo.from_request(make_request())
    assert window_info.is_anonymous and not window_info.is_authenticated
    assert window_info.user_pk is None and not window_info.user_set


def test_one_request_gives_one_window_key_and_the_socket_side_sets_it():
    request = make_request()
    first = WindowInfo.from_request(request).window_key
    assert first and WindowInfo.from_request(request).window_key == first
    request = make_request()
    request.djwire_window_key = "from-the-join"
    assert WindowInfo.from_request(request).window_key == "from-the-join"


def test_session_target_is_the_target_key_never_the_session_key():
    request = make_request(with_session=True)
    session_key = request.session.session_key
    window_info = WindowInfo.from_request(request)
    assert window_info.session_target == session_target(session_key).key
    assert session_key not in json.dumps(window_info.to_dict())
    assert WindowInfo.from_request(make_request()).session_target is None


@pytest.mark.django_db
def test_to_dict_is_json_and_from_dict_gives_the_same_window():
    user = User.objects.create_user("bob")
    request = make_request(user, with_session=True)
    window_info = WindowInfo.from_request(request)
    values = json.loads(json.dumps(window_info.to_dict()))
    assert set(values) == {
        "window_key",
        "session_target",
        "user_pk",
        "username",
        "is_superuser",
        "is_staff",
        "is_active",
        "csrf_cookie",
        "perms",
        "user_set",
        "language_code",
        "user_agent",
    }
    again = WindowInfo.from_dict(values)
    for name in ("window_key", "session_target", "user_pk", "username", "language_code"):
        assert getattr(again, name) == getattr(window_info, name)
    assert again.is_authenticated and not again.is_anonymous
    assert again.user == user


@pytest.mark.django_db
def test_a_deleted_user_gives_an_anonymous_user_not_a_crash():
    user = User.objects.create_user("gone")
    values = WindowInfo.from_request(make_request(user)).to_dict()
    user.delete()
    window_info = WindowInfo.from_dict(values)
    assert isinstance(window_info.user, AnonymousUser)


@pytest.mark.django_db
def test_perms_and_has_perm_follow_django():
    user = User.objects.create_user("perm")
    user.user_permissions.add(Permission.objects.get(codename="add_user"))
    window_info = WindowInfo.from_request(make_request(User.objects.get(pk=user.pk)))
    assert window_info.perms == {"auth.add_user"}
    assert window_info.has_perm("auth.add_user")
    assert not window_info.has_perm("auth.delete_user")
    # computed perms travel with the dict, so the worker does not query them again
    assert WindowInfo.from_dict(window_info.to_dict()).perms == {"auth.add_user"}

    root = User.objects.create_superuser("root")
    window_info = WindowInfo.from_request(make_request(root))
    assert "auth.delete_user" in window_info.perms and window_info.has_perm("any.thing")

    root.is_active = False
    assert not WindowInfo.from_request(make_request(root)).has_perm("auth.add_user")


def test_session_topic_object_hides_its_key():
    assert Session("abc") == Session("abc") and Session("abc") != Session("abd")
    assert "abc" not in repr(Session("abc"))


@pytest.mark.django_db
def test_window_context_and_render_to_string():
    user = User.objects.create_user("carol")
    window_info = WindowInfo.from_request(make_request(user, HTTP_USER_AGENT="UA"))
    context = get_window_context(window_info)
    assert context["user"] == user and context["df_window_key"] == window_info.window_key
    assert context["df_user_agent"] == "UA" and context["messages"] == []
    assert context["LANGUAGE_CODE"] == "en-us"
    assert "perms" in context and "csrf_token" in context and "DEFAULT_MESSAGE_LEVELS" in context
    html = render_to_string("signals/whoami.html", {"greeting": "hi"}, window_info=window_info)
    assert html.strip() == f"hi carol {window_info.window_key}"
    # the caller's context wins over the window's
    html = render_to_string("signals/whoami.html", {"greeting": "yo", "user": "X"}, window_info)
    assert html.strip().startswith("yo X")
    assert render_to_string("signals/whoami.html", {"greeting": "x"}).strip() == "x"


class RecordingMiddleware(WindowKeyMiddleware):
    installed: list[type] = []

    def install_methods(self, window_info_cls):
        self.installed.append(window_info_cls)


def test_middlewares_come_from_the_settings_and_are_installed_once():
    path = f"{__name__}.RecordingMiddleware"
    with override_settings(DJWIRE={"window_info_middlewares": [path]}):
        assert [type(m) for m in middlewares()] == [RecordingMiddleware]
        middlewares()
        assert RecordingMiddleware.installed == [WindowInfo]
        assert set(WindowInfo().to_dict()) == {"window_key", "session_target"}
    with override_settings(
        WINDOW_INFO_MIDDLEWARES=["djwire.signals.ws_middleware.BrowserMiddleware"]
    ):
        assert [type(m) for m in middlewares()] == [BrowserMiddleware]
    assert len(middlewares()) == 4
