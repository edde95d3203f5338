"""Benchmark the statutory clock: due dates for N random requests across the four nations.

    .venv/bin/python bench/bench_clock.py [--n 1000000] [--seed 2025]

Prints a Markdown table: | operation | n | total s | per call µs |.
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawful.policy import clock  # noqa: E402
from lawful.policy.vocab import Nation  # noqa: E402

FIRST, LAST = date(2020, 1, 1), date(2030, 12, 31)


def random_requests(n: int, seed: int) -> list[tuple[date, Nation, bool]]:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    nations = list(Nation)
    return [
        (FIRST + timedelta(days=rng.randrange(span)), rng.choice(nations), rng.random() < 0.5)
        for _ in range(n)
    ]


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def warm_cache() -> None:
    # Building each (nation, year) holiday table once: the cost the cache saves.
    clock._bank_holidays.cache_clear()
    for nation in Nation:
        for year in range(FIRST.year, LAST.year + 2):
            clock._bank_holidays(nation, year)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    options = parser.parse_args()
    n = options.n
    requests = random_requests(n, options.seed)
    days = [received for received, _, _ in requests]
    paused = [(r, nation, ext, r + timedelta(days=7)) for r, nation, ext in requests]

    tables = 4 * (LAST.year + 2 - FIRST.year)
    rows = [("build holiday tables (cold cache)", tables, timed(warm_cache))]
    rows.append(
        ("add_calendar_months", n, timed(lambda: [clock.add_calendar_months(d, 1) for d in days]))
    )
    rows.append(
        (
            "response_due (4 nations, extended or not)",
            n,
            timed(lambda: [clock.response_due(r, nat, extended=ext) for r, nat, ext in requests]),
        )
    )
    rows.append(
        (
            "RequestClock(...) with a pause, .due()",
            n,
            timed(
                lambda: [
                    clock.RequestClock(r, nat, pauses=((r, answered),), extended=ext).due()
                    for r, nat, ext, answered in paused
                ]
            ),
        )
    )

    print("| operation | n | total s | per call µs |")
    print("|---|---:|---:|---:|")
    for name, count, seconds in rows:
        print(f"| {name} | {count:,} | {seconds:.3f} | {seconds / count * 1e6:.2f} |")


if __name__ == "__main__":
    main()
