"""The first response of a LiveView page against plain Django rendering the same template.

    .venv/bin/python bench/first_response.py                 # 1,000, 10,000 and 100,000 rows
    .venv/bin/python bench/first_response.py 1000 --browser  # + the client's read in Chromium

For each size, in the same run and interleaved: (1) plain Django: a view that builds the same
rows as the bench's TableView.mount() and renders the same template; (2) djwire's HTTP render of
TableView (mount, render, the page's tree). Bytes of the response, median wall and CPU time
of the GET (on a shared machine the CPU time is what compares; the ratio uses it).
"before" is what the page weighed when it embedded the whole tree as JSON beside the HTML
(computed from the same render). Then the join right after it (the test client, a real
socket in memory): its reply must not resend the page. With --browser: the time the client
takes in Debian's Chromium to read the tree back from the page (its bundle run on the loaded
page), against JSON.parse of the whole tree (what it did before), in the same browser.
Results go to bench/results/first_response-<date>.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import pathlib
import statistics
import sys
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.sessions.backends.cache import SessionStore  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from bench.benchapp.views import TableView  # noqa: E402
from djwire.live.handoff import get_handoffs  # noqa: E402
from djwire.live.providers import http_view_for  # noqa: E402
from djwire.live.readback import read_tree  # noqa: E402
from djwire.testing import AsyncLiveViewTestClient  # noqa: E402

SCRIPT_START = '<script type="application/json" dj-tree>'
SCRIPT_END = "</script>"


def _request() -> Any:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


def plain_django(size: int) -> str:
    """A plain Django view of the same page: the same rows, the same template."""
    view = TableView()
    view.mount(None, size=size)
    context = {"rows": view.rows, "counter": 0, "view": view}
    return str(get_template(TableView.template_name).render(context, _request()))


def djwire_page(size: int) -> str:
    view = http_view_for(TableView, "/")
    response = view(_request(), size=size)
    get_handoffs()._held.clear()  # the join is measured apart; keep memory flat
    return str(response.content.decode())


def embedded_whole_tree(html: str) -> int:
    """The bytes of the page if it embedded the whole tree (before issue 13)."""
    start = html.index(SCRIPT_START)
    end = html.index(SCRIPT_END, start) + len(SCRIPT_END)
    page = orjson.loads(html[start + len(SCRIPT_START) : end - len(SCRIPT_END)])
    tree = read_tree(page, html, end)
    whole = orjson.dumps(tree).replace(b"<", b"\\u003c")
    return len(html.encode()) - (end - start) + len(SCRIPT_START) + len(whole) + len(SCRIPT_END)


def timed(work: Any, *args: Any) -> tuple[float, float, Any]:
    """Wall time and this process's CPU time of ``work`` (the render is one thread's work: on
    a machine shared with other jobs, CPU time is what still compares)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = work(*args)
    return time.perf_counter() - start, time.process_time() - cpu, result


async def join_after(size: int) -> tuple[int, bool]:
    client = AsyncLiveViewTestClient(TableView)
    reply = await client.mount(size=size, join_timeout=60)
    join_bytes = len(orjson.dumps(client.frames[-1]))
    await client.close()
    return join_bytes, "t" in reply


def measure(size: int, repeat: int) -> dict[str, Any]:
    plain_times, djwire_times, plain_cpu, djwire_cpu = [], [], [], []
    plain_html = page_html = ""
    for _ in range(repeat):
        seconds, cpu, plain_html = timed(plain_django, size)
        plain_times.append(seconds)
        plain_cpu.append(cpu)
        seconds, cpu, page_html = timed(djwire_page, size)
        djwire_times.append(seconds)
        djwire_cpu.append(cpu)
    join_bytes, join_resends = asyncio.run(join_after(size))
    plain_bytes, page_bytes = len(plain_html.encode()), len(page_html.encode())
    plain_ms = statistics.median(plain_times) * 1000
    djwire_ms = statistics.median(djwire_times) * 1000
    plain_cpu_ms = statistics.median(plain_cpu) * 1000
    djwire_cpu_ms = statistics.median(djwire_cpu) * 1000
    return {
        "rows": size,
        "repeat": repeat,
        "plain_bytes": plain_bytes,
        "djwire_bytes": page_bytes,
        "bytes_ratio": page_bytes / plain_bytes,
        "before_bytes": embedded_whole_tree(page_html),
        "plain_ms": plain_ms,
        "djwire_ms": djwire_ms,
        "time_ratio": djwire_ms / plain_ms,
        "plain_cpu_ms": plain_cpu_ms,
        "djwire_cpu_ms": djwire_cpu_ms,
        "cpu_ratio": djwire_cpu_ms / plain_cpu_ms,
        "join_reply_bytes": join_bytes,
        "join_resends_page": join_resends,
        "_page": page_html,
    }


