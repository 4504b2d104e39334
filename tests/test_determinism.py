"""Workflow code calls nothing non-deterministic, checked in its source (issue 20).

Production workers run cases without the SDK's sandbox, which checked this at run time on the
paths a case took, and doubled the workers' CPU; the test suite still runs every worker in it
(tests/conftest.py) and replays every recorded history in it (tests/test_replay.py). This test
reads every module of ours a workflow loads, on every path, whether a test took it or not."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Modules whose every use in a workflow reads the clock, chance, the environment, files, the
# network or other threads: the case must get these from `workflow` or from an activity.
FORBIDDEN_MODULES = {
    "concurrent", "http", "io", "multiprocessing", "os", "pathlib", "random", "requests", "secrets",
    "shutil", "socket", "sqlalchemy", "sqlite3", "subprocess", "tempfile", "threading", "time",
    "urllib", "uuid",
}  # fmt: skip
# The clock read through `datetime` (`workflow.now()` is the case's clock).
CLOCK_READS = {"now", "utcnow", "today", "fromtimestamp", "utcfromtimestamp"}
CLOCK_OWNERS = {"datetime", "date"}


def offences(source: str) -> list[str]:
    """What in `source` a workflow must not do, one line each (its line number and why)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{getattr(node, 'lineno', 0)}: imports {name}")
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if isinstance(called, ast.Name) and called.id == "open":
            found.append(f"{node.lineno}: opens a file")
        if isinstance(called, ast.Attribute) and called.attr in CLOCK_READS:
            owner = called.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if owner_name in CLOCK_OWNERS:
                found.append(f"{node.lineno}: reads the clock ({owner_name}.{called.attr})")
    return found


def workflow_modules() -> dict[str, Path]:
    """Our modules the workflows load (in a fresh interpreter): the workflows' and the rules'."""
    listed = subprocess.run(
        [sys.executable, "-c",
         "import sys, workflows.household_case, workflows.agenda\n"
         "for name, module in sorted(sys.modules.items()):\n"
         "    if name.split('.')[0] in ('domain', 'workflows') and getattr(module, '__file__', None):\n"
         "        print(name, module.__file__)"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {name: Path(file) for name, file in (line.split(" ", 1) for line in listed.splitlines())}


def test_no_module_a_workflow_loads_reads_the_clock_chance_files_or_the_network() -> None:
    modules = workflow_modules()
    assert "workflows.household_case" in modules and "domain.timer_rules" in modules
    found = {name: offences(path.read_text(encoding="utf-8")) for name, path in modules.items()}
    assert {name: lines for name, lines in found.items() if lines} == {}


@pytest.mark.parametrize(
    "source, why",
    [
        ("from datetime import datetime\nx = datetime.now()", "reads the clock (datetime.now)"),
        ("import datetime\nx = datetime.date.today()", "reads the clock (date.today)"),
        ("import random", "imports random"),
        ("from uuid import uuid4", "imports uuid"),
        ("import os.path", "imports os.path"),
        ("data = open('x').read()", "opens a file"),
        ("from time import monotonic", "imports time"),
    ],
)
def test_the_check_finds_what_the_sandbox_found(source: str, why: str) -> None:
    assert [line.split(": ", 1)[1] for line in offences(source)] == [why]


def test_the_check_lets_the_cases_own_clock_and_pure_code_through() -> None:
    source = (
        "from datetime import datetime, timedelta\nfrom temporalio import workflow\n"
        "now = workflow.now()\nlater = now + timedelta(days=3)\nparsed = datetime.fromisoformat('2026-01-01')"
    )
    assert offences(source) == []
