"""Which dynamic values of a template the browser can read back from the page it parsed.

The HTTP page does not repeat the values of the rendered tree beside the HTML (that made the
first response ~1.7x the plain page): the client rebuilds the tree from the DOM. A value can
be read back only where the DOM keeps it whole and alone: the only dynamic part of an
element's text (``<td>{{ row.name }}</td>``, static text around it allowed) or of a quoted
attribute value (``dj-key="{{ row.id }}"``). Anything else (two values in one text, a value in
a ``<script>``, in a tag name, in an unquoted attribute, in a comment, text directly inside a
``<table>`` that the parser moves out of it) is sent in the page's stream instead
(template/page.py).

This is decided once per template, from its statics, by a small HTML tokenizer that is only
as exact as it needs to be: what it wrongly calls readable, the client finds out (the page's
DOM does not have the shape the statics spell) and then asks the join for the whole tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from djwire.live.template.compile import Block, ExprPart, ForPart, IfPart

# Elements whose text the DOM does not hold as it was written (raw text: entities are not
# decoded), that hold no text (void), or whose text the parser moves elsewhere (tables).
_RAW_TEXT = frozenset(
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]
)
_NOT_TEXT_HOLDERS = _RAW_TEXT | {
    *("plaintext", "template", "select", "html", "head", "frameset"),
    *("table", "tbody", "thead", "tfoot", "tr", "colgroup"),
    *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"),
    *("track", "wbr"),
}

DATA, TAG_NAME, TAG, ATTR_NAME, AFTER_NAME, BEFORE_VALUE, ATTR_DQ, ATTR_SQ, ATTR_UNQ = range(9)
RAW, COMMENT, MARKUP, UNKNOWN = range(9, 13)


@dataclass
class _Scan:
    """The tokenizer's position, carried from static to static across dynamic parts."""

    state: int = DATA
    name: str = ""  # the tag being read, or the raw-text element the text is in
    closing: bool = False  # the tag being read is an end tag
    text_owner: str | None = None  # the start tag after which only static text came
    quote_here: bool = False  # the open attribute value started in the current static

    def key(self) -> tuple[int, str]:
        return (self.state, self.name if self.state in (RAW, TAG_NAME) else "")

    def copy(self) -> _Scan:
        return _Scan(self.state, self.name, self.closing)


def mark_readable(block: Block) -> None:
    """Set ``readable`` on every block of the template: the indexes of its parts whose values
    the client reads from the DOM."""
    _analyse(block, _Scan())


def _analyse(block: Block, scan: _Scan) -> _Scan:
    readable: list[int] = []
    for index, static in enumerate(block.statics):
        pending: int | None = None
        owner: str | None = None
        if index:
            part = block.parts[index - 1]
            if isinstance(part, ExprPart):
                if scan.state == DATA and scan.text_owner is not None:
                    pending, owner = index - 1, scan.text_owner
                elif scan.state in (ATTR_DQ, ATTR_SQ) and scan.quote_here:
                    pending = index - 1
            elif isinstance(part, IfPart):
                scan = _analyse_if(part, scan)
            elif isinstance(part, ForPart):
                scan = _analyse_for(part, scan)
            scan.text_owner = None
            scan.quote_here = False
        closed = _Feed(scan, static, owner).run()
        if pending is not None and closed:
            readable.append(pending)
    block.readable = tuple(readable)
    return scan


def _analyse_if(part: IfPart, scan: _Scan) -> _Scan:
    ends = {_analyse(branch, scan.copy()).key() for _cond, branch in part.branches}
    return scan.copy() if ends <= {scan.key()} else _Scan(UNKNOWN)


def _analyse_for(part: ForPart, scan: _Scan) -> _Scan:
    # A row starts where the loop does, or where the row before it ended: both must agree.
    if _analyse(part.body, scan.copy()).key() != scan.key():
        _analyse(part.body, _Scan(UNKNOWN))
        return _Scan(UNKNOWN)
    if part.empty is not None and _analyse(part.empty, scan.copy()).key() != scan.key():
        return _Scan(UNKNOWN)
    return scan.copy()


