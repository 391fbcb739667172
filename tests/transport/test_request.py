"""The socket's request: what code run over the socket sees of the page."""

from django.contrib.auth.models import User

from djwire.transport.request import request_from_scope, session_key_of


class Session(dict):
    session_key = "abc"


def test_the_request_carries_the_pages_path_query_headers_user_and_session():
    user, session = User(pk=1, username="ann"), Session()
    scope = {
        "headers": [(b"accept-language", b"fr"), (b"user-agent", b"Chromium")],
        "client": ("10.0.0.5", 5555),
        "server": ("127.0.0.1", 8000),
        "user": user,
        "session": session,
    }
    request = request_from_scope(scope, "/notes/3/", "tab=2")
    assert (request.path, request.GET["tab"]) == ("/notes/3/", "2")
    assert request.META["HTTP_ACCEPT_LANGUAGE"] == "fr"
    assert request.META["HTTP_USER_AGENT"] == "Chromium"
    assert request.META["REMOTE_ADDR"] == "10.0.0.5"
    assert (request.META["SERVER_NAME"], request.META["SERVER_PORT"]) == ("127.0.0.1", "8000")
    assert request.user is user and request.session is session
    assert session_key_of(scope) == "abc"


def test_the_headers_are_copied_when_first_read_and_stay_writable():
    # Issue 13: a LiveView keeps its request for as long as the page is open; a copy of every
    # header per join was held by views whose handlers never read them.
    scope = {"headers": [(b"user-agent", b"Chromium")], "client": ("10.0.0.5", 5555)}
    request = request_from_scope(scope, "/", "")
    assert {"META", "GET", "POST", "COOKIES", "FILES"}.isdisjoint(vars(request))
    request.META["CSRF_COOKIE"] = "token"  # as Django's CSRF code writes it
    assert request.META["CSRF_COOKIE"] == "token"
    assert request.META["HTTP_USER_AGENT"] == "Chromium"
    assert (request.POST, request.COOKIES, dict(request.FILES)) == ({}, {}, {})


def test_no_session_middleware_means_no_session_key():
    assert session_key_of({}) is None
