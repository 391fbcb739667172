"""Issue 12: an anonymous page load stores no session; its tokens are bound to its browser.

An anonymous page used to get a session made for it (a row in django_session per load) so
that its join token had a key to be bound to. Now it is bound to the browser's CSRF secret
(a cookie Django stores nowhere): only a socket of that browser can join with it, and once
the browser has a session the token is stale.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template import Context, Template
from django.test import AsyncRequestFactory, Client, RequestFactory, override_settings

from djwire.pubsub.targets import session_target
from djwire.signals.grant import read_window_token
from djwire.signals.tasks import atrigger, set_websocket_topics
from djwire.signals.window_info import Session as SessionTopic
from djwire.testing import AsyncSocketTestClient
from djwire.transport.binding import browser_binding, page_binding, session_binding

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DB_SESSIONS = "django.contrib.sessions.backends.db"
_TOKEN = re.compile(r'dj-token="([^"]+)"')

pytestmark = pytest.mark.usefixtures("csrf_middleware")


@pytest.fixture
def csrf_middleware():
    # As every project made by startproject: the session and CSRF middleware on.
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        yield


# Sessions in the database, as startproject keeps them, where rows are counted. The socket
# tests keep the tests' cache sessions: a socket's threads must not hold a connection open.
db_sessions = override_settings(SESSION_ENGINE=DB_SESSIONS)


def load(client: Client, path: str = "/counter/") -> tuple[str, str]:
    """The join token of one page load, and the CSRF cookie its browser holds after it."""
    response = client.get(path)
    assert response.status_code == 200
    token = _TOKEN.search(response.content.decode())
    assert token is not None
    return token.group(1), client.cookies[settings.CSRF_COOKIE_NAME].value


def through_middleware(view, request):
    """``view`` answered as Django's handler would, through the session, CSRF and auth
    middleware (what saves a session, and sets the CSRF cookie)."""
    chain = SessionMiddleware(CsrfViewMiddleware(AuthenticationMiddleware(view)))
    return chain(request)


@pytest.mark.django_db
@db_sessions
def test_anonymous_page_loads_store_no_session():
    for _ in range(5):  # five browsers, each a first visit
        assert b"dj-token" in Client().get("/counter/").content
    assert Session.objects.count() == 0


async def test_an_anonymous_page_joins_from_its_own_browser_only():
    token, csrf = await _in_thread(load, Client())
    browser = AsyncSocketTestClient()
    browser.cookies[settings.CSRF_COOKIE_NAME] = csrf
    reply = await browser.join("lv:1", {"token": token, "v": 1})
    assert reply["v"] == 1
    # The token the reply refreshed is bound alike: a reconnect of this browser joins with it.
    await browser.close()
    again = AsyncSocketTestClient()
    again.cookies[settings.CSRF_COOKIE_NAME] = csrf
    assert (await again.join("lv:1", {"token": reply["tk"], "v": 1}))["v"] == 1
    await again.close()

    # A token that leaked (a log, a cached page) is refused on another browser's socket.
    async with AsyncSocketTestClient() as thief:
        refused = await thief.join("lv:1", {"token": token, "v": 1}, expect_error=True)
        assert refused["code"] == "stale_session"


async def test_an_anonymous_token_is_stale_once_the_browser_has_a_session():
    """A login (or any session) after the page was served: the token read nothing of the
    session's; the page reloads (stale_session) and gets tokens bound to the session."""
    token, csrf = await _in_thread(load, Client())
    logged_in = AsyncSocketTestClient()
    logged_in.cookies[settings.CSRF_COOKIE_NAME] = csrf
    await _in_thread(logged_in.session.save)
    refused = await logged_in.join("lv:1", {"token": token, "v": 1}, expect_error=True)
    assert refused["code"] == "stale_session"
    await logged_in.close()


@pytest.mark.django_db
@db_sessions
def test_a_view_that_writes_the_session_gets_one_and_its_tokens_are_bound_to_it():
    bindings = []

    def view(request):
        request.session["cart"] = [3]  # the view's own use of the session
        bindings.append(page_binding(request))
        return HttpResponse("page")

    response = through_middleware(view, RequestFactory().get("/"))
    assert Session.objects.count() == 1
    key = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert bindings == [session_binding(key)]


async def test_an_anonymous_signals_window_stores_no_session_and_joins_from_its_browser():
    def view(request):
        set_websocket_topics(request, "room-5")
        return HttpResponse(
            Template("{% load djwire %}{% djwire_scripts %}").render(Context({"request": request}))
        )

    # As uvicorn serves it: an ASGIRequest, whose scope has no cookie on a first visit.
    request = AsyncRequestFactory().get("/room/")
    response = await _in_thread(through_middleware, view, request)
    assert request.session.session_key is None  # none was saved
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    token = re.search(r'data-dj-window="([^"]+)"', response.content.decode()).group(1)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME].value
    # SESSION names every tab of this browser, as a session would.
    topics = read_window_token(token, browser_binding(csrf)).topics
    assert session_target(f"browser:{csrf}").key in topics
    browser = AsyncSocketTestClient()
    browser.cookies[settings.CSRF_COOKIE_NAME] = csrf
    assert "tk" in await browser.join("sig:1", {"token": token})
    await atrigger(None, "for.this.browser", to=SessionTopic(f"browser:{csrf}"))
    assert (await browser.receive("sig:1"))[3]["signal"] == "for.this.browser"
    await browser.close()
    async with AsyncSocketTestClient(AnonymousUser()) as thief:
        refused = await thief.join("sig:1", {"token": token}, expect_error=True)
        assert refused["code"] == "stale_session"


async def _in_thread(function, *args):
    from channels.db import database_sync_to_async

    return await database_sync_to_async(function)(*args)
