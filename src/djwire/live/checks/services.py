"""djwire.V006, shared by the class and source checks: a service object held in public state."""

from __future__ import annotations

from django.core import checks

# Words in a class name that mark a service object (an API client, a session, a pool...).
SERVICE_WORDS = ("Service", "Client", "Session", "API", "Connection")


def view_name(cls: type) -> str:
    """How a check message names a view class."""
    return f"{cls.__module__}.{cls.__qualname__}"


def looks_like_service(kind: type) -> bool:
    """True when the class name reads like a service (``httpx.Client``, ``PaymentService``)."""
    return any(word in kind.__name__ for word in SERVICE_WORDS)


def service_warning(cls: type, name: str, type_name: str, *, location: str = "") -> checks.Warning:
    """The V006 message: ``cls.name`` looks like a service instance stored in state;
    ``location`` is ``"file:line: "`` when found in a method's source."""
    return checks.Warning(
        f"{location}{view_name(cls)}.{name} looks like a service instance ({type_name}) stored "
        "in public state.",
        hint=f"Service objects cannot be saved as view state. Keep it private (self._{name}), "
        "create it in a helper method, or inject it with live_session().",
        obj=cls,
        id="djwire.V006",
    )
