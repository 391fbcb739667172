"""Server push across processes with real parts: one Redis server, two uvicorn processes of the
example, pushes from a third process (``manage.py``), and clients that speak djwire's protocol
over real WebSockets to both servers."""

import re
import select
import subprocess
import sys
import time

import pytest
from tests.e2e.conftest import EXAMPLE
from tests.e2e.servers import LiveSocket, diff_text, stop_process, wait_for

from djwire.live.push import view_group

pytestmark = pytest.mark.e2e

COUNTER = "demo.views.CounterView"
# The Redis channel on which channels-redis' pub/sub layer publishes a group.
COUNTER_CHANNEL = "asgi__group__" + view_group(COUNTER)
TODO_CHANNEL = "asgi__group__" + view_group("demo.views.TodoView")
# Longer than redis-py 8's default socket timeout (5 s), which killed idle consumers.
IDLE_SECONDS = 7
WAIT = 15.0


@pytest.fixture
def connect(cluster):
    """Open clients on both server processes; all are closed after the test."""
    opened = []

    def connect(per_server=1, path="/counter/"):
        clients = [
            LiveSocket(server.url(""), path)
            for server in cluster.servers
            for _ in range(per_server)
        ]
        opened.extend(clients)
        return clients

    yield connect
    for client in opened:
        client.close()


def push_counter(cluster, *texts):
    """Push each text as the counter's alert, one after the other, from one new process."""
    code = "from djwire import push_to_view\n" + "".join(
        f"push_to_view({COUNTER!r}, state={{'alert': {text!r}}})\n" for text in texts
    )
    cluster.shell(code)


def subscribed_twice(cluster):
    return cluster.redis.numsub(COUNTER_CHANNEL) == 2


def alert_of(payload):
    found = re.search(r'id=\\"alert-text\\">([^<]*)<', diff_text(payload))
    assert found is not None, payload
    return found.group(1)


def test_push_alert_from_a_command_reaches_clients_of_both_processes_in_order(cluster, connect):
    clients = connect(per_server=2)
    sent = ["first alert", "second alert", "third alert"]
    for text in sent:
        assert "CounterView" in cluster.push_alert(text)  # each a process of its own
    burst = [f"burst {n}" for n in range(20)]
    push_counter(cluster, *burst)  # back to back from one process
    for client in clients:
        first = client.version
        # next_diff() checks that each version is the previous one plus one: none skipped.
        received = [alert_of(client.next_diff()) for _ in sent + burst]
        assert received == sent + burst
        assert client.version == first + len(sent + burst)
        assert client.receives_nothing(0.2)


def test_one_publish_per_push_and_one_subscriber_per_process(cluster, connect):
    redis = cluster.redis
    clients = connect(per_server=1)
    assert redis.numsub(COUNTER_CHANNEL) == 2
    clients += connect(per_server=4)  # 5 clients on each process
    assert redis.numsub(COUNTER_CHANNEL) == 2  # still one subscriber per process

    before = redis.publish_calls()
    push_counter(cluster, "counted")
    for client in clients:
        assert alert_of(client.next_diff()) == "counted"
    assert redis.publish_calls() - before == 1  # one PUBLISH for 10 clients on 2 processes

    before = redis.publish_calls()
    output = cluster.push_alert("counted again")
    views = int(re.search(r"Pushed to (\d+) views", output).group(1))
    for client in clients:
        assert alert_of(client.next_diff()) == "counted again"
    assert redis.publish_calls() - before == views  # one per view class (group)

    for client in clients:
        client.close()
    # A process leaves the group when its last page has left.
    wait_for(lambda: redis.numsub(COUNTER_CHANNEL) == 0, WAIT, "both processes unsubscribed")


def test_idle_sockets_outlive_the_redis_socket_timeout(cluster, connect):
    clients = connect(per_server=1)
    logs = [server.log_path.stat().st_size for server in cluster.servers]
    time.sleep(IDLE_SECONDS)  # nothing on the sockets, nothing on the layer's connections
    cluster.push_alert("after a quiet while")
    for client in clients:
        assert alert_of(client.next_diff()) == "after a quiet while"  # same socket, no re-join
    for server, size in zip(cluster.servers, logs, strict=True):
        with server.log_path.open("rb") as log:
            log.seek(size)
            assert b"Traceback" not in log.read()
    assert all(client.is_open() for client in clients)


def test_servers_recover_after_a_redis_restart(cluster, connect):
    clients = connect(per_server=2)
    cluster.redis.stop()
    time.sleep(1)  # Redis stays down for a moment: the layers' connections break and retry
    cluster.redis.start()  # same port, empty: every subscription is gone
    # Each process subscribes again by itself; until then a push would reach nobody.
    wait_for(lambda: subscribed_twice(cluster), WAIT, "both processes subscribed again")
    for server in cluster.servers:
        assert server.process is not None and server.process.poll() is None

    cluster.push_alert("after the restart")
    for client in clients:
        # Redis lost every group's history: what was in flight when it stopped cannot be
        # known, so each view was mounted afresh and its page told, once.
        assert "t" in client.next_resync()
        # Redis is not on the path of the WebSockets: they stayed open, on the same join.
        assert alert_of(client.next_diff()) == "after the restart"

    # New pages join and get pushes on both processes.
    fresh = connect(per_server=1)
    push_counter(cluster, "for everyone")
    for client in clients + fresh:
        assert alert_of(client.next_diff()) == "for everyone"


