# The fuzzed sockets hold a model-state channel, as the sync tests' joins do, so they share
# tests/sync's fixtures: the database thread's connections closed after each test, and no
# history grace (each example's event loop ends with its socket: an anchor's history kept
# for a while would keep the anchor watched, for the process, after that loop is gone).
from tests.sync.conftest import (  # noqa: F401
    close_the_database_thread_connections,
    no_history_grace,
)
