"""djwire.S002: {% djwire_scripts %} needs something to serve djwire/djwire.js."""

import os
import subprocess
import sys
import textwrap

from django.core import checks as django_checks
from django.test import modify_settings, override_settings

from djwire.checks.staticfiles import check_static_files

WITHOUT_STATICFILES = {"remove": ["django.contrib.staticfiles"]}


def test_s002_without_the_staticfiles_app_names_what_to_add():
    with modify_settings(INSTALLED_APPS=WITHOUT_STATICFILES):
        (message,) = check_static_files()
    assert message.id == "djwire.S002" and message.level == django_checks.WARNING
    assert "{% djwire_scripts %}" in message.msg and "djwire/djwire.js" in message.msg
    assert 'Add "django.contrib.staticfiles" to INSTALLED_APPS' in message.hint
    assert "serve djwire's static file djwire/djwire.js at STATIC_URL yourself" in message.hint


def test_s002_without_static_url():
    with override_settings(STATIC_URL=None):
        (message,) = check_static_files()
    assert message.id == "djwire.S002" and "STATIC_URL is not set" in message.msg


def test_s002_is_quiet_when_staticfiles_serves_the_script():
    assert check_static_files() == []
    assert "djwire.S002" not in [m.id for m in django_checks.run_checks(tags=["djwire"])]


def test_a_new_project_without_staticfiles_starts_in_debug_and_is_told_why(tmp_path):
    # A regression: get_asgi_application() with DEBUG = True and no staticfiles app raised
    # "You're using the staticfiles app without having set the required STATIC_URL setting".
    (tmp_path / "newsite_settings.py").write_text(
        textwrap.dedent(
            """
            SECRET_KEY = "x"
            DEBUG = True
            INSTALLED_APPS = ["daphne", "django.contrib.auth", "django.contrib.contenttypes",
                              "django.contrib.sessions", "channels", "djwire"]
            ROOT_URLCONF = "newsite_settings"
            urlpatterns = []
            """
        )
    )
    code = textwrap.dedent(
        """
        from djwire.routing import get_asgi_application
        application = get_asgi_application()
        from django.core import checks
        print(" ".join(m.id for m in checks.run_checks(tags=["djwire"])))
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsite_settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["djwire.S002"]


def test_with_staticfiles_in_debug_the_script_is_served():
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from djwire.routing import get_asgi_application

    with override_settings(DEBUG=True):
        application = get_asgi_application()
    assert isinstance(application.application_mapping["http"], ASGIStaticFilesHandler)