def browser_read(results: list[dict[str, Any]]) -> None:
    from playwright.sync_api import sync_playwright

    bundle = (ROOT / "src/djwire/static/djwire/djwire.js").read_text()
    no_socket = "window.WebSocket = class { constructor() {} send() {} close() {} };"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for result in results:
            html = result["_page"]
            start = html.index(SCRIPT_START)
            end = html.index(SCRIPT_END, start) + len(SCRIPT_END)
            whole = orjson.dumps(read_tree(orjson.loads(html[start + 40 : end - 9]), html, end))
            reads, parses = [], []
            for _ in range(5):
                page = browser.new_page()
                page.add_init_script(no_socket)
                page.set_content(html.replace('<script src="/static/djwire/djwire.js"', "<x"))
                reads.append(
                    page.evaluate(
                        "(src) => { const t = performance.now(); (0, eval)(src);"
                        " const ms = performance.now() - t;"
                        " return window.djwire.views[0].tree === null ? -1 : ms; }",
                        bundle,
                    )
                )
                parses.append(
                    page.evaluate(
                        "(s) => { const t = performance.now(); JSON.parse(s);"
                        " return performance.now() - t; }",
                        whole.decode(),
                    )
                )
                page.close()
            result["browser_read_ms"] = statistics.median(reads)
            result["browser_json_parse_before_ms"] = statistics.median(parses)
        browser.close()


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| rows | plain Django: bytes, GET wall / CPU | djwire: bytes, GET wall / CPU "
        "| bytes ratio | CPU ratio (wall) | before (whole tree embedded) "
        "| join reply, resends the page? |",
        "|---:|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['plain_bytes']:,} B, {r['plain_ms']:.0f} / "
            f"{r['plain_cpu_ms']:.0f} ms | {r['djwire_bytes']:,} B, {r['djwire_ms']:.0f} / "
            f"{r['djwire_cpu_ms']:.0f} ms | {r['bytes_ratio']:.3f}x "
            f"| {r['cpu_ratio']:.2f}x ({r['time_ratio']:.2f}x) | {r['before_bytes']:,} B "
            f"({r['before_bytes'] / r['plain_bytes']:.2f}x) "
            f"| {r['join_reply_bytes']} B, {'yes' if r['join_resends_page'] else 'no'} |"
        )
    if any("browser_read_ms" in r for r in results):
        lines.append("")
        lines.append(
            "| rows | the client starts, reading the tree back | before: JSON.parse of it |"
        )
        lines.append("|---:|---:|---:|")
        for r in results:
            lines.append(
                f"| {r['rows']:,} | {r['browser_read_ms']:.1f} ms "
                f"| {r['browser_json_parse_before_ms']:.1f} ms |"
            )
    return "\n".join(lines)


def main() -> None:
    args = sys.argv[1:]
    browser = "--browser" in args
    sizes = [int(a) for a in args if a.isdigit()] or [1000, 10_000, 100_000]
    results = [measure(size, 9 if size <= 1000 else 5 if size <= 10_000 else 3) for size in sizes]
    if browser:
        browser_read(results)
    for result in results:
        del result["_page"]
    print(table(results))
    out = ROOT / "bench" / "results" / f"first_response-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
