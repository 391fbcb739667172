import os
import shutil

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# Property tests draw new examples on every run, which is how they found the codec's offset
# and key bugs; CI replays a fixed series (HYPOTHESIS_PROFILE=ci in .ci/run) so that a landing
# is judged on the code, not on the draw.
hypothesis_settings.register_profile("ci", derandomize=True)
# tests/fuzz/ draws ten times more under "long" (tests/fuzz/profiles.py; bench/fuzz.py).
hypothesis_settings.register_profile("long")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def _state_dir():
    yield
    shutil.rmtree(settings.DJWIRE["state_dir"], ignore_errors=True)
