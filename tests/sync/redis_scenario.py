"""Run by tests/sync/test_processes.py with tests.settings_redis: this process serves a joined
client, a management command in another process saves, and Redis carries the change."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from djwire.testing import ContextChannelTestClient
from tests.sync.app.channels import NewProjectsChannel, ProjectChannel
from tests.sync.app.models import Project, Task

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def manage(*args):
    """Run ``manage.py <args>`` in a process of its own, on this run's Redis and database."""
    subprocess.run(
        [sys.executable, "-m", "django", *args, "--skip-checks"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings_redis"},
        check=True,
        timeout=60,
    )


def test_a_save_in_a_management_command_reaches_the_client():
    project = Project.objects.create(name="P")
    Task.objects.create(project=project, name="keep")
    Task.objects.create(project=project, name="drop")
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        assert len(client.state["tasks"]) == 2
        manage("edit_project", str(project.pk), "Q", "drop")
        state = client.wait_for(lambda state: state["name"] == "Q" and len(state["tasks"]) == 1)
        assert state["tasks"][0]["name"] == "keep"


def test_an_anchor_created_in_another_process_reaches_an_auto_update_list():
    Project.objects.create(name="old")
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        manage("create_project", "made elsewhere")
        client.wait_for(lambda state: [p["name"] for p in state] == ["made elsewhere", "old"])
