"""Counting what the API fuzzer tried, and printing it at the end of the run.

The fuzz tests add to `FUZZ_CASES`; registering this module as a pytest plugin (done by
the fuzz tests themselves, so no conftest is needed) prints one line per run and role.
"""

from collections import Counter

FUZZ_CASES: Counter = Counter()
STATUS_CODES: dict[str, Counter] = {}


def record(run: str, operation: str, status_code: int) -> None:
    FUZZ_CASES[(run, operation)] += 1
    STATUS_CODES.setdefault(run, Counter())[status_code] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FUZZ_CASES:
        return
    terminalreporter.section("API fuzzing (schemathesis)")
    runs = sorted({run for run, __ in FUZZ_CASES})
    for run in runs:
        per_operation = {op: n for (r, op), n in FUZZ_CASES.items() if r == run}
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(STATUS_CODES[run].items()))
        terminalreporter.write_line(
            f"{run}: {sum(per_operation.values())} cases over {len(per_operation)} "
            f"operations (status codes {statuses})")
    terminalreporter.write_line(f"total: {sum(FUZZ_CASES.values())} fuzz cases")
