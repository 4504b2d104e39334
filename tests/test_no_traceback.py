"""No traceback for any input or server state (issue 16, point 3), on the real dev server: a
case whose workflow task fails, a list before any worker registered the search attributes, a
worker started before its server, commands given values at the ends of the calendar."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from run_local import BIN, free_port, launch_dev_server
from tests.devserver import ROOT, Operator, base_env, running_dev_server

pytestmark = pytest.mark.devserver


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout and "Logging error" not in done.stderr


def test_a_case_that_cannot_run_is_named_and_the_supervisor_told(tmp_path: Path) -> None:
    with running_dev_server(tmp_path) as operator:
        command = [str(BIN / "temporal"), "workflow", "start", "--type", "HouseholdCase"]
        command += ["--task-queue", "eviction-prevention", "--workflow-id", "household-broken"]
        command += ["--input", '{"case_id": 5, "carried_state": "not a state"}']  # the task fails
        command += ["--address", operator.env["TEMPORAL_ADDRESS"]]
        assert subprocess.run(command, capture_output=True, text=True, timeout=30).returncode == 0
        alert = operator.data_dir / "alerts" / "supervisor" / "household-broken-task-failing.json"
        end = time.monotonic() + 30
        while not alert.exists() and time.monotonic() < end:
            time.sleep(0.2)
        told = json.loads(alert.read_text())
        assert told["case_id"] == "household-broken" and "kan inte köras" in told["reason_sv"]
        for args in (
            ["show", "household-broken"],
            ["contact", "household-broken", "--method", "phone", "--outcome", "not_reached", "--by", "o-1"],
        ):
            done = operator.run(*args)
            _no_traceback(done)
            assert done.returncode == 3, done.stderr
            assert "the worker cannot run it" in " ".join(done.stderr.split())
            as_json = operator.run(*args, "--json")
            assert json.loads(as_json.stdout)["exit_code"] == 3


def test_a_list_before_any_worker_has_run_is_empty_not_a_fault(tmp_path: Path) -> None:
    server, port, _ = launch_dev_server(tmp_path, tmp_path / "temporal.log")
    try:
        operator = Operator(base_env(tmp_path, port), tmp_path / "data")
        done = operator.run("list", "--json")
        _no_traceback(done)
        assert (done.returncode, done.stdout) == (0, "")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_worker_started_before_its_server_waits_for_it(tmp_path: Path) -> None:
    port = free_port()
    env = base_env(tmp_path, port)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "worker.py")], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    server = None
    try:
        time.sleep(3)
        assert worker.poll() is None, log.read_text()  # still there, waiting
        server = launch_dev_server(tmp_path, tmp_path / "temporal.log", port=port).process
        operator = Operator(env, tmp_path / "data")
        end = time.monotonic() + 60
        while "worker started" not in log.read_text() and time.monotonic() < end:
            assert worker.poll() is None, log.read_text()
            time.sleep(0.3)
        text = log.read_text()
        # It says so when its first attempt fails; the SDK's own retry may bridge a short gap.
        assert "worker started" in text and "Traceback" not in text
        done = operator.run("list", "--json")
        assert done.returncode == 0, done.stderr
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        if server is not None:
            server.terminate()
            server.wait(timeout=20)


@pytest.mark.parametrize(
    "args",
    [
        ["deadlines", "--served-on", "9999-12-25"],
        ["deadlines", "--served-on", "1999-06-01"],
        ["deadlines", "--served-on", "0001-01-01"],
        ["report", "--month", "9999-12"],
        ["report", "--quarter", "0001-Q1"],
    ],
)
def test_values_at_the_ends_of_the_calendar_are_refused_naming_the_option(
    tmp_path: Path, args: list[str]
) -> None:
    operator = Operator(base_env(tmp_path, free_port()), tmp_path / "data")
    done = operator.run(*args)
    _no_traceback(done)
    assert done.returncode == 2 and args[1] in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("EVICTION_CACHED_CASES", "tusen", "heltal"),
        ("EVICTION_CACHED_CASES", "-1", "heltal"),
        ("EVICTION_API_PORT", "", "heltal"),
        ("EVICTION_LETTERS_WAIT_SECONDS", "en", "antal sekunder"),
    ],
)
def test_a_word_where_a_number_belongs_is_named_before_anything_starts(
    tmp_path: Path, variable: str, value: str, said: str
) -> None:
    """A count or a port that is not a whole number: the worker and every command refuse in one
    sentence naming the setting, before they reach a server (none is running here)."""
    env = {**base_env(tmp_path, free_port()), variable: value}
    worker = subprocess.run(
        [sys.executable, str(ROOT / "worker.py")], env=env, capture_output=True, text=True, timeout=60
    )
    _no_traceback(worker)
    assert worker.returncode == 2 and variable in worker.stderr and said in worker.stderr
    listed = Operator(env, tmp_path / "data").run("list", "--json")
    _no_traceback(listed)
    assert listed.returncode != 0 and variable in json.loads(listed.stdout)["error"]


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        # Off, every workflow task was refused by the server (the cases declare how they
        # upgrade, which it takes only from a versioned worker) while the worker ran on as if
        # healthy, and the notices waited for answers that never came.
        ("EVICTION_WORKER_VERSIONING", "0", "kan inte vara av"),
    ],
)
def test_a_setting_no_worker_can_run_with_is_refused_naming_it(
    tmp_path: Path, variable: str, value: str, said: str
) -> None:
    env = {**base_env(tmp_path, free_port()), variable: value}
    worker = subprocess.run(
        [sys.executable, str(ROOT / "worker.py")], env=env, capture_output=True, text=True, timeout=60
    )
    _no_traceback(worker)
    assert worker.returncode == 2
    assert variable in worker.stderr and said in worker.stderr
