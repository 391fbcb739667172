"""Server push in the browser, with the example served by two processes sharing one Redis:
ticks, the broadcast pattern across processes, and pushes from a management command and from a
Celery worker."""

import re

import pytest
from playwright.sync_api import expect
from tests.e2e.servers import tail

pytestmark = pytest.mark.e2e


def test_dashboard_ticks_without_a_click(cluster_tabs):
    live = cluster_tabs(0, "/dashboard/")
    clock = live.page.locator("#server-time")
    shown = clock.inner_text()
    expect(clock).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))
    expect(clock).not_to_have_text(shown)  # handle_tick runs every second
    expect(live.page.locator("#ticks")).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(live.page.locator("#low-stock")).to_have_text(re.compile(r"^\d+$"))


def test_an_edit_of_a_note_reaches_its_other_tab_on_the_other_process(cluster_tabs):
    first = cluster_tabs(0, "/notes/1/")
    second = cluster_tabs(1, "/notes/1/")  # the same note, served by the other process
    other_note = cluster_tabs(1, "/notes/2/")
    other_before = other_note.page.locator("#note-content").input_value()

    text = "Typed in the first tab, seen in the second."
    first.page.locator("#note-content").fill(text)
    expect(second.page.locator("#note-content")).to_have_value(text)
    expect(second.page.locator("#note-saved")).to_have_text(str(len(text)))
    expect(first.page.locator("#note-saved")).to_have_text(str(len(text)))  # its own reply
    first.settle()

    # The push went to note 1's views only (to=note); note 2's tab kept its text.
    expect(other_note.page.locator("#note-content")).to_have_value(other_before)
    # The edit was saved: a new tab of note 1 opens with it.
    third = cluster_tabs(0, "/notes/1/")
    expect(third.page.locator("#note-content")).to_have_value(text)


def test_push_alert_shows_a_banner_on_open_pages_of_both_processes(cluster, cluster_tabs):
    counter = cluster_tabs(0, "/counter/")
    todo = cluster_tabs(1, "/todo/")
    cluster.push_alert("Deploy at 5 pm")  # manage.py, a third process
    for tab in (counter, todo):
        expect(tab.page.locator("#alert-text")).to_have_text("Deploy at 5 pm")
    counter.page.get_by_role("button", name="Dismiss").click()
    expect(counter.page.locator("#alert")).to_have_count(0)
    expect(todo.page.locator("#alert-text")).to_have_text("Deploy at 5 pm")


def test_a_celery_task_pushes_to_an_open_page(cluster, cluster_tabs, celery_worker):
    live = cluster_tabs(1, "/counter/")
    cluster.push_alert("From the Celery worker", "--celery")  # queues demo.tasks.announce
    expect(live.page.locator("#alert-text")).to_have_text("From the Celery worker")
    log = tail(celery_worker.log_path, 200)
    assert re.search(r"Task demo\.tasks\.announce\[[\w-]+\] succeeded", log), log
