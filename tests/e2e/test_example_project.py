"""The example project as a newcomer meets it: an index that links every demo, and a push_alert
command that says one thing about what it did."""

import re
import subprocess
import sys
import urllib.request

import pytest
from tests.e2e.conftest import EXAMPLE

pytestmark = pytest.mark.e2e

ROUTES = """
from django.urls import URLPattern, get_resolver
for p in get_resolver().url_patterns:
    if isinstance(p, URLPattern):
        print(str(p.pattern))
"""


def test_the_index_links_every_demo_page(server):
    routes = server.manage("shell", "--no-imports", "-c", ROUTES).split()
    with urllib.request.urlopen(server.url("/"), timeout=10) as response:
        html = response.read().decode()
    links = set(re.findall(r'href="(/[^"]*)"', html))
    # A route with parameters is linked when a link starts with its fixed part (notes/1/).
    missing = [
        route
        for route in routes
        if route and not any(link.startswith("/" + route.split("<")[0]) for link in links)
    ]
    assert "services/" in routes and "/services/" in links
    assert missing == []


def test_push_alert_without_redis_says_once_that_nothing_was_sent(server):
    result = subprocess.run(
        [sys.executable, "manage.py", "push_alert", "Deploy at 5 pm"],
        cwd=EXAMPLE,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == 1
    assert len(output) == 1, output
    assert "Not sent: the in-memory channel layer lives in one process" in output[0]
    assert "DJWIRE_EXAMPLE_REDIS=redis://127.0.0.1:6379/0" in output[0]
