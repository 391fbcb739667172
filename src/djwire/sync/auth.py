"""Who joins a channel: the socket's session user, or the user a credential names.

A join without a credential is the page's own user (the Django session of the socket, as
Channels' ``AuthMiddlewareStack`` put it in the scope). A join with one (RxDjango's first frame
``{"token": ...}``, or ``auth`` in a page's join) is resolved by
``DJWIRE["sync_authenticator"]``, a callable ``(scope, credential) -> user or None``: DRF's
``Token`` by default, a JWT decoder of the project's for the like.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.module_loading import import_string

from djwire import conf
from djwire.sync.protocol import ERROR_UNAUTHORIZED
from djwire.transport.errors import ProtocolError


def authenticate(scope: dict[str, Any], credential: Any) -> Any:
    """The user of a join (runs in a database thread); ProtocolError(unauthorized) for a
    credential the authenticator refuses."""
    if credential is None:
        return scope.get("user") or AnonymousUser()
    setting = conf.get("sync_authenticator")
    authenticator = import_string(setting) if isinstance(setting, str) else setting
    user = authenticator(scope, credential)
    if user is None or not getattr(user, "is_authenticated", False):
        raise ProtocolError(ERROR_UNAUTHORIZED, "the join's credential was not accepted")
    return user


def token_authenticator(scope: dict[str, Any], credential: Any) -> Any:
    """The active user of a DRF ``Token`` key (RxDjango's authentication), or None."""
    from django.apps import apps

    if not apps.is_installed("rest_framework.authtoken"):
        raise ProtocolError(
            ERROR_UNAUTHORIZED,
            "token authentication needs 'rest_framework.authtoken' in INSTALLED_APPS "
            "(or set DJWIRE['sync_authenticator'] to your own authenticator)",
        )
    from rest_framework.authtoken.models import Token

    if not isinstance(credential, str) or not credential:
        return None
    token = Token.objects.select_related("user").filter(key=credential).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
