"""``manage.py runserver --makefrontend`` (djwire's runserver, daphne's underneath): the
generated files are written at startup and again after each autoreload, so a saved serializer
shows in the TypeScript while the server runs. A real server process with Django's real
autoreloader, on a project made here (its own settings, app and frontend dir)."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
WAIT = 30.0  # at most; each wait ends as soon as the file says what it waits for

SETTINGS = """
SECRET_KEY = "not-a-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "djwire", "daphne", "django.contrib.auth", "django.contrib.contenttypes", "channels",
    "rest_framework", "notes",
]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {db!r}}}}}
ROOT_URLCONF = "project_urls"
ASGI_APPLICATION = "project_asgi.application"
CHANNEL_LAYERS = {{"default": {{"BACKEND": "channels.layers.InMemoryChannelLayer"}}}}
DJWIRE = {{"frontend_dir": {front!r}}}
USE_TZ = True
"""

ASGI = """
from django.core.asgi import get_asgi_application

http = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402
from notes.channels import NoteChannel  # noqa: E402

application = ProtocolTypeRouter(
    {"http": http, "websocket": URLRouter([path("ws/note/<int:note_id>/", NoteChannel.as_asgi())])}
)
"""

MODELS = """
from django.db import models

class Note(models.Model):
    title = models.CharField(max_length=100)
    body = models.TextField()
"""

SERIALIZERS = """
from rest_framework import serializers
from .models import Note

class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = {fields!r}
"""

CHANNELS = """
from djwire.sync import ContextChannel
from .serializers import NoteSerializer

class NoteChannel(ContextChannel):
    class Meta:
        state = NoteSerializer()

    @staticmethod
    def has_permission(user, **kwargs):
        return True
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(
    path: Path, text: str, server: subprocess.Popen[bytes], log: Path, touch: Path | None = None
) -> None:
    """Until ``path`` holds ``text``; ``touch`` is saved again every second meanwhile: a save
    made before the reloader's first look at the file (it polls each second) is not a change."""
    deadline = time.monotonic() + WAIT
    touched = time.monotonic()
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        assert server.poll() is None, f"runserver exited:\n{log.read_text()}"
        if touch is not None and time.monotonic() - touched > 1.0:
            touch.touch()
            touched = time.monotonic()
        time.sleep(0.1)
    pytest.fail(f"{path} never said {text!r}; runserver's output:\n{log.read_text()}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project_settings.py").write_text(
        SETTINGS.format(db=str(tmp_path / "db.sqlite3"), front=str(tmp_path / "front"))
    )
    (tmp_path / "project_asgi.py").write_text(ASGI)
    (tmp_path / "project_urls.py").write_text("urlpatterns = []\n")
    app = tmp_path / "notes"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text(MODELS)
    (app / "serializers.py").write_text(SERIALIZERS.format(fields=["id", "title"]))
    (app / "channels.py").write_text(CHANNELS)
    return tmp_path


@pytest.fixture
def runserver(project: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project_settings",
        "PYTHONPATH": os.pathsep.join([str(project), str(SRC)]),
        "PYTHONUNBUFFERED": "1",
    }
    log = project / "runserver.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "runserver",
                "--makefrontend",
                "--skip-checks",
                f"127.0.0.1:{free_port()}",
            ],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the reloader's child is in our process group
        )
    yield server, log
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)


def test_runserver_makefrontend_writes_at_startup_and_after_an_autoreload(project, runserver):
    server, log = runserver
    interfaces = project / "front" / "notes" / "notes.interfaces.d.ts"
    wait_for(interfaces, "title: string;", server, log)
    assert "body" not in interfaces.read_text()
    # The two files are written one after the other: wait for the second too (a loaded machine).
    channels = project / "front" / "notes" / "notes.channels.ts"
    wait_for(channels, "extends ContextChannel", server, log)

    # A saved serializer: the autoreloader restarts the server, which writes the files again.
    serializers = project / "notes" / "serializers.py"
    serializers.write_text(SERIALIZERS.format(fields=["id", "title", "body"]))
    wait_for(interfaces, "body: string;", server, log, touch=serializers)
    assert server.poll() is None, "the server stopped"


def test_runserver_is_daphnes_with_the_makefrontend_option(project):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project_settings",
        "PYTHONPATH": os.pathsep.join([str(project), str(SRC)]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "django", "help", "runserver"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "--makefrontend" in done.stdout, done.stdout + done.stderr
    assert "--websocket_handshake_timeout" in done.stdout  # daphne's options: it serves sockets
    assert not (project / "front").exists()  # nothing written without the option's run
