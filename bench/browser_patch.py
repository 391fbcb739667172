"""What an event costs in the browser: from sending it to the page showing the change.

    .venv/bin/python bench/browser_patch.py            # 1,000 and 10,000 rows

Chromium (Debian's, headless) opens the bench table view with N keyed rows; the page sends an
event that changes one row's price (its handler runs on the server) and the time until the
row shows the new price is measured in the page (median of 20). The server's share is the
same event measured in-process by bench/event_roundtrip.py; the rest is the socket and the
client's merge and DOM patch. The baseline, measured in the same run, is the browser
replacing the whole table's HTML with innerHTML (what a full re-render costs the page).
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import statistics
import sys
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from push_fanout import Server  # noqa: E402

CHROMIUM = dict(
    executable_path="/usr/bin/chromium",
    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
)
MEASURE = """async ([index, rounds]) => {
  const view = window.djwire.views[0];
  const cell = () => document.querySelectorAll("tbody tr")[index].children[2];
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const price = `${i}.75`;
    const start = performance.now();
    const shown = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (cell().textContent === price) { watch.disconnect(); resolve(); }
      });
      const what = {subtree: true, childList: true, characterData: true};
      watch.observe(document.querySelector("tbody"), what);
    });
    view.pushEvent("set_price", {index, price});
    await shown;
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20));
  }
  const html = document.querySelector("tbody").innerHTML;
  const full = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    document.querySelector("tbody").innerHTML = html;
    document.body.offsetHeight;  // force layout, as a real page would
    full.push(performance.now() - start);
  }
  return {times, full, patches: view.patches};
}"""


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000]
    server = Server()
    results: list[dict[str, Any]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**CHROMIUM)
            for size in sizes:
                page = browser.new_page()
                page.goto(f"{server.base}/table/{size}/")
                page.wait_for_function(
                    "window.djwire.views.length && window.djwire.views[0].joined"
                )
                measured = page.evaluate(MEASURE, [size // 2, 20])
                results.append(
                    {
                        "rows": size,
                        "event_to_dom_ms": median(measured["times"]),
                        "baseline_full_innerhtml_ms": median(measured["full"]),
                        "patches": measured["patches"],
                    }
                )
                page.close()
            browser.close()
    finally:
        server.stop()
    head = f"{'rows':>7} | {'event → row shown':>18} | {'baseline: tbody innerHTML':>26} | path"
    print(head)
    for r in results:
        path = f"{r['patches']['rows']} row patches, {r['patches']['whole']} whole"
        print(
            f"{r['rows']:>7} | {r['event_to_dom_ms']:>15.1f} ms | "
            f"{r['baseline_full_innerhtml_ms']:>23.1f} ms | {path}"
        )
    out = ROOT / "bench" / "results" / f"browser_patch-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps({"results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
