"""The example project as a newcomer meets it: an index that links every demo, and a push_alert
command that says one thing about what it did."""

import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from importlib.metadata import packages_distributions

import pytest
from tests.e2e.conftest import EXAMPLE, ROOT

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


# Runs the example's checks and loads its URLconf and ASGI application with the packages of every
# extra that scripts/demo does not install made unimportable: what a fresh machine that ran only
# ./scripts/demo has.
WITHOUT_EXTRAS = """
import importlib.abc, os, sys
blocked = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r} (not installed by scripts/demo)")
        return None
sys.meta_path.insert(0, Block())
os.environ["DJANGO_SETTINGS_MODULE"] = "example_project.settings"
import django
django.setup()
from django.core.management import call_command
call_command("check")
import example_project.asgi, example_project.urls
"""


def _demo_extras() -> set[str]:
    script = (ROOT / "scripts" / "demo").read_text()
    match = re.search(r'^ensure_venv "([^"]*)"', script, re.MULTILINE)
    assert match, "scripts/demo no longer calls ensure_venv with its extras"
    return set(match.group(1).split(","))


def _modules_of_extras_the_demo_leaves_out() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def dists(requirements: list[str]) -> set[str]:
        names = {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0] for r in requirements}
        return {n.lower().replace("_", "-") for n in names}

    extras: dict[str, list[str]] = project["optional-dependencies"]
    kept = dists(project["dependencies"])
    for extra in _demo_extras():
        kept |= dists(extras[extra])
    left_out = set().union(*(dists(r) for e, r in extras.items() if e not in _demo_extras()))
    left_out -= kept
    return {
        module
        for module, owners in packages_distributions().items()
        if {o.lower().replace("_", "-") for o in owners} & left_out and not module.startswith("_")
    }


def test_the_demo_installs_every_package_the_example_imports() -> None:
    """./scripts/demo on a fresh machine installs only its own extras (regression: it left out
    Django REST framework, which the liveblog's channel needs, and the README's first command
    died with ModuleNotFoundError)."""
    blocked = _modules_of_extras_the_demo_leaves_out()
    assert "pytest" in blocked  # the test tools are not the demo's
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRAS, ",".join(sorted(blocked))],
        cwd=EXAMPLE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(ROOT / "src")])},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
