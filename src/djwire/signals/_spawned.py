"""The initializer of the ``process`` mode's worker processes.

A spawned child unpickles its initializer before it runs it, so the initializer lives here, in
a module that imports nothing of Django: defined next to the pools (workers.py imports
processing, and so Django's auth models), it failed to unpickle with AppRegistryNotReady and
broke the pool before its first signal.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any

# True in a worker process of the ``process`` mode, once Django is set up there.
in_worker_process = False


def setup_worker_process() -> None:
    """Set Django up in a new worker process (its settings come with the environment), and
    end the process when the one that spawned it ends."""
    global in_worker_process
    import django

    django.setup()
    in_worker_process = True
    parent = multiprocessing.parent_process()
    if parent is not None:
        watch = threading.Thread(
            target=_exit_with, args=(parent,), name="djwire-parent-watch", daemon=True
        )
        watch.start()


def _exit_with(parent: Any) -> None:
    # concurrent.futures stops its workers from an exit hook of the parent, which never runs
    # when the parent is killed, or when uvicorn ends itself by raising again the SIGTERM it
    # was stopped with; a worker blocked on its call queue would then live on, orphaned.
    parent.join()  # returns when the parent's sentinel closes: it has ended
    os._exit(0)