def test_a_join_while_redis_is_down_gets_pushes_once_redis_is_back(cluster, connect):
    # Regression: the hub took a group as subscribed when its group_add had failed, and the
    # error killed the socket; that process's pages of the view never got a push again.
    client, _ = connect(per_server=1)  # a socket open on the first process
    cluster.redis.stop()
    try:
        started = time.monotonic()
        client.join_another("/todo/", "lv:2")  # the process cannot subscribe to the group now
        assert time.monotonic() - started < 2  # the join does not wait for Redis
    finally:
        cluster.redis.start()
    wait_for(lambda: subscribed_twice(cluster), WAIT, "both processes subscribed again")
    todo = connect(per_server=1, path="/todo/")  # later pages of the same view
    wait_for(lambda: cluster.redis.numsub(TODO_CHANNEL) == 2, WAIT, "todo subscribed by both")
    cluster.push_alert("todo pages too")
    for page in todo:
        assert alert_of(page.next_diff()) == "todo pages too"
    assert alert_of(client.next_diff(topic="lv:2")) == "todo pages too"


# A process that pushes every 100 ms and says which pushes reported success.
PUSH_LOOP = """
import time
from djwire import push_to_view
for n in range({count}):
    try:
        push_to_view({view!r}, state={{"alert": f"loop {{n}}"}})
    except Exception as error:
        print("failed", n, type(error).__name__, flush=True)
    else:
        print("pushed", n, flush=True)
    time.sleep(0.1)
"""


def count_pushed(lines):
    return sum(1 for line in lines if line[:1] == ["pushed"])


def read_lines_until(process, done, timeout):
    """The split lines ``process`` printed, read until ``done(lines)`` holds."""
    lines = []
    deadline = time.monotonic() + timeout
    while not done(lines):
        left = deadline - time.monotonic()
        assert left > 0, f"the pusher printed only {lines} within {timeout} s"
        ready, _, _ = select.select([process.stdout], [], [], left)
        if ready:
            line = process.stdout.readline()
            assert line, f"the pusher ended early, after {lines}"
            lines.append(line.decode().split())
    return lines


def loop_alerts(client, quiet=3.0):
    """The loop's alerts a client got, in order, until the socket is quiet; a ``resync`` (the
    view mounted afresh, its whole tree) is noted as "resync"."""
    seen = []
    while True:
        try:
            frame = client.receive(quiet)
        except TimeoutError:
            return seen
        topic, event, payload = frame[1], frame[2], frame[3]
        assert event != "error", frame
        if topic != client.topic:
            continue
        if event == "resync":
            client.version = payload["v"]
            seen.append("resync")
        elif event == "diff":
            assert payload["v"] == client.version + 1, (client.version, payload)
            client.version = payload["v"]
            found = re.search(r"loop (\d+)", diff_text(payload))
            if found:
                seen.append(int(found.group(1)))


def test_a_push_loop_across_a_redis_restart_reaches_every_client_in_order(cluster, connect):
    # Regression (issue 12): right after Redis came back, pushes reported success while the
    # processes had not subscribed again yet; they reached no page, and no page saw a gap.
    clients = connect(per_server=2)
    code = PUSH_LOOP.format(count=60, view=COUNTER)
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
    pusher = subprocess.Popen(command, cwd=EXAMPLE, env=cluster.env, stdout=subprocess.PIPE)
    try:
        # The shell's Django start takes seconds on a loaded machine: stop Redis only once
        # pushes are being delivered live, not after a fixed sleep.
        early = read_lines_until(pusher, lambda lines: count_pushed(lines) >= 10, timeout=30)
        cluster.redis.stop()
        time.sleep(1)  # pushes fail at the call meanwhile
        cluster.redis.start()  # empty: the processes are not subscribed, nothing is kept
        output, _ = pusher.communicate(timeout=60)
    finally:
        stop_process(pusher)
    lines = early + [line.split() for line in output.decode().splitlines()]
    pushed = [int(n) for word, n, *_ in lines if word == "pushed"]
    assert [n for word, n, *_ in lines if word == "failed"], "Redis was never down"
    assert len(pushed) > 30
    for client in clients:
        seen = loop_alerts(client)
        numbers = [n for n in seen if n != "resync"]
        assert numbers == sorted(set(numbers)), seen  # in order, each once
        missing = sorted(set(pushed) - set(numbers))
        assert missing == [], f"pushes that reported success and never arrived: {missing}"
        # Redis came back without its data: the pages were told once, before the new pushes.
        assert seen.count("resync") == 1, seen
        assert client.is_open()
