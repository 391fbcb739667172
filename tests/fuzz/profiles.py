"""How much the fuzzer draws: the profile hypothesis runs under (HYPOTHESIS_PROFILE).

``ci`` (.ci/run) and the default keep all of tests/fuzz/ within about two minutes on a
2-core machine; ``long`` (bench/fuzz.py) draws :data:`LONG_FACTOR` times as many examples:
tens of thousands of frames, the run that would find what a short one misses.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
LONG_FACTOR = 10


def fuzz_settings(examples: int) -> settings:
    """``examples`` sockets per test (each fed a list of frames), more under ``long``."""
    factor = LONG_FACTOR if PROFILE == "long" else 1
    return settings(
        max_examples=examples * factor,
        deadline=None,
        # One socket per example is slow by hypothesis' measure, and meant to be; the
        # database (one anchor row) is the test's, shared by its examples on purpose.
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
        ],
    )
