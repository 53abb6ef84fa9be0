"""Hardening tests: hostile files and property tests, with the counts the issue asks for.

The session ends with a summary of how many hostile-file cases and how many hypothesis
examples ran (the `hostile_file` and `property` markers), whatever -q/-v/-r flags are set.
Hypothesis runs a bounded, deterministic profile ("hardening"; HYPOTHESIS_PROFILE
chooses another, e.g. "hardening-explore" for random exploration with more examples).
"""

import os
from collections import Counter

from hypothesis import HealthCheck, settings

from tests.lodging.conftest import (  # noqa: F401  (fixtures re-exported)
    homestay,
    make_establishment,
    make_staff,
    receptionist,
)
from tests.police.conftest import make_officer, sapa_officer  # noqa: F401

settings.register_profile(
    "hardening", max_examples=200, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "hardening-explore", max_examples=1000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hardening"))

HOSTILE_OUTCOMES: Counter = Counter()
PROPERTY_EXAMPLES: Counter = Counter()


def count_example(name: str) -> None:
    """Called from each property test's body: one hypothesis example ran."""
    PROPERTY_EXAMPLES[name] += 1


def pytest_configure(config):
    config.addinivalue_line("markers", "hostile_file: an upload path fed a hostile file")
    config.addinivalue_line("markers", "property: a hypothesis property test")


def pytest_runtest_logreport(report):
    # one count per case: its call, or its setup when that failed or skipped
    counted = report.when == "call" or (report.when == "setup" and report.outcome != "passed")
    if counted and "hostile_file" in report.keywords:
        HOSTILE_OUTCOMES[report.outcome] += 1


def pytest_terminal_summary(terminalreporter):
    if not HOSTILE_OUTCOMES and not PROPERTY_EXAMPLES:
        return
    terminalreporter.section("hardening")
    if HOSTILE_OUTCOMES:
        outcomes = ", ".join(f"{count} {outcome}" for outcome, count
                             in sorted(HOSTILE_OUTCOMES.items()))
        terminalreporter.write_line(
            f"hostile-file cases tried: {sum(HOSTILE_OUTCOMES.values())} ({outcomes})")
    if PROPERTY_EXAMPLES:
        terminalreporter.write_line(
            f"hypothesis examples run: {sum(PROPERTY_EXAMPLES.values())} in "
            f"{len(PROPERTY_EXAMPLES)} property tests")
