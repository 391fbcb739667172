"""The window-info middlewares: each owns some fields, from the request to a dict and back."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django.utils import translation

from djwire import conf
from djwire.signals.window_info import WindowInfo
from djwire.signals.ws_middleware import (
    BrowserMiddleware,
    DjangoAuthMiddleware,
    Djangoi18nMiddleware,
    WindowInfoMiddleware,
    WindowKeyMiddleware,
    new_window_key,
)


def test_the_base_hooks_do_nothing():
    middleware = WindowInfoMiddleware()
    window_info = WindowInfo()
    middleware.from_request(RequestFactory().get("/"), window_info)
    middleware.from_dict(window_info, {"x": 1})
    assert middleware.to_dict(window_info) == {} and middleware.get_context(window_info) == {}


def test_window_keys_are_fresh_and_unguessable():
    keys = {new_window_key() for _ in range(100)}
    assert len(keys) == 100 and all(len(key) >= 20 for key in keys)


def test_window_key_middleware_keeps_the_key_on_the_request():
    request = RequestFactory().get("/")
    window_info = WindowInfo(init=False)
    WindowKeyMiddleware().from_request(request, window_info)
    assert request.djwire_window_key == window_info.window_key


def test_auth_middleware_reads_the_csrf_token_the_csrf_middleware_found():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.COOKIES[settings.CSRF_COOKIE_NAME] = "from-cookie"
    window_info = WindowInfo(init=False)
    DjangoAuthMiddleware().from_request(request, window_info)
    assert window_info.csrf_cookie == "from-cookie"
    request.META["CSRF_COOKIE"] = "from-meta"
    DjangoAuthMiddleware().from_request(request, window_info)
    assert window_info.csrf_cookie == "from-meta"


def test_auth_middleware_without_a_user_on_the_request():
    window_info = WindowInfo(init=False)
    DjangoAuthMiddleware().from_request(RequestFactory().get("/"), window_info)
    assert window_info.is_anonymous and not window_info.user_set


def test_i18n_middleware_uses_the_request_language_and_activates_it_before_a_signal():
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "fr"
    window_info = WindowInfo(init=False)
    middleware = Djangoi18nMiddleware()
    middleware.from_request(request, window_info)
    assert window_info.language_code == "fr"
    with translation.override("en"):
        middleware.before_process(window_info)
        assert translation.get_language() == "fr"
    context = middleware.get_context(window_info)
    assert context["LANGUAGE_CODE"] == "fr" and context["LANGUAGE_BIDI"] is False
    window_info.language_code = "ar"
    assert middleware.get_context(window_info)["LANGUAGE_BIDI"] is True
    with override_settings(LANGUAGES=[("xx", "Custom")]):
        window_info.language_code = "xx"
        assert middleware.get_context(window_info)["LANGUAGE_BIDI"] is False


def test_browser_middleware_round_trip():
    request = RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0")
    window_info = WindowInfo(init=False)
    BrowserMiddleware().from_request(request, window_info)
    again = WindowInfo(init=False)
    BrowserMiddleware().from_dict(again, BrowserMiddleware().to_dict(window_info))
    assert again.user_agent == "Mozilla/5.0"


class TenantMiddleware(WindowInfoMiddleware):
    """The example of the module's docstring."""

    def from_request(self, request, window_info):
        window_info.tenant_id = request.GET.get("tenant")

    def new_window_info(self, window_info):
        window_info.tenant_id = None

    def to_dict(self, window_info):
        return {"tenant_id": window_info.tenant_id}

    def from_dict(self, window_info, values):
        window_info.tenant_id = values.get("tenant_id")


def test_a_project_middleware_carries_more_of_the_request():
    middlewares = [*conf.DEFAULTS["window_info_middlewares"], f"{__name__}.TenantMiddleware"]
    with override_settings(DJWIRE={"window_info_middlewares": middlewares}):
        window_info = WindowInfo.from_request(RequestFactory().get("/?tenant=7"))
        again = WindowInfo.from_dict(window_info.to_dict())
        assert again.tenant_id == "7" and again.window_key == window_info.window_key
        assert WindowInfo().tenant_id is None
