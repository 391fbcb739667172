"""What an anonymous page load stores: N loads of the example's table page by N new browsers
(no cookies), and the rows they add to ``django_session``.

    .venv/bin/python bench/anonymous_loads.py          # 1,000 loads
    .venv/bin/python bench/anonymous_loads.py 200

The example project in process (Django's test client, through its middleware; its SQLite
database in a temporary file, migrated first). Twice: as the example is configured (the CSRF
middleware on: an anonymous page's tokens are bound to the browser's CSRF cookie), then, as
the baseline of the same run, without the CSRF middleware, where djwire has nothing but a
session to bind a token to and makes one per page load, as every anonymous load did before.
Reported: the new rows and the time the loads took; results go to
bench/results/anonymous_loads-<date>.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "example")]  # this checkout's djwire
os.environ["DJANGO_SETTINGS_MODULE"] = "example_project.settings"
os.environ["DJWIRE_EXAMPLE_DB"] = os.path.join(tempfile.mkdtemp(), "db.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

CSRF = "django.middleware.csrf.CsrfViewMiddleware"


def loads(count: int) -> dict[str, float]:
    before = Session.objects.count()
    start = time.perf_counter()
    for _ in range(count):
        response = Client(HTTP_HOST="127.0.0.1").get("/table/")  # a new browser each time
        assert response.status_code == 200 and b"dj-token" in response.content
    seconds = time.perf_counter() - start
    return {"loads": count, "new_rows": Session.objects.count() - before, "seconds": seconds}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    call_command("migrate", "--noinput", verbosity=0)
    results = {"csrf_cookie": loads(count)}
    without_csrf = [m for m in settings.MIDDLEWARE if m != CSRF]
    with override_settings(MIDDLEWARE=without_csrf):
        results["baseline_session_per_load"] = loads(count)
    print(f"{'anonymous loads of /table/':<44} | {'loads':>6} | {'new rows':>8} | {'time':>8}")
    print("-" * 75)
    for name, label in (
        ("csrf_cookie", "bound to the CSRF cookie (the default)"),
        ("baseline_session_per_load", "baseline: a session made per load"),
    ):
        r = results[name]
        print(f"{label:<44} | {r['loads']:>6} | {r['new_rows']:>8} | {r['seconds']:>6.1f} s")
    out = ROOT / "bench" / "results" / f"anonymous_loads-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], **results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
