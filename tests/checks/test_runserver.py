"""djwire.S003: with daphne missing or behind another runserver, runserver serves no socket."""

from django.core import checks as django_checks
from django.test import modify_settings, override_settings

from djwire.checks.runserver import check_runserver


def test_s003_without_daphne_names_the_installed_apps_line():
    with override_settings(DEBUG=True):
        (message,) = check_runserver()
    assert message.id == "djwire.S003" and message.level == django_checks.WARNING
    assert '"daphne" is not in INSTALLED_APPS' in message.msg
    assert "socket gets a 404" in message.msg
    assert 'INSTALLED_APPS = ["daphne", ...]' in message.hint


def test_s003_daphne_after_staticfiles_whose_runserver_wins():
    with (
        override_settings(DEBUG=True),
        modify_settings(INSTALLED_APPS={"append": "daphne"}),
    ):
        (message,) = check_runserver()
    assert "comes after 'django.contrib.staticfiles'" in message.msg
    assert 'Move "daphne" to the first line' in message.hint


def test_s003_is_quiet_with_daphne_before_every_runserver():
    # Only apps with a runserver command matter: django.contrib.auth before daphne is fine.
    with (
        override_settings(DEBUG=True),
        modify_settings(INSTALLED_APPS={"prepend": "daphne"}),
    ):
        assert check_runserver() == []
    with (
        override_settings(DEBUG=True),
        modify_settings(
            INSTALLED_APPS={"remove": "django.contrib.staticfiles", "append": "daphne"}
        ),
    ):
        assert check_runserver() == []


def test_s003_only_in_debug_where_runserver_is_used():
    with override_settings(DEBUG=False):
        assert check_runserver() == []
    with override_settings(DEBUG=True):
        assert "djwire.S003" in [m.id for m in django_checks.run_checks(tags=["djwire"])]


def test_s003_accepts_djwire_first_whose_runserver_is_daphnes():
    # runserver --makefrontend (issue 11) needs "djwire" before "daphne": its runserver is
    # daphne's, so it serves sockets too.
    with (
        override_settings(DEBUG=True),
        modify_settings(INSTALLED_APPS={"remove": "djwire", "prepend": "djwire"}),
        modify_settings(INSTALLED_APPS={"remove": "django.contrib.staticfiles"}),
        modify_settings(INSTALLED_APPS={"append": "daphne"}),
    ):
        assert check_runserver() == []
