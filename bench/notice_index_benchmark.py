"""Benchmark: the index of notice ids, as intake uses it: a file's ids claimed in one call.

On a fresh SQLite store in WAL mode (the dev server's set-up), files of `--file` notices are
claimed one after the other until the index holds `--count` ids; then the same files again (a
re-run: every id already held). Prints the figures; asserts nothing.

    python bench/notice_index_benchmark.py --count 100000 --file 800
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting.notice_index import claim_notices  # noqa: E402
from reporting.store import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--file", type=int, default=800, help="notices per file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'reporting.db'}")
        ids = [(f"BENCH-{n}", f"household-{n % 9973:032x}") for n in range(args.count)]
        files = [ids[start : start + args.file] for start in range(0, args.count, args.file)]
        for label in ("new ids", "a re-run (ids held)"):
            times = []
            for claims in files:
                began = time.perf_counter()
                claim_notices(engine, claims, datetime.now(UTC))
                times.append(time.perf_counter() - began)
            per_file = statistics.median(times) * 1000
            print(
                f"{label}: {len(files)} files of {args.file}: median {per_file:.1f} ms per file "
                f"({per_file / args.file * 1000:.0f} µs per notice), max {max(times) * 1000:.1f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
