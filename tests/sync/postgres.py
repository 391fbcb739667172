"""A private PostgreSQL server for the tests: initdb into a temporary directory, a free port on
127.0.0.1, stopped by its pid. Never a server already running on the machine."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.e2e.servers import START_TIMEOUT, free_port, stop_process, tail, wait_for


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL programs (the newest version installed), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """``postgres`` on a free port with trust auth for the user ``djwire``."""

    def __init__(self) -> None:
        bindir = postgres_bin()
        assert bindir is not None, "PostgreSQL is not installed (scripts/test installs it)"
        self.bindir = bindir
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="djwire-pg-"))
        self.data = self.workdir / "data"
        self.log_path = self.workdir / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        # PostgreSQL refuses to run as root: there, it runs as Debian's postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.workdir, "postgres")

    def start(self) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "djwire",
                "--auth=trust",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *self.as_user,
                    str(self.bindir / "postgres"),
                    "-D",
                    str(self.data),
                    "-p",
                    str(self.port),
                    "-h",
                    "127.0.0.1",
                    "-k",
                    str(self.workdir),
                    "-c",
                    "fsync=off",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self._ready, START_TIMEOUT, f"postgres on {self.port} ({tail(self.log_path)})")
        subprocess.run(
            [
                str(self.bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "djwire",
                "djwire",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"postgres exited: {tail(self.log_path)}")
        probe = subprocess.run(
            [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        )
        return probe.returncode == 0

    def stop(self) -> None:
        # runuser passes SIGTERM on to postgres (a "smart" shutdown).
        stop_process(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)
