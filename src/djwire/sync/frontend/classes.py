"""A routed channel as a TypeScript class: ``class BlogPostChannel extends
ContextChannel<BlogPostType, BlogPostChannelRuntimeState>``, its constructor taking the
route's URL kwargs and an auth token, one async method per ``@action`` (inherited ones too),
and per ``Meta.writable`` serializer and operation a typed write: ``saveComment(id, data)``,
``createComment(parentId, data)``, ``deleteComment(id)``."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from djwire.sync.actions import KIND as ACTION
from djwire.sync.frontend.hints import HintWriter
from djwire.sync.frontend.routes import ChannelRoute
from djwire.sync.frontend.serializers import pk_type, type_name
from djwire.sync.frontend.typescript import FrontendError, camel, string_literal
from djwire.sync.operations import CREATE, DELETE, SAVE
from djwire.transport.callables import is_callable_as

# Members of @djwire/client's ContextChannel an action's method must not hide.
RESERVED = frozenset(
    {
        "call",
        "callWith",
        "close",
        "connect",
        "connected",
        "constructor",
        "create",
        "delete",
        "many",
        "runtimeState",
        "save",
        "state",
        "subscribe",
        "unsubscribe",
    }
)


def actions_of(channel: type) -> list[tuple[str, Callable[..., Any]]]:
    """The channel's ``@action`` methods, its bases' included, in definition order (the base's
    first, an override in its base's place)."""
    found: dict[str, Callable[..., Any]] = {}
    for klass in reversed(channel.__mro__):
        for name, value in vars(klass).items():
            if is_callable_as(value, ACTION):
                found[name] = value
            elif name in found:  # overridden by something that is no action
                del found[name]
    return list(found.items())


class ClassWriter:
    """Writes the channel classes of one app; the TypedDicts they use go in ``hints``'s
    declarations (the channels file), the serializer types are imported."""

    def __init__(self, hints: HintWriter, socket_url: str | None) -> None:
        self.hints = hints
        self.socket_url = socket_url

    def runtime_state(self, channel: type) -> str:
        """The ``<Channel>RuntimeState`` declaration (an empty record without RuntimeState)."""
        name = f"{channel.__name__}RuntimeState"
        runtime = getattr(channel, "RuntimeState", None)
        if runtime is None:
            return f"export type {name} = Record<string, never>;\n"
        if not typing.is_typeddict(runtime):
            raise FrontendError(
                f"{channel.__qualname__}.RuntimeState must be a TypedDict "
                f"(class RuntimeState(TypedDict): ...)"
            )
        return self.hints.interface(name, runtime, f"{channel.__qualname__}.RuntimeState")

    def channel_class(self, route: ChannelRoute, state_type: str) -> str:
        channel = route.channel
        name = channel.__name__
        many = "true" if channel.many else "false"
        state = f"{state_type}[]" if channel.many else state_type
        params = [f"{camel(k.name)}: {k.ts_type}" for k in route.kwargs] + ["token?: string"]
        kwargs = ", ".join(f"{k.name}: {camel(k.name)}" for k in route.kwargs)
        url = "null" if self.socket_url is None else string_literal(self.socket_url)
        lines = [
            *_doc(channel, ""),
            f"export class {name} extends ContextChannel<{state}, {name}RuntimeState> {{",
            f"  static readonly channelName = {string_literal(channel.name)};",
            f"  static readonly endpoint = {string_literal(route.route)};",
            f"  static readonly socketUrl: string | null = {url};",
            "",
            f"  constructor({', '.join(params)}) {{",
            f"    super({{ name: {name}.channelName, socketUrl: {name}.socketUrl, "
            f"many: {many} }}, {{ {kwargs} }}, token);",
            "  }",
        ]
        methods = set()
        for action_name, method in actions_of(channel):
            lines += ["", *self._method(channel, action_name, method)]
            methods.add(camel(action_name))
        for write_name, write_lines in _writes(channel):
            if write_name in methods:
                raise FrontendError(
                    f"{channel.__qualname__}: the action {write_name}() has the name of the "
                    f"write method Meta.writable gives; rename the action"
                )
            lines += ["", *write_lines]
        lines.append("}")
        return "\n".join(line.rstrip() if line.strip() else "" for line in lines) + "\n"

    def _method(self, channel: type, action_name: str, method: Callable[..., Any]) -> list[str]:
        where = f"{channel.__qualname__}.{action_name}"
        ts_name = camel(action_name)
        if ts_name in RESERVED:
            raise FrontendError(
                f"{where}: the action's TypeScript method {ts_name}() would hide "
                f"ContextChannel.{ts_name}; rename the action"
            )
        try:
            hints = typing.get_type_hints(method)
        except Exception as error:
            raise FrontendError(f"{where}: its annotations cannot be read: {error}") from None
        params, names = [], []
        for parameter in list(inspect.signature(method).parameters.values())[1:]:
            if parameter.kind not in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
                raise FrontendError(
                    f"{where}: parameter {parameter.name!r} is {parameter.kind.description}; "
                    f"the browser sends an action's params by position: make it a plain one"
                )
            hint = hints.get(parameter.name, inspect.Parameter.empty)
            ts = self.hints.write(hint, f"{where}(parameter {parameter.name!r})", params=True)
            optional = "?" if parameter.default is not inspect.Parameter.empty else ""
            params.append(f"{camel(parameter.name)}{optional}: {ts}")
            names.append(camel(parameter.name))
        result = self.hints.write(
            hints.get("return", inspect.Parameter.empty), f"{where} (its return)"
        )
        return [
            *_doc(method, "  "),
            f"  async {ts_name}({', '.join(params)}): Promise<{result}> {{",
            f"    return this.call<{result}>({string_literal(action_name)}, [{', '.join(names)}]);",
            "  }",
        ]


def _writes(channel: Any) -> list[tuple[str, list[str]]]:
    """The typed write methods of ``Meta.writable``: each serializer's operations, in the
    order SAVE, CREATE, DELETE, over ContextChannel's ``save`` / ``create`` / ``delete``."""
    found = []
    for serializer_class, operations in (getattr(channel.meta, "writable", None) or {}).items():
        name = type_name(serializer_class)
        instance_type = f"{serializer_class.__module__}.{serializer_class.__qualname__}"
        layers = [lr for lr in channel._tree.layers if lr.instance_type == instance_type]
        key, payload, literal = (
            pk_type(layers[0].model),
            f"{name}Payload",
            string_literal(instance_type),
        )
        parents = [lr.parent for lr in layers if lr.parent is not None]
        methods = {
            SAVE: (
                f"Save fields of a {name} row (Meta.writable); resolves with its id.",
                f"save{name}(id: {key}, data: Partial<{payload}>): Promise<{key}>",
                f"this.save<{payload}, {key}>({literal}, id, data)",
            ),
            CREATE: (
                f"Create a {name} row under its parent; resolves with the new id.",
                f"create{name}(parentId: {pk_type(parents[0].model) if parents else key}, "
                f"data: {payload}): Promise<{key}>",
                f"this.create<{payload}, {key}>({literal}, parentId, data)",
            ),
            DELETE: (
                f"Delete a {name} row (Meta.writable).",
                f"delete{name}(id: {key}): Promise<void>",
                f"this.delete({literal}, id)",
            ),
        }
        for operation in (SAVE, CREATE, DELETE):
            if operation not in operations or (operation == CREATE and not parents):
                continue
            doc, signature, call = methods[operation]
            lines = [f"  /** {doc} */", f"  async {signature} {{", f"    return {call};", "  }"]
            found.append((signature.split("(", 1)[0], lines))
    return found


def _doc(obj: Any, indent: str) -> list[str]:
    """The first paragraph of ``obj``'s own docstring as a JSDoc comment."""
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else obj.__doc__
    if not doc:
        return []
    paragraph = inspect.cleandoc(doc).split("\n\n")[0].replace("*/", "* /")
    return [f"{indent}/** {' '.join(paragraph.split())} */"]
