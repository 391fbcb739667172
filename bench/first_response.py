"""The first response of a LiveView page against plain Django rendering the same template.

    .venv/bin/python bench/first_response.py                 # 1,000, 10,000 and 100,000 rows
    .venv/bin/python bench/first_response.py 1000 --browser  # + the client's read in Chromium
    .venv/bin/python bench/first_response.py --browser --baseline OTHER/djwire.js  # A/B bundles

For each size, in the same run and interleaved: (1) plain Django: a view that builds the same
rows as the bench's TableView.mount() and renders the same template; (2) djwire's HTTP render of
TableView (mount, render, the page's tree). Bytes of the response, median wall and CPU time
of the GET (on a shared machine the CPU time is what compares; the ratio uses it).
"before" is what the page weighed when it embedded the whole tree as JSON beside the HTML
(computed from the same render). Then the join right after it (the test client, a real
socket in memory): its reply must not resend the page. With --browser, in Debian's Chromium,
interleaved: the client's start (its bundle run on the loaded page; the renderer main thread's
CPU time and, in brackets, the wall time), on the page and on the page without its tree (the
start without the read-back: the difference is the read-back's CPU), the same with the bundle
of --baseline (another checkout's, A/B), and the client before the read-back (git show
a20287f^) on the page as it was then (the whole tree embedded); and JSON.parse of the whole
tree alone (what the client did before instead of reading the tree back).
Results go to bench/results/first_response-<date>.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import pathlib
import re
import statistics
import subprocess
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


# The last client that parsed the whole tree embedded in the page (before issue 13's read-back).
BEFORE_READBACK = "a20287f^"
BUNDLE = "src/djwire/static/djwire/djwire.js"
NO_SOCKET = "window.WebSocket = class { constructor() {} send() {} close() {} };"
START = (
    "(src) => { const t = performance.now(); (0, eval)(src);"
    " return [performance.now() - t, window.djwire.views[0].tree !== null]; }"
)


def bundle_before_readback() -> str | None:
    found = subprocess.run(
        ["git", "show", f"{BEFORE_READBACK}:{BUNDLE}"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout if found.returncode == 0 else None


def browser_starts(cases: dict[str, tuple[str, str]], repeat: int) -> dict[str, Any]:
    """For each case (page HTML, bundle), interleaved: the bundle run on the loaded page, its
    wall time in the page and the renderer main thread's CPU time (CDP's task durations in
    thread ticks: on a shared machine the wall time also counts the waits for a core)."""
    from playwright.sync_api import sync_playwright

    walls: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

    def cpu_ms(cdp: Any) -> float:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration") * 1000

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(repeat):
            for name, (html, bundle) in cases.items():
                page = browser.new_page()
                page.set_default_timeout(600_000)
                cdp = page.context.new_cdp_session(page)
                cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                page.add_init_script(NO_SOCKET)
                page.set_content(html)
                page.evaluate("() => 0")  # the page's own tasks done
                before = cpu_ms(cdp)
                wall, has_tree = page.evaluate(START, bundle)
                cpus[name].append(cpu_ms(cdp) - before)
                walls[name].append(wall)
                page.close()
                if not has_tree and not name.endswith("no tree"):
                    raise AssertionError(f"{name}: the client holds no tree")
        browser.close()
    return {
        name: {"wall_ms": statistics.median(walls[name]), "cpu_ms": statistics.median(cpus[name])}
        for name in cases
    }


def json_parse_ms(whole: str, repeat: int) -> float:
    """JSON.parse of the whole tree in the page (what the client did before): its wall time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        parse = (
            "(s) => { const t = performance.now(); JSON.parse(s); return performance.now() - t; }"
        )
        times = [page.evaluate(parse, whole) for _ in range(repeat)]
        browser.close()
    return statistics.median(times)


def browser_read(results: list[dict[str, Any]], baseline: pathlib.Path | None) -> None:
    """The client's start on each page: this bundle, the baseline's (another checkout's) and
    the client before the read-back on the page as it was then (the whole tree embedded);
    this bundle on the page without its tree gives the start without the read-back."""
    bundle = (ROOT / BUNDLE).read_text()
    before = bundle_before_readback()
    for result in results:
        html = re.sub(r'<script src="/static/djwire/[^"]*"[^>]*></script>', "", result["_page"])
        start = html.index(SCRIPT_START)
        end = html.index(SCRIPT_END, start) + len(SCRIPT_END)
        tree = read_tree(
            orjson.loads(html[start + len(SCRIPT_START) : end - len(SCRIPT_END)]), html, end
        )
        whole = orjson.dumps(tree).decode()
        cases = {"this": (html, bundle), "this, no tree": (html[:start] + html[end:], bundle)}
        if baseline is not None:
            cases["baseline"] = (html, baseline.read_text())
        if before is not None:
            embedded = whole.replace("<", "\\u003c")
            old_page = html[: start + len(SCRIPT_START)] + embedded + html[end - len(SCRIPT_END) :]
            cases["before"] = (old_page, before)
        rows = result["rows"]
        starts = browser_starts(cases, 7 if rows <= 10_000 else 3)
        result["browser"] = starts
        result["browser_read_ms"] = starts["this"]["wall_ms"]
        result["browser_read_cpu_ms"] = starts["this"]["cpu_ms"] - starts["this, no tree"]["cpu_ms"]
        result["browser_json_parse_before_ms"] = json_parse_ms(whole, 5)


def _start(result: dict[str, Any], name: str) -> str:
    found = result["browser"].get(name)
    return "-" if found is None else f"{found['cpu_ms']:.1f} ms ({found['wall_ms']:.1f})"


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
    if any("browser" in r for r in results):
        lines.append("")
        lines.append(
            "| rows | the client starts: this, CPU (wall) | without the read-back "
            "| the read-back, CPU | baseline | before: the old client, its page "
            "| before: JSON.parse of the tree |"
        )
        lines.append("|---:|---:|---:|---:|---:|---:|---:|")
        for r in results:
            lines.append(
                f"| {r['rows']:,} | {_start(r, 'this')} | {_start(r, 'this, no tree')} "
                f"| {r['browser_read_cpu_ms']:.1f} ms | {_start(r, 'baseline')} "
                f"| {_start(r, 'before')} | {r['browser_json_parse_before_ms']:.1f} ms |"
            )
    return "\n".join(lines)


def main() -> None:
    args = sys.argv[1:]
    browser = "--browser" in args
    baseline = None
    if "--baseline" in args:
        baseline = pathlib.Path(args[args.index("--baseline") + 1]).resolve()
        args.remove(str(args[args.index("--baseline") + 1]))
    sizes = [int(a) for a in args if a.isdigit()] or [1000, 10_000, 100_000]
    results = [measure(size, 9 if size <= 1000 else 5 if size <= 10_000 else 3) for size in sizes]
    if browser:
        browser_read(results, baseline)
    for result in results:
        del result["_page"]
    print(table(results))
    out = ROOT / "bench" / "results" / f"first_response-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
