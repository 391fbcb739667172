"""The soak, short: 200 sockets on a private Redis for two minutes, a push every second and one
Redis restart half-way (bench/soak.py; its full size is 2,000 sockets for ten minutes)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def test_two_minutes_with_a_redis_restart_lose_no_push_and_close_no_socket(tmp_path):
    out = tmp_path / "soak.json"
    run = subprocess.run(
        [sys.executable, "bench/soak.py", "--sockets", "200", "--minutes", "2", "--out", out],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert out.exists(), run.stdout + run.stderr
    result = json.loads(out.read_text())
    assert result["unexpected_closes"] == 0, run.stdout
    assert result["undelivered"] == 0, run.stdout  # every push that returned reached every socket
    assert result["sockets_out_of_order"] == 0, run.stdout
    assert result["pushes_returned"] >= 100, run.stdout  # it ran its two minutes
    assert abs(result["rss_growth"]) <= 0.10, run.stdout  # flat once warmed up
