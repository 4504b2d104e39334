"""Benchmark: N notices taken in on the dev server, timed until every information letter is written.

Runs what an operator runs: a fresh dev server on a SQLite file (WAL), `worker.py`, and
`starter.py intake` on a generated JSONL file. Prints the figures; asserts nothing.

    python bench/intake_benchmark.py --count 1000
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import start_bench_server, start_worker  # noqa: E402
from tests.factories import random_notices  # noqa: E402


def count_letters(outbox: Path) -> int:
    if not outbox.exists():
        return 0
    return sum(1 for _ in outbox.glob("*/*-information_letter.json"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--parallel", type=int, default=32, help="households taken in at once")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eviction-bench-") as folder:
        tmp = Path(folder)
        env, server = start_bench_server(tmp)
        worker = None
        try:
            worker = start_worker(env, tmp / "worker.log")
            notices = random_notices(args.count, datetime.now(UTC))
            batch = tmp / "notices.jsonl"
            batch.write_text("\n".join(json.dumps(n, ensure_ascii=False) for n in notices) + "\n")
            outbox = tmp / "data" / "outbox"

            started = time.monotonic()
            command = [sys.executable, str(ROOT / "starter.py"), "intake", str(batch), "--json"]
            intake = subprocess.Popen(
                [*command, "--parallel", str(args.parallel)],
                env=env, stdout=(tmp / "receipts.jsonl").open("w"), stderr=(tmp / "intake.err").open("w"),
            )  # fmt: skip
            first_letter = intake_done = None
            while True:
                written = count_letters(outbox)
                now = time.monotonic() - started
                if written and first_letter is None:
                    first_letter = now
                if intake_done is None and intake.poll() is not None:
                    intake_done = now
                if intake_done is not None and intake.returncode != 0:
                    print(
                        f"intake failed: {(tmp / 'intake.err').read_text()[-2000:]}",
                        file=sys.stderr,
                    )
                    return 1
                if written >= args.count and intake_done is not None:
                    all_letters = now
                    break
                if now > args.timeout:
                    print(f"timed out with {written} of {args.count} letters", file=sys.stderr)
                    return 1
                time.sleep(0.1)
            receipts = [json.loads(line) for line in (tmp / "receipts.jsonl").read_text().splitlines()]
            stderr = (tmp / "intake.err").read_text()
            opened = sum(r["status"] == "opened" for r in receipts)
            pdfs = sum(1 for _ in outbox.glob("*/*.pdf"))
        finally:
            for process in (worker, server):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)

    print(f"notices:                          {args.count} ({opened} opened, exit {intake.returncode})")
    print(f"households taken in at once:      {args.parallel}")
    print(
        f"intake command:                   {intake_done:.1f} s  ({args.count / intake_done:.0f} notices/s)"
    )
    print(f"first information letter after:   {first_letter:.2f} s")
    print(
        f"all {args.count} information letters after: {all_letters:.1f} s"
        f"  ({args.count / all_letters:.0f} letters/s)"
    )
    print(f"PDF letters written in all:       {pdfs}")
    print(f"machine:                          {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if stderr.strip():
        print(stderr.strip()[-500:], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