class _Feed:
    """Advance a scan over one static. ``closed`` tells whether the value just before it
    (the text of element ``owner``, or else an attribute value) ends in it, alone."""

    def __init__(self, scan: _Scan, text: str, owner: str | None) -> None:
        self.scan, self.text, self.owner = scan, text, owner
        self.watching = True
        self.closed = False

    def run(self) -> bool:
        scan, text = self.scan, self.text
        i, n = 0, len(text)
        while i < n and scan.state != UNKNOWN:
            i = self.step(scan, text, i)
        return self.closed

    def step(self, scan: _Scan, text: str, i: int) -> int:
        ch, state = text[i], scan.state
        if state == DATA:
            return self.data(scan, text, i)
        if state == TAG_NAME:
            if ch.isspace() or ch == "/":
                scan.state = TAG
            elif ch == ">":
                self.end_of_tag(scan)
            else:
                scan.name += ch.lower()
        elif state in (TAG, AFTER_NAME):
            if ch == ">":
                self.end_of_tag(scan)
            elif ch == "=" and state == AFTER_NAME:
                scan.state = BEFORE_VALUE
            elif not ch.isspace() and ch != "/":
                scan.state = ATTR_NAME
        elif state == ATTR_NAME:
            if ch == "=":
                scan.state = BEFORE_VALUE
            elif ch == ">":
                self.end_of_tag(scan)
            elif ch.isspace() or ch == "/":
                scan.state = AFTER_NAME
        elif state == BEFORE_VALUE:
            if ch in "\"'":
                scan.state = ATTR_DQ if ch == '"' else ATTR_SQ
                scan.quote_here = True
            elif ch == ">":
                self.end_of_tag(scan)
            elif not ch.isspace():
                scan.state = ATTR_UNQ
        elif state in (ATTR_DQ, ATTR_SQ):
            end = text.find('"' if state == ATTR_DQ else "'", i)
            if end < 0:
                return len(text)
            if self.watching and self.owner is None:
                self.closed = True
            self.watching = False
            scan.state, scan.quote_here = TAG, False
            return end + 1
        elif state == ATTR_UNQ:
            if ch.isspace():
                scan.state = TAG
            elif ch == ">":
                self.end_of_tag(scan)
        else:
            return self.skip(scan, text, i)
        return i + 1

    def data(self, scan: _Scan, text: str, i: int) -> int:
        end = text.find("<", i)
        if end < 0:
            return len(text)
        after = text[end + 1 : end + 2]
        opening = after.isalpha()
        closing = after == "/" and text[end + 2 : end + 3].isalpha()
        if opening or closing:
            if self.watching and self.owner is not None:
                tag = f"</{self.owner}"
                self.closed = (
                    closing
                    and text[end : end + len(tag)].lower() == tag
                    and _ends_name(text, end + len(tag))
                )
            scan.state, scan.name, scan.closing = TAG_NAME, "", closing
            self.stop_watching()
            return end + (2 if closing else 1)
        if text.startswith("<!--", end):
            scan.state = COMMENT
            self.stop_watching()
            return end + 4
        if after in ("!", "?"):
            scan.state = MARKUP
            self.stop_watching()
            return end + 2
        return end + 1  # a "<" that opens nothing is text

    def skip(self, scan: _Scan, text: str, i: int) -> int:
        """Raw text, a comment, a doctype: nothing in them is a tag, up to their end."""
        if scan.state == RAW:
            end = text.lower().find(f"</{scan.name}", i)
            if end < 0:
                return len(text)
            scan.state, scan.name, scan.closing = TAG_NAME, "", True
            return end + 2
        marker = "-->" if scan.state == COMMENT else ">"
        end = text.find(marker, i)
        if end < 0:
            return len(text)
        scan.state = DATA
        return end + len(marker)

    def stop_watching(self) -> None:
        self.watching = False
        self.scan.text_owner = None

    def end_of_tag(self, scan: _Scan) -> None:
        name = scan.name
        if not scan.closing and name in _RAW_TEXT:
            scan.state = RAW
            return
        scan.state = DATA
        opens_text = not scan.closing and name not in _NOT_TEXT_HOLDERS
        scan.text_owner = name if opens_text else None
        scan.name = ""


def _ends_name(text: str, at: int) -> bool:
    return at < len(text) and not (text[at].isalnum() or text[at] in "-_:")
