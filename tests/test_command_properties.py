"""Property-based: the commands given what a hostile tester types (issue 16's battery kept as a
suite): any text as an option's value, any bytes as a notice file. Whatever it is, a command
answers with one of its exit codes and a sentence, never a traceback, and with --json its
stdout is JSON lines only. Run as subprocesses, like a person does; no server is reachable
here (a closed port), so the commands that need one must say so (exit 3), after refusing what
is malformed (exit 2)."""

import json
import os
import socket
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.test_cli import starter

EXAMPLES = int(os.environ.get("EVICTION_PROPERTY_EXAMPLES", "6")) * 2
# Text a tester types: dates at the ends of time, numbers, markup, control characters, scripts.
HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        ["9999-12-25", "0001-01-01", "1999-06-01", "2026-02-30", "9999-12", "2026-13", "-1", "1e309",
         "[red]x[/]", "\x1b[31m", "a\nb", "\u2028", "王秀英", "", " ", "x" * 5000, "--json", "telefon"]
    ),
    st.text(max_size=40),
)  # fmt: skip
COMMANDS: list[list[str]] = [
    ["deadlines", "--served-on", "{}"],
    ["deadlines", "--served-on", "2026-11-02", "--notified-on", "{}"],
    ["report", "--month", "{}"],
    ["report", "--quarter", "{}"],
    ["show", "{}"],
    ["show", "--personnummer", "{}"],
    ["contact", "household-x", "--method", "{}", "--outcome", "reached", "--by", "o-1"],
    ["commit-payment", "--personnummer", "19850412-2386", "--amount", "{}", "--by", "o-1"],
    ["list", "--due-within", "{}"],
]


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def _answers_cleanly(done: Any, json_output: bool) -> None:
    assert done.returncode in (0, 1, 2, 3), (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "Logging error" not in done.stderr, done.stderr[-2000:]
    if json_output:
        for line in done.stdout.splitlines():
            json.loads(line)
    if done.returncode:
        assert done.stderr.strip(), "a refusal says why"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), value=HOSTILE_TEXT, json_output=st.booleans())
def test_any_value_for_any_option_gets_an_exit_code_and_a_sentence(
    tmp_path_factory: Any, command: list[str], value: str, json_output: bool
) -> None:
    if "\x00" in value:  # the operating system refuses it in an argument before the command runs
        value = value.replace("\x00", "")
    args = [part.replace("{}", value) for part in command] + (["--json"] if json_output else [])
    done = starter(*args, tmp=tmp_path_factory.mktemp("cmd"), address=_closed_port())
    _answers_cleanly(done, json_output)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
    suffix=st.sampled_from([".json", ".jsonl", ".csv"]),
)
def test_any_bytes_as_a_notice_file_get_receipts_or_a_sentence(
    tmp_path_factory: Any, data: bytes, suffix: str
) -> None:
    folder: Path = tmp_path_factory.mktemp("file")
    path = folder / f"notices{suffix}"
    path.write_bytes(data)
    done = starter("intake", str(path), "--json", tmp=folder / "data", address=_closed_port())
    _answers_cleanly(done, json_output=True)
