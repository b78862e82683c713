"""The large-configuration benchmark (issue 19): a 10,000-origin allow-list, 1,000
origin regexes and a several-megabyte settings module, each checked cold.

    python benchmarks/large_config.py [--rounds N]

Target: each under 1 s of wall time and under 200 MB of memory on the 2-core
benchmark machine. Prints one line per case: median wall, CPU and peak RSS.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shapes  # noqa: E402
from run import measure  # noqa: E402

CASES = [
    ("10,000-origin allow-list (Django)", lambda: shapes.django_origins(10_000)),
    ("10,000-origin allow-list (FastAPI)", lambda: shapes.fastapi_origins(10_000)),
    ("1,000 origin regexes (Django)", lambda: shapes.django_regexes(1_000)),
    ("2 MB settings module (analysed)", lambda: shapes.large_settings(2)),
    ("3.9 MB settings module (analysed, just under the 4 MB limit)", lambda: shapes.large_settings(3.9)),
    ("5 MB settings module (over the 4 MB limit: COR003)", lambda: shapes.large_settings(5)),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    corslint = [sys.executable, "-m", "corslint", "check", "--no-cache", "-q"]
    print("| case | median wall (s) | median CPU (s) | peak RSS (MB) |")
    print("| --- | ---: | ---: | ---: |")
    for label, make in CASES:
        with tempfile.TemporaryDirectory() as folder:
            shapes.write(folder, make())
            samples = [measure(corslint + [folder]) for _ in range(args.rounds)]
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        rss = max(s[2] for s in samples)
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
