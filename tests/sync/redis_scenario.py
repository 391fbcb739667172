"""Run by tests/sync/test_processes.py with tests.settings_redis: this process serves a joined
client, a management command in another process saves, and Redis carries the change."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from djwire.testing import ContextChannelTestClient
from tests.sync.app.channels import ProjectChannel
from tests.sync.app.models import Project, Task

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_save_in_a_management_command_reaches_the_client():
    project = Project.objects.create(name="P")
    Task.objects.create(project=project, name="keep")
    Task.objects.create(project=project, name="drop")
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        assert len(client.state["tasks"]) == 2
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "edit_project",
                "--skip-checks",
                str(project.pk),
                "Q",
                "drop",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings_redis"},
            check=True,
            timeout=60,
        )
        state = client.wait_for(lambda state: state["name"] == "Q" and len(state["tasks"]) == 1)
        assert state["tasks"][0]["name"] == "keep"
