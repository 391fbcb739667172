# The fuzzed sockets read the database in asgiref's shared thread, as the sync tests' joins do:
# the same fixture closes that thread's connections after each test.
from tests.sync.conftest import close_the_database_thread_connections  # noqa: F401
