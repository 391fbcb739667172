"""Auth on LiveViews, the Django way (issue 8): access mixins, login_required /
permission_required decorators and djust's class attributes answer the HTTP render as Django
does, and are checked again, with the session's user of now, at every join over the socket."""

import contextlib
from collections.abc import Iterator
from importlib import import_module
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import (
    LoginRequiredMixin,
    PermissionRequiredMixin,
    UserPassesTestMixin,
)
from django.contrib.auth.models import Permission, User
from django.test import Client, override_settings
from django.urls import path
from django.utils.decorators import method_decorator

from djwire import LiveView, state
from djwire.decorators import event_handler
from djwire.testing import LiveViewTestClient, SocketTestClient


class Page(LiveView):
    template_name = "testapp/counter.html"
    count = state(default=0)

    @event_handler
    def whoami(self, **kwargs: Any) -> None:
        self.count = self.request.user.pk or -1


class MixinView(LoginRequiredMixin, Page):
    pass


@method_decorator(login_required, name="dispatch")
class DecoratedView(Page):
    pass


class UrlDecoratedView(Page):
    """Routed as login_required(UrlDecoratedView.as_view())."""


class AttributeView(Page):
    login_required = True


class PermissionView(PermissionRequiredMixin, Page):
    permission_required = "auth.view_user"


class PermissionAttributeView(Page):
    permission_required = "auth.view_user"


class NameCheckView(UserPassesTestMixin, Page):
    def test_func(self) -> bool:
        return self.request.user.username.startswith("a")


urlpatterns = [
    path("mixin/", MixinView.as_view()),
    path("decorated/", DecoratedView.as_view()),
    path("url-decorated/", login_required(UrlDecoratedView.as_view())),
    path("attribute/", AttributeView.as_view()),
    path("permission/", PermissionView.as_view()),
    path("permission-attribute/", PermissionAttributeView.as_view()),
    path("test-func/", NameCheckView.as_view()),
    path("public/", Page.as_view()),
]

LOGIN_FORMS = {
    "mixin": MixinView,
    "decorated": DecoratedView,
    "url-decorated": UrlDecoratedView,
    "attribute": AttributeView,
}
PERMISSION_FORMS = {"permission": PermissionView, "permission-attribute": PermissionAttributeView}

pytestmark = pytest.mark.usefixtures("_urls")


@pytest.fixture
def _urls():
    with override_settings(ROOT_URLCONF=__name__):
        yield


class MemoryBackend(BaseBackend):
    """Users kept here, not in the database: a join reads the session's user in asgiref's
    sync thread, where a test database connection would poison the tests that follow."""

    users: ClassVar[dict[int, dict[str, Any]]] = {}

    def get_user(self, user_id: Any) -> User | None:
        data = self.users.get(int(user_id))
        return None if data is None else User(pk=int(user_id), username=data["username"])

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.users.get(user_obj.pk, {}).get("perms", set())


@pytest.fixture
def memory_users():
    """Authentication through MemoryBackend; the users a test adds are gone after it."""
    with override_settings(AUTHENTICATION_BACKENDS=[BACKEND]):
        yield MemoryBackend.users
    MemoryBackend.users.clear()


BACKEND = f"{__name__}.MemoryBackend"


def add_user(users: dict[int, dict[str, Any]], *perms: str) -> User:
    users[7] = {"username": "ann", "perms": set(perms)}
    return User(pk=7, username="ann")


def logged_in_session(user: User) -> Any:
    """A saved session that Django's login() would have left: the socket's, and the page's."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session


def log_out_in_another_tab(session: Any) -> None:
    """What Django's logout() does from another request: the stored session is flushed."""
    import_module(settings.SESSION_ENGINE).SessionStore(session.session_key).flush()


@contextlib.contextmanager
def open_page(view: type[LiveView], route: str, user: User) -> Iterator[LiveViewTestClient]:
    """The page at ``/route/`` rendered for ``user`` and joined on a socket of that session."""
    with SocketTestClient(user, session=logged_in_session(user)) as socket:
        client = LiveViewTestClient(view, path=f"/{route}/", socket=socket)
        client.mount()
        yield client


# -- over HTTP: as Django answers ----------------------------------------------------------


