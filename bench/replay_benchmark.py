"""Replaying cases as a restarted worker does: the recorded histories (tests/histories/), each
`--times` over, without the sandbox as production workers run, with the project's converter or
(`--converter sdk`) the SDK's pydantic converter with the same codec, as the project had it until
issue 20. Prints the CPU seconds and the milliseconds a history.

    python bench/replay_benchmark.py --converter project sdk
"""

import argparse
import asyncio
import base64
import dataclasses
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.worker import Replayer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.codec import EncryptionCodec  # noqa: E402
from infra.temporal import data_converter  # noqa: E402
from tests.helpers import TEST_PAYLOAD_KEY  # noqa: E402
from worker import workflow_runner  # noqa: E402
from workflows.household_case import HouseholdCase  # noqa: E402

HISTORIES = sorted((ROOT / "tests" / "histories").glob("household_case_v*.json"))


def converter(which: str) -> DataConverter:
    key = base64.b64decode(TEST_PAYLOAD_KEY)
    if which == "sdk":
        return dataclasses.replace(pydantic_data_converter, payload_codec=EncryptionCodec(key))
    return data_converter(key)


async def replay(which: str, times: int) -> tuple[float, int]:
    """CPU seconds to replay every recorded history `times` over, and how many were replayed."""
    texts = [path.read_text() for path in HISTORIES]
    replayer = Replayer(
        workflows=[HouseholdCase], data_converter=converter(which), workflow_runner=workflow_runner(False)
    )

    async def histories() -> AsyncIterator[WorkflowHistory]:
        for round_ in range(times):
            for number, text in enumerate(texts):
                yield WorkflowHistory.from_json(f"case-{round_}-{number}", text)

    began = time.process_time()
    async with replayer.workflow_replay_iterator(histories()) as results:
        async for result in results:
            if result.replay_failure is not None:
                raise SystemExit(f"a recorded history did not replay: {result.replay_failure}")
    return time.process_time() - began, times * len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--times", type=int, default=30)
    parser.add_argument("--converter", nargs="+", choices=["project", "sdk"], default=["project"])
    args = parser.parse_args()
    for which in args.converter:
        seconds, count = asyncio.run(replay(which, args.times))
        print(
            f"{which:8} {count} histories replayed: {seconds:.1f} s CPU, {1000 * seconds / count:.0f} ms each"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
