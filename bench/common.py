"""What every benchmark shares: Django set-up on the benchmark database, percentiles and
the side-by-side report (ours, the baseline, the ratio)."""

import os
import statistics
import sys


def setup_django(settings_module: str = "laocai.settings.dev") -> None:
    """Django on PostgreSQL (DATABASE_URL; default: the `laocai_bench` database of the
    development cluster on port 5434) with indexes under the `bench` prefix."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    os.environ.setdefault("DATABASE_URL",
                          "postgres://laocai:laocai@127.0.0.1:5434/laocai_bench")
    os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...")
    import django

    django.setup()


def percentile(values, q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; values in any order."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary_ms(seconds) -> dict:
    values = [s * 1000 for s in seconds]
    return {"n": len(values), "p50": statistics.median(values),
            "p95": percentile(values, 95), "p99": percentile(values, 99)}


def print_table(title: str, rows: list[tuple], headers: tuple) -> None:
    """A plain table that pastes into Markdown."""
    print(f"\n{title}")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(_cell(v) for v in row) + " |")


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)


def print_profile(profile, *, sort: str, top: int) -> None:
    """The `top` functions of a cProfile.Profile in pstats order `sort`."""
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(top)
    print(out.getvalue())
