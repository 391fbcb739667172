"""djwire.V006/V008: a scan of the source of ``mount()`` and the event handlers.

An assignment ``self.<public> = <value>`` is reported when the value is a lambda, a generator
expression, ``open(...)``, or a call of a class that view state cannot hold (resolved in the
method's module: ``httpx.Client()``, ``threading.Thread()``, ``range()``, a dataclass...);
as V006 when the class name (or a factory's name, like ``boto3.client``) looks like a service.
Calls that cannot be resolved statically are left alone: no guesses, no false alarms.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
import types
from typing import Any

from django.core import checks

from djwire.codec.types import SUPPORTED_TYPES
from djwire.decorators import is_event_handler
from djwire.live.checks.services import looks_like_service, service_warning
from djwire.live.stateful import is_state_name
from djwire.live.view import LiveView

_FACTORY_WORDS = ("client", "session", "connect")


def scan_methods(cls: type[LiveView]) -> list[checks.CheckMessage]:
    """V006/V008 for ``mount`` and the handlers ``cls`` itself defines."""
    messages: list[checks.CheckMessage] = []
    for name, func in vars(cls).items():
        if not inspect.isfunction(func):
            continue
        if name == "mount" or is_event_handler(func):
            messages.extend(_scan(cls, name, func))
    return messages


def _scan(cls: type, method: str, func: types.FunctionType) -> list[checks.CheckMessage]:
    try:
        lines, first = inspect.getsourcelines(func)
        filename = inspect.getsourcefile(func) or "<unknown>"
    except (OSError, TypeError):
        return []
    tree = ast.parse(textwrap.dedent("".join(lines)))
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef):
        return []
    arguments = definition.args.posonlyargs + definition.args.args
    if not arguments:
        return []
    self_name = arguments[0].arg
    messages: list[checks.CheckMessage] = []
    for node in ast.walk(definition):
        for target, value in _assignments(node):
            if not (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == self_name
            ):
                continue
            attr = target.attr
            if not is_state_name(attr):
                continue
            line = first + getattr(node, "lineno", 1) - 1
            location = f"{filename}:{line}: "
            message = _judge(cls, method, attr, value, func.__globals__, location)
            if message is not None:
                messages.append(message)
    return messages


def _assignments(node: ast.AST) -> list[tuple[ast.expr, ast.expr]]:
    if isinstance(node, ast.Assign):
        pairs: list[tuple[ast.expr, ast.expr]] = []
        for target in node.targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs.extend(zip(target.elts, node.value.elts, strict=False))
            else:
                pairs.append((target, node.value))
        return pairs
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return [(node.target, node.value)]
    return []


def _judge(
    cls: type, method: str, attr: str, value: ast.expr, scope: dict[str, Any], location: str
) -> checks.CheckMessage | None:

    if isinstance(value, ast.Lambda):
        return _non_primitive(cls, method, attr, "a lambda", location)
    if isinstance(value, ast.GeneratorExp):
        return _non_primitive(cls, method, attr, "a generator", location)
    if not isinstance(value, ast.Call):
        return None
    callee = _resolve(value.func, scope)
    if callee is None:
        return None
    if callee is builtins.open:
        return _non_primitive(cls, method, attr, "an open file (open())", location)
    if isinstance(callee, type):
        if _supported(callee):
            return None
        if looks_like_service(callee):
            return service_warning(cls, attr, callee.__qualname__, location=location)
        return _non_primitive(cls, method, attr, f"'{callee.__qualname__}'", location)
    name = getattr(callee, "__name__", "")
    if callable(callee) and any(word in name.lower() for word in _FACTORY_WORDS):
        qualified = f"{getattr(callee, '__module__', '') or ''}.{name}".lstrip(".")
        return service_warning(cls, attr, f"made by {qualified}()", location=location)
    return None


def _supported(kind: type) -> bool:
    if issubclass(kind, SUPPORTED_TYPES):
        return True
    meta = getattr(kind, "_meta", None)
    return meta is not None and hasattr(meta, "concrete_fields")  # a Django model


def _resolve(node: ast.expr, scope: dict[str, Any]) -> Any:
    """The object a callee expression names, through modules and classes only (no code of
    the user's runs), or None."""
    if isinstance(node, ast.Name):
        if node.id in scope:
            return scope[node.id]
        return getattr(builtins, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        if isinstance(owner, types.ModuleType | type):
            return inspect.getattr_static(owner, node.attr, None)
    return None


def _non_primitive(
    cls: type, method: str, attr: str, what: str, location: str
) -> checks.CheckMessage:
    return checks.Warning(
        f"{location}{what} is assigned to self.{attr} in {cls.__qualname__}.{method}(): "
        "view state can only hold plain data.",
        hint=f"If it is not serializable, keep it private (self._{attr}) or re-create it in "
        "the handlers that need it; store only the data it gives in public state.",
        obj=cls,
        id="djwire.V008",
    )
