"""djwire.testing imports before Django is set up, and names its public API once."""

import os
import subprocess
import sys

import pytest

import djwire.testing


def test_importing_djwire_testing_needs_no_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import djwire.testing; print(' '.join(djwire.testing.__all__))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == djwire.testing.__all__


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        djwire.testing.Nope  # noqa: B018
