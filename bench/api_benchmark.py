"""Benchmark: the senders' API against `cases intake` of the same notices, in one run.

One dev server (SQLite, WAL) and one worker; first `cases intake` of N rent arrears notices
(the operators' door, 32 households at once), then N others of the same shape over HTTP from
four senders at once (the senders' door, 8 requests in flight each): receipts per second for
each, and their ratio. Prints the figures; asserts nothing.

    python bench/api_benchmark.py --count 1000
"""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.api_server import ApiSender, add_sender, running_api  # noqa: E402
from tests.devserver import running_dev_server  # noqa: E402
from tests.factories import load_notices  # noqa: E402

SENDERS = 4


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


IN_FLIGHT_PER_SENDER = 8


async def _over_http(
    url: str, senders: list[ApiSender], notices: list[dict[str, Any]], in_flight: int
) -> int:
    answered = 0

    async def one_sender(sender: ApiSender, share: list[dict[str, Any]]) -> None:
        nonlocal answered
        gate = asyncio.Semaphore(in_flight)
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:

            async def one(notice: dict[str, Any]) -> None:
                nonlocal answered
                async with gate:
                    headers = {**sender.auth, "Idempotency-Key": notice["notice_id"]}
                    while True:
                        answer = await client.post("/v1/notices", json=notice, headers=headers)
                        if answer.status_code not in (429, 503):
                            break
                        await asyncio.sleep(int(answer.headers.get("retry-after", "1")))
                    answered += answer.status_code in (200, 201)

            await asyncio.gather(*(one(notice) for notice in share))

    await asyncio.gather(*(one_sender(s, notices[n::SENDERS]) for n, s in enumerate(senders)))
    return answered


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--in-flight", type=int, default=IN_FLIGHT_PER_SENDER, help="requests at once per sender"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eviction-api-bench-") as folder:
        tmp = Path(folder)
        with running_dev_server(tmp) as operator:
            by_file = tmp / "notices.jsonl"
            from_file = load_notices(args.count, "file")
            for notice in from_file:  # a file names its sender; over HTTP the credentials do
                notice["sender"] = {"kind": "landlord", "name": "Hyresvärd 0 AB"}
            by_file.write_text("".join(json.dumps(n) + "\n" for n in from_file))
            assert operator.worker is not None and operator.server is not None
            pids = {"worker": operator.worker.pid, "server": operator.server.pid}
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            started = time.perf_counter()
            done = operator.run("intake", str(by_file), "--json")
            file_seconds = time.perf_counter() - started
            file_cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
            taken = sum(json.loads(line)["status"] == "opened" for line in done.stdout.splitlines())
            senders = [add_sender(operator, f"Hyresvärd {n} AB", "landlord") for n in range(SENDERS)]
            with running_api(operator, tmp / "api.log", rate="1000/second") as api:
                pids["api"] = api.process.pid
                before = {name: cpu_seconds(pid) for name, pid in pids.items()}
                started = time.perf_counter()
                answered = asyncio.run(
                    _over_http(api.url, senders, load_notices(args.count, "http"), args.in_flight)
                )
                http_seconds = time.perf_counter() - started
                http_cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    if not taken:
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    file_rate, http_rate = taken / file_seconds, answered / http_seconds
    print(f"notices: {args.count} each door, on one dev server and one worker")
    print(
        f"cases intake (a file, 32 households at once): {taken} opened in {file_seconds:.1f} s "
        f"= {file_rate:.1f}/s"
    )
    print(
        f"senders' API (HTTP, 4 senders x {args.in_flight} in flight): {answered} receipts in "
        f"{http_seconds:.1f} s = {http_rate:.1f}/s"
    )
    print(f"ratio API / cases intake: {http_rate / file_rate:.2f}")
    for door, cpu, count in (("cases intake", file_cpu, taken), ("senders' API", http_cpu, answered)):
        split = ", ".join(f"{name} {seconds * 1000 / max(count, 1):.0f}" for name, seconds in cpu.items())
        print(f"CPU ms per notice, {door}: {split}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
