"""Run every benchmark at national scale and print their tables.

    .venv/bin/python bench/run_all.py [--database-url postgres://...] [--quick]

Each benchmark makes and removes its own throw-away database. --quick runs a tenth of
the size, to check the harness rather than to measure.
"""

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

RUNS = [
    ("bench_clock.py", ["--n", "1000000"]),
    ("bench_audit.py", ["--events", "1000000"]),
    ("bench_people.py", ["--n", "1000000"]),
    # 100 organisations of 10,000 people and one of 1,000,000; --quick: a tenth of each.
    ("bench_organisations.py", ["--people", "10000", "--large", "1000000"]),
    ("bench_rights.py", ["--n", "1000000"]),
    ("bench_rights_pack.py", ["--n", "1000000"]),
    ("bench_casework.py", ["--cases", "300000", "--correspondence", "3000000"]),
    ("bench_crypto.py", ["--n", "100000"]),
    # A send by email to 100,000 supporters through a local SMTP sink (aiosmtpd).
    ("bench_sends.py", ["--n", "100000"]),
]
QUICK = {
    "bench_organisations.py": ["--people", "1000", "--large", "100000", "--queries", "100"],
    "bench_casework.py": ["--cases", "30000", "--correspondence", "300000"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="also run the database benchmarks on this server")
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    args = parser.parse_args()
    failures = 0
    for script, run_args in RUNS:
        if args.quick:
            run_args = QUICK.get(script) or [run_args[0], str(int(run_args[1]) // 10)]
        targets = [[]]
        if args.database_url and script != "bench_clock.py":
            targets.append(["--database-url", args.database_url])
        for target in targets:
            command = [sys.executable, str(BENCH / script), *run_args, *target]
            print(f"\n### {script} {' '.join(run_args + target)}\n", flush=True)
            failures += subprocess.run(command).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
