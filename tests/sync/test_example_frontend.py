"""The example project's generated TypeScript (example/frontend/src/generated/) is committed
and current: what CI's ``makefrontend --check`` asserts (tsc compiles it in ./scripts/test)."""

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "example"


def makefrontend(*args: str) -> subprocess.CompletedProcess[str]:
    # The example's settings, not the test run's.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_project.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "makefrontend", *args],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_examples_generated_files_are_up_to_date():
    done = makefrontend("--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 file(s) up to date" in done.stdout


def test_the_liveblog_channel_has_its_class_with_the_routes_kwargs():
    channels = (EXAMPLE / "frontend/src/generated/liveblog/liveblog.channels.ts").read_text()
    assert "export class BlogPostChannel extends ContextChannel<BlogPostType" in channels
    assert "constructor(postId: number, token?: string)" in channels
    assert "async addComment(text: string, author?: string)" in channels
