"""Another server process for tests/sync/redis_scenario.py: joins a project's channel and holds
it until its stdin closes (or it is killed, as a crashed process is).

    python tests/sync/watcher_process.py <project id> <sync_watch_ttl> [<sync_watch_cache>]
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings_redis")

import django

django.setup()

from django.conf import settings  # noqa: E402

# No grace after the client leaves: the process stops watching when it does.
settings.DJWIRE = {**settings.DJWIRE, "sync_watch_ttl": float(sys.argv[2]), "sync_history_grace": 0}
if len(sys.argv) > 3:
    settings.DJWIRE["sync_watch_cache"] = float(sys.argv[3])

from djwire.testing import ContextChannelTestClient  # noqa: E402
from tests.sync.app.channels import ProjectChannel  # noqa: E402

with ContextChannelTestClient(ProjectChannel, project_id=int(sys.argv[1])) as client:
    client.connect()
    print("joined", flush=True)
    sys.stdin.read()
