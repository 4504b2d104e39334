"""Benchmark: reading notice files, as `cases intake` does before it sends anything.

The same `--count` notices as one JSON array, as JSON lines and as CSV, and `--empty` `{}` in
one array (each a rejection), each read once on this machine. Prints seconds and notices per
second; asserts nothing. The floor beside it: `json.loads` of the same array, which judges
nothing.

    python bench/reader_benchmark.py --count 20000 --empty 200000
"""

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from domain.notice_files import read_notice_file  # noqa: E402
from tests.factories import make_notice  # noqa: E402
from tests.test_properties import _flat  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--empty", type=int, default=200_000)
    args = parser.parse_args()
    received = datetime.now(UTC) - timedelta(hours=1)
    notices = [
        make_notice("rent_arrears", received, notice_id=f"B-{n}", serial=n % 997 + 1)
        for n in range(args.count)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        array = folder / "notices.json"
        array.write_text(json.dumps(notices, indent=2, ensure_ascii=False))
        lines = folder / "notices.jsonl"
        lines.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notices))
        table = folder / "notices.csv"
        buffer = io.StringIO()
        rows = [_flat(n) for n in notices]
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        table.write_text(buffer.getvalue())
        empty = folder / "empty.json"
        empty.write_text("[" + ",\n".join(["{}"] * args.empty) + "]")
        began = time.perf_counter()
        json.loads(array.read_text())
        floor = time.perf_counter() - began
        print(f"{'file':<38} {'notices':>8} {'MB':>6} {'seconds':>8} {'per second':>11}")
        label, size = "floor: json.loads of the array", array.stat().st_size / 1e6
        print(f"{label:<38} {args.count:>8} {size:>6.1f} {floor:>8.2f}")
        for label, path, count in (
            ("one JSON array", array, args.count),
            ("JSON lines", lines, args.count),
            ("CSV", table, args.count),
            ("one array of {} (all rejected)", empty, args.empty),
        ):
            began = time.perf_counter()
            read = read_notice_file(path)
            seconds = time.perf_counter() - began
            assert len(read) == count
            size = path.stat().st_size / 1e6
            print(f"{label:<38} {count:>8} {size:>6.1f} {seconds:>8.2f} {count / seconds:>11.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
