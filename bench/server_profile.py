"""What the dev server spends its CPU on, from `perf` samples of it (issue 20).

The `temporal` binary is stripped, so `perf` names none of its functions; a Go binary keeps its
own table of them (`.gopclntab`, read here: the Go 1.20+ layout), from which each sampled
address gets its function. The samples are then split by what the server was doing (the
first matching part in the call chain) and, across those, by what it spent the CPU on (SQLite,
Go's memory management, the kernel).

    python bench/server_profile.py SERVER.perf [--binary PATH]

`bench/explain.py --server-profile` records the server this way during the floor's first run
and the project's, and prints both splits.
"""

import argparse
import bisect
import functools
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's modules (run_local)
GO_MAGIC = 0xFFFFFFF1  # the function table's layout since Go 1.20
RATE = 199  # samples a second: not a multiple of the kernel's tick

# What the server was doing: the first part whose pattern matches a function in the chain.
ACTIVITIES = [
    ("visibility: search attributes upserted", r"processUpsertExecution"),
    ("visibility: a run's start and close recorded", r"process(Start|Close)Execution"),
    ("update-with-start (the sender's notice)", r"ExecuteMultiOperation"),
    ("workflow tasks handed to a worker", r"RecordWorkflowTaskStarted"),
    ("workflow tasks completed", r"RespondWorkflowTaskCompleted"),
    ("activity tasks handed to a worker", r"RecordActivityTaskStarted"),
    ("activity tasks completed", r"RespondActivityTask(Completed|Failed)"),
    ("task queues (matching: adding, polling)", r"service/matching"),
    ("history read for a worker", r"GetWorkflowExecutionHistory|ReadHistoryBranch"),
    ("the server's own queues (transfer, timer)", r"service/history/queues"),
]
# Across the above: where the CPU went, whatever it served (the first match from the leaf up;
# parsing a statement wherever it is in the chain).
RESOURCES = [
    ("SQLite: parsing statements", r"_sqlite3Prepare"),
    ("SQLite: the rest", r"modernc\.org/(sqlite|libc)"),
    ("Go's memory (allocation, garbage collection)", r"runtime\.(mallocgc|gcBgMarkWorker|gcDrain|bgsweep)"),
    ("metrics", r"uber-go/tally|common/metrics"),
    ("payload compression and protobuf", r"compress/|google\.golang\.org/protobuf"),
]
KERNEL = "the kernel (system calls, scheduling)"
REST = "the rest (gRPC's input and output, collecting garbage, scheduling)"


@functools.cache
def go_functions(binary: Path) -> tuple[list[int], list[str], int]:
    """The entry addresses and names of a Go binary's functions (sorted), and how much to add
    to an address `perf` gives as an offset in the file to make it the function table's."""
    data = binary.read_bytes()
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQ", data, shoff + k * shentsize) for k in range(shnum)]
    names_at = sections[shstrndx][4]

    def section(wanted: str) -> tuple[int, int, int]:
        for name, _type, _flags, address, offset, size in sections:
            end = data.index(b"\0", names_at + name)
            if data[names_at + name : end].decode() == wanted:
                return address, offset, size
        raise SystemExit(f"{binary}: no {wanted} section (not a Go binary?)")

    text_address, text_offset, _ = section(".text")
    _, table, _ = section(".gopclntab")
    (magic,) = struct.unpack_from("<I", data, table)
    if magic != GO_MAGIC:
        raise SystemExit(f"{binary}: a Go function table this script does not read ({magic:#x})")
    count, _files, text_start, names, _cu, _files_at, _pc, functab = struct.unpack_from(
        "<8Q", data, table + 8
    )
    text_start = text_start or text_address
    found: list[tuple[int, str]] = []
    for k in range(count):
        entry, record = struct.unpack_from("<II", data, table + functab + 8 * k)
        (name_at,) = struct.unpack_from("<i", data, table + functab + record + 4)
        start = table + names + name_at
        found.append((text_start + entry, data[start : data.index(b"\0", start)].decode(errors="replace")))
    found.sort()
    return [address for address, _ in found], [name for _, name in found], text_address - text_offset


def call_chains(perf_data: Path, binary: Path) -> list[list[str]]:
    """Each sample's call chain, leaf first, as function names ("[kernel]" for the kernel's)."""
    addresses, names, shift = go_functions(binary)
    printed = subprocess.run(
        ["perf", "script", "-i", str(perf_data), "-F", "ip,dso"], capture_output=True, text=True, check=True
    ).stdout
    chains: list[list[str]] = []
    chain: list[str] = []
    for line in [*printed.splitlines(), ""]:
        fields = line.split()
        if not fields:
            if chain:
                chains.append(chain)
            chain = []
            continue
        if len(fields) < 2:
            continue
        if "kernel" in fields[1] or "vdso" in fields[1]:
            chain.append("[kernel]")
            continue
        address = int(fields[0], 16) + shift  # perf gives the offset in the file it names no symbol of
        chain.append(names[max(bisect.bisect_right(addresses, address) - 1, 0)])
    return chains


def split(chains: list[list[str]]) -> tuple[dict[str, float], dict[str, float]]:
    """Shares of the samples: by what the server was doing, and by where the CPU went."""
    doing = {label: 0.0 for label, _ in ACTIVITIES} | {REST: 0.0}
    spent = {label: 0.0 for label, _ in RESOURCES} | {KERNEL: 0.0, "the rest": 0.0}
    doing_patterns = [(label, re.compile(pattern)) for label, pattern in ACTIVITIES]
    (parsing, parse), *spent_patterns = [(label, re.compile(pattern)) for label, pattern in RESOURCES]
    for chain in chains:
        part = next(
            (label for label, pattern in doing_patterns if any(pattern.search(f) for f in chain)), REST
        )
        doing[part] += 1
        if chain[0] == "[kernel]":
            spent[KERNEL] += 1
            continue
        if any(parse.search(function) for function in chain):  # wherever SQLite's code was
            spent[parsing] += 1
            continue
        where = next(
            (label for function in chain for label, pattern in spent_patterns if pattern.search(function)),
            "the rest",
        )
        spent[where] += 1
    total = max(len(chains), 1)
    return {k: v / total for k, v in doing.items()}, {k: v / total for k, v in spent.items()}


def temporal_binary() -> Path:
    """The dev server's binary, as `run_local.py` starts it."""
    from run_local import BIN

    return (BIN / "temporal").resolve()


@contextmanager
def recorded(pid: int, into: Path | None) -> Iterator[None]:
    """`perf` samples the process (its call chains) into `into` while the block runs; with None,
    nothing is sampled."""
    if into is None:
        yield
        return
    perf = subprocess.Popen(
        ["perf", "record", "-F", str(RATE), "-g", "-p", str(pid), "-o", str(into)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=120)


def available() -> str | None:
    """Why the server cannot be sampled here, or None."""
    if shutil.which("perf") is None:
        return "perf is not installed (Debian: linux-perf)"
    level = Path("/proc/sys/kernel/perf_event_paranoid")
    if level.exists() and int(level.read_text()) > 1 and os.geteuid() != 0:
        return "perf may not sample other processes here (kernel.perf_event_paranoid above 1)"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("perf_data", type=Path)
    parser.add_argument(
        "--binary", type=Path, default=None, help="the temporal binary (default: the project's)"
    )
    args = parser.parse_args()
    doing, spent = split(call_chains(args.perf_data, args.binary or temporal_binary()))
    for title, shares in (("what the server was doing", doing), ("where its CPU went", spent)):
        print(title)
        for label, share in shares.items():
            print(f"  {label:70}{share:>7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