@pytest.mark.parametrize("route", [*LOGIN_FORMS, *PERMISSION_FORMS, "test-func"])
def test_an_anonymous_user_is_redirected_to_the_login_page(route):
    response = Client().get(f"/{route}/?tab=2")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/{route}/%3Ftab%3D2"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [*PERMISSION_FORMS, "test-func"])
def test_a_user_without_the_permission_gets_403(route):
    client = Client()
    client.force_login(User.objects.create(username="bob"))
    assert client.get(f"/{route}/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("route", [*LOGIN_FORMS, *PERMISSION_FORMS, "test-func"])
def test_an_allowed_user_gets_the_page(route):
    user = User.objects.create(username="ann")
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    client = Client()
    client.force_login(user)
    response = client.get(f"/{route}/")
    assert response.status_code == 200 and b"dj-token" in response.content


def test_attribute_view_honours_login_url():
    class Elsewhere(AttributeView):
        login_url = "/sign-in/"

    response = Elsewhere.as_view()(_anonymous_request("/x/"))
    assert response["Location"] == "/sign-in/?next=/x/"


def _anonymous_request(url: str) -> Any:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return request


# -- over the socket: every join checks again --------------------------------------------


@pytest.mark.parametrize("route", LOGIN_FORMS)
def test_a_user_logged_out_in_another_tab_is_refused_at_the_next_join(route, memory_users):
    user = add_user(memory_users)
    with open_page(LOGIN_FORMS[route], route, user) as client:
        client.send_event("whoami")
        assert client.view.count == user.pk  # the handler's request.user is the session's
        client.join_again()  # still logged in: joins again
        log_out_in_another_tab(client.socket.session)
        refused = client.join_again(expect_error=True)
    assert refused["code"] == "login_required"
    assert "refuses a user who is not logged in" in refused["reason"]
    assert "/accounts/login/?next=" in refused["reason"]


def test_after_a_logout_a_new_socket_is_refused_with_a_code_that_reloads(memory_users):
    # The reconnect after a logout elsewhere: the cookie names no session any more, so the
    # page's token is another session's (stale_session); the reload lands on the login page.
    user = add_user(memory_users)
    with open_page(MixinView, "mixin", user) as client:
        log_out_in_another_tab(client.socket.session)
        with SocketTestClient() as fresh:
            refused = fresh.join("lv:1", {"token": client.token, "v": 1}, expect_error=True)
    assert refused["code"] == "stale_session"


@pytest.mark.parametrize("route", PERMISSION_FORMS)
def test_a_permission_revoked_since_the_last_join_is_forbidden(route, memory_users):
    user = add_user(memory_users, "auth.view_user")
    with open_page(PERMISSION_FORMS[route], route, user) as client:
        client.join_again()  # allowed while it has the permission
        memory_users[user.pk]["perms"].clear()
        refused = client.join_again(expect_error=True)
    assert refused["code"] == "forbidden"
    assert "refuses this user (PermissionDenied)" in refused["reason"]


def test_user_passes_test_runs_again_at_each_join(memory_users):
    user = add_user(memory_users)
    with open_page(NameCheckView, "test-func", user) as client:
        memory_users[user.pk]["username"] = "bob"
        assert client.join_again(expect_error=True)["code"] == "forbidden"


# -- what cannot work is refused loudly -----------------------------------------------------


def test_an_access_mixin_after_liveview_in_the_bases_is_a_class_creation_error():
    with pytest.raises(TypeError, match=r"Put it first: class Wrong\(LoginRequiredMixin, Li"):

        class Wrong(LiveView, LoginRequiredMixin):
            template_name = "testapp/counter.html"


def test_an_access_decorator_on_mount_is_refused_at_the_render():
    class OnMount(Page):
        @method_decorator(login_required)
        def mount(self, request, **kwargs):
            pass

    with pytest.raises(TypeError, match=r"mount returned HttpResponseRedirect.*name=\"dispatch\""):
        OnMount.as_view()(_anonymous_request("/x/"))


def test_the_test_client_says_when_the_page_is_refused():
    with (
        LiveViewTestClient(MixinView, path="/mixin/") as client,
        pytest.raises(AssertionError, match=r"answered 302 \(redirect to /accounts/login/\?next="),
    ):
        client.mount()
