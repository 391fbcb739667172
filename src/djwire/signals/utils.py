"""Validators for the parameters of signals, used as annotations, and the topic-name hash.

A browser sends text and JSON; a signal annotates a parameter with one of these to check and
convert it before the function runs (df_websockets' ``utils``)::

    @signal(is_allowed_to=everyone)
    def rename(window_info, title: RE(r"^[a-z]+$"), size: Choice(["s", "m"]) = "s"): ...

A value that does not fit raises ValueError saying why; djwire.transport.callables turns it into
the error reply the browser gets, e.g. ``parameter 'title': expected RE('^[a-z]+$') (does not
match), got 'X1'``, and the function is not called.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


def _caster_name(caster: Callable[[Any], Any]) -> str:
    return str(getattr(caster, "__name__", None) or repr(caster))


def _cast(caster: Callable[[Any], Any] | None, value: Any) -> Any:
    if caster is None:
        return value
    try:
        return caster(value)
    except (ValueError, TypeError, ArithmeticError) as error:
        reason = f": {error}" if str(error) else ""
        raise ValueError(f"{_caster_name(caster)}() refused {value!r}{reason}") from None


class RE:
    """A text matching ``pattern`` (``re.match``: anchored at the start, add ``$`` for the end).

    The value is the first group when the pattern has groups, else the whole text; ``caster``
    (``int``, ...) is then applied to it: ``RE(r"^(\\d+)px$", caster=int)`` turns ``"12px"``
    into ``12``.
    """

    def __init__(
        self, pattern: str, caster: Callable[[Any], Any] | None = None, flags: int = 0
    ) -> None:
        self.pattern = pattern
        self.caster = caster
        self.flags = flags
        self.regex = re.compile(pattern, flags)

    def __call__(self, value: Any) -> Any:
        if value is None:
            raise ValueError("no value")
        if isinstance(value, list | dict):
            kind = "list" if isinstance(value, list) else "object"
            raise ValueError(f"expected a text, got a {kind}")
        # Numbers and booleans arrive as JSON; they are matched as the text the browser shows.
        text = str(value).lower() if isinstance(value, bool) else str(value)
        match = self.regex.match(text)
        if match is None:
            raise ValueError("does not match")
        result = match.group(1) if self.regex.groups else text
        return _cast(self.caster, result)

    def __repr__(self) -> str:
        extra = ""
        if self.caster is not None:
            extra += f", caster={_caster_name(self.caster)}"
        if self.flags:
            extra += f", flags={re.RegexFlag(self.flags)!s}"
        return f"RE({self.pattern!r}{extra})"


class Choice:
    """One of ``values``, compared after ``caster`` (``Choice([1, 2, 3], caster=int)``)."""

    def __init__(self, values: Iterable[Any], caster: Callable[[Any], Any] | None = None) -> None:
        self.values = tuple(values)
        self.caster = caster
        try:
            self._lookup: frozenset[Any] | tuple[Any, ...] = frozenset(self.values)
        except TypeError:  # unhashable choices (lists): compared one by one
            self._lookup = self.values

    def __call__(self, value: Any) -> Any:
        value = _cast(self.caster, value)
        try:
            found = value in self._lookup
        except TypeError:  # an unhashable value (a list from the browser) is never a choice
            found = False
        if not found:
            raise ValueError("not one of " + ", ".join(repr(v) for v in self.values))
        return value

    def __repr__(self) -> str:
        caster = f", caster={_caster_name(self.caster)}" if self.caster is not None else ""
        return f"Choice({list(self.values)!r}{caster})"


class SerializedForm:
    """A bound ``form_cls`` from a form the browser serialized as ``[{name, value}, ...]``.

    That is what ``data-df-signal``'s ``"form"`` option sends (jQuery's ``serializeArray``
    style; a name may repeat, for a multiple select). A browser only sends the *name* of a file:
    a FileField gets a 1-byte file of that name, enough for ``required`` and file-name checks,
    never the content. ``None`` (no form sent) gives an unbound form when ``allow_none``.
    Extra arguments are passed to the form (``SerializedForm(F)(data, prefix="a")``).
    """

    def __init__(self, form_cls: type[forms.BaseForm], allow_none: bool = True) -> None:
        self.form_cls = form_cls
        self.allow_none = allow_none

    def __call__(self, value: Any, *args: Any, **kwargs: Any) -> forms.BaseForm:
        if value is None:
            if self.allow_none:
                return self.form_cls(*args, **kwargs)
            raise ValueError("no form was sent")
        if not isinstance(value, list) or not all(
            isinstance(item, dict) and "name" in item for item in value
        ):
            raise ValueError("expected a serialized form: a list of {name, value} objects")
        prefix = kwargs.get("prefix", self.form_cls.prefix)
        file_names = {
            f"{prefix}-{name}" if prefix else name
            # Declared by the form's metaclass (Form and ModelForm alike), not by BaseForm.
            for name, field in getattr(self.form_cls, "base_fields", {}).items()
            if isinstance(field, forms.FileField)
        }
        data = QueryDict(mutable=True)
        files: MultiValueDict[str, Any] = MultiValueDict()
        for item in value:
            name, item_value = str(item["name"]), item.get("value")
            if name in file_names:
                if item_value:  # "" is a file input with no file chosen
                    files.appendlist(name, _placeholder_file(name, str(item_value)))
                continue
            if item_value is not None:
                data.appendlist(name, str(item_value))
        return self.form_cls(data, files, *args, **kwargs)

    def __repr__(self) -> str:
        allow_none = "" if self.allow_none else ", allow_none=False"
        return f"SerializedForm({self.form_cls.__qualname__}{allow_none})"


def _placeholder_file(field_name: str, file_name: str) -> InMemoryUploadedFile:
    return InMemoryUploadedFile(
        io.BytesIO(b"\0"),
        field_name=field_name,
        name=file_name,
        content_type="application/octet-stream",
        size=1,
        charset=None,
    )


def valid_topic_name(topic: str | bytes) -> str:
    """The SHA-256 hex digest of a serialized topic: a name any channel layer accepts."""
    data = topic.encode() if isinstance(topic, str) else topic
    return hashlib.sha256(data).hexdigest()
