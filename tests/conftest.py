import shutil

import pytest
from django.conf import settings


@pytest.fixture(autouse=True, scope="session")
def _state_dir():
    yield
    shutil.rmtree(settings.DJWIRE["state_dir"], ignore_errors=True)
