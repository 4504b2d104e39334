"""Worker Versioning on the dev server (issue 21 point 1): cases started on v1, a v2 worker
deployed, v2 made current: a case moves to v2 at its next task (AUTO_UPGRADE) while a sleeping
one stays where it was until it wakes; the agenda's run stays on the version it started on
(PINNED); timers and letters are unaffected; a rollback to v1 works; v1, drained, is retired."""

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.api.enums.v1 import VersioningBehavior
from temporalio.client import Client

from run_local import launch_dev_server
from tests.devserver import ROOT, Operator, base_env, running_dev_server, wait_for_worker
from tests.factories import make_notice, unique_tenant

pytestmark = [pytest.mark.devserver, pytest.mark.versioning]
DEPLOYMENT = "eviction-prevention"
TEMPORAL = str(ROOT / ".venv" / "bin" / "temporal")
# Drainage is computed every few minutes by default; a test waits seconds.
FAST_DRAINAGE = (
    'matching.wv.VersionDrainageStatusVisibilityGracePeriod="2s"',
    'matching.wv.VersionDrainageStatusRefreshInterval="1s"',
    # A stopped worker's version counts as polled this long; polls are renewed well within it, so
    # the command line still sees the running workers between their polls.
    'matching.PollerHistoryTTL="15s"',
    'matching.longPollExpirationInterval="4s"',
)


class Cluster:
    def __init__(self, tmp: Path, operator: Operator) -> None:
        self.tmp, self.operator = tmp, operator
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def start_worker(self, build: str, promote: bool) -> None:
        env = {
            **self.operator.env,
            "EVICTION_BUILD_ID": build,
            "EVICTION_PROMOTE_VERSION": "1" if promote else "0",
        }
        self.workers[build] = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "worker.py")],
            env=env,
            stdout=(self.tmp / f"worker-{build}.log").open("w"),
            stderr=subprocess.STDOUT,
        )

    def stop_worker(self, build: str) -> None:
        worker = self.workers.pop(build)
        worker.terminate()
        worker.wait(timeout=30)

    def temporal(self, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [TEMPORAL, *args, "--address", self.operator.env["TEMPORAL_ADDRESS"], "--output", "json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def deployment(self) -> dict[str, Any]:
        return self.temporal("worker", "deployment", "describe", "--name", DEPLOYMENT)

    def current(self) -> str | None:
        current = self.deployment().get("routingConfig", {}).get("currentVersionBuildID")
        return str(current) if current else None

    def versions(self) -> dict[str, str]:
        """Build id -> drainage status, of the versions the deployment holds."""
        return {
            v["BuildID"]: v.get("drainageStatus", "") for v in self.deployment().get("versionSummaries", [])
        }

    def set_current(self, build: str) -> None:
        self.temporal(
            "worker", "deployment", "set-current-version",
            "--deployment-name", DEPLOYMENT, "--build-id", build, "--yes",
        )  # fmt: skip

    def version_of(self, workflow_id: str) -> tuple[str, str]:
        """The versioning behaviour and the build id the workflow's last task ran on."""

        async def describe() -> tuple[str, str]:
            client = await Client.connect(self.operator.env["TEMPORAL_ADDRESS"])
            raw = (await client.get_workflow_handle(workflow_id).describe()).raw_description
            info = raw.workflow_execution_info.versioning_info
            return VersioningBehavior.Name(info.behavior), info.deployment_version.build_id

        return asyncio.run(describe())

    def agenda_runs(self) -> list[str]:
        async def listed() -> list[str]:
            client = await Client.connect(self.operator.env["TEMPORAL_ADDRESS"])
            query = "WorkflowType = 'CaseMeetingAgenda'"
            return [run.id async for run in client.list_workflows(query)]

        return asyncio.run(listed())

    def wait_for(self, what: Any, check: Any, seconds: float = 60) -> Any:
        end = time.monotonic() + seconds
        while True:
            value = what()
            if check(value) or time.monotonic() > end:
                return value
            time.sleep(0.5)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    tmp = tmp_path_factory.mktemp("versioning")
    server, port, _ = launch_dev_server(tmp, tmp / "temporal.log", extra_dynamic_config=FAST_DRAINAGE)
    env = base_env(tmp, port)
    operator = Operator(env, tmp / "data")
    running = Cluster(tmp, operator)
    try:
        yield running
    finally:
        for build in list(running.workers):
            running.stop_worker(build)
        server.terminate()
        server.wait(timeout=20)


def _take_in(operator: Operator, tmp: Path, name: str) -> str:
    notice = make_notice(
        "rent_arrears", datetime.now(UTC) - timedelta(minutes=1), notice_id=f"VER-{name}", **unique_tenant()
    )
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(notice))
    code, [receipt] = operator.intake(path)
    assert code == 0 and receipt["status"] == "opened", receipt
    case_id: str = receipt["case_id"]
    operator.show_when(case_id, lambda view: view["letters"])
    return case_id


def test_cases_move_to_a_new_current_version_roll_back_and_the_old_one_retires(
    cluster: Cluster, tmp_path: Path
) -> None:
    operator = cluster.operator
    cluster.start_worker("v1", promote=True)
    wait_for_worker(operator.env)
    assert cluster.wait_for(cluster.current, lambda current: current == "v1") == "v1"
    moving, sleeping = _take_in(operator, tmp_path, "moving"), _take_in(operator, tmp_path, "sleeping")
    assert cluster.version_of(moving) == ("VERSIONING_BEHAVIOR_AUTO_UPGRADE", "v1")
    deadlines_before = operator.show(sleeping)["deadlines"]

    # v2 deployed beside v1: nothing moves until an operator makes it current.
    cluster.start_worker("v2", promote=False)
    cluster.wait_for(cluster.versions, lambda versions: "v2" in versions)
    assert cluster.current() == "v1"
    cluster.set_current("v2")
    assert cluster.current() == "v2"

    # The case acted on runs its next task on v2; the sleeping one is where it was until it wakes.
    officer = ["--by", "vas-c-01", "--json"]
    done = operator.run("contact", moving, "--method", "phone", "--outcome", "not_reached", *officer)
    assert done.returncode == 0, done.stderr
    assert cluster.version_of(moving)[1] == "v2"
    assert cluster.version_of(sleeping)[1] == "v1"
    view = operator.show(sleeping)
    assert view["deadlines"] == deadlines_before and len(view["letters"]) >= 1

    # The agenda's run (PINNED) ends on the version it started on.
    cluster.temporal("schedule", "trigger", "--schedule-id", "case-meeting-agenda")
    [agenda_id] = cluster.wait_for(cluster.agenda_runs, lambda found: bool(found))
    pinned = cluster.wait_for(lambda: cluster.version_of(agenda_id), lambda found: found[1] != "")
    assert pinned == ("VERSIONING_BEHAVIOR_PINNED", "v2")

    # A rollback: v1 current again, and the case runs there at its next task.
    cluster.set_current("v1")
    done = operator.run("contact", moving, "--method", "phone", "--outcome", "not_reached", *officer)
    assert done.returncode == 0, done.stderr
    assert cluster.version_of(moving)[1] == "v1"

    # Forward again, v1 stopped: with nothing pinned to it, it drains and is retired.
    cluster.set_current("v2")
    cluster.stop_worker("v1")
    drained = cluster.wait_for(
        lambda: cluster.versions().get("v1"), lambda status: status == "drained", seconds=90
    )
    assert drained == "drained"
    delete = [TEMPORAL, "worker", "deployment", "delete-version", "--deployment-name", DEPLOYMENT,
              "--build-id", "v1", "--address", operator.env["TEMPORAL_ADDRESS"]]  # fmt: skip
    deleted = cluster.wait_for(
        lambda: subprocess.run(delete, capture_output=True, text=True, timeout=60),
        lambda done: done.returncode == 0,
        seconds=90,
    )
    assert deleted.returncode == 0, deleted.stderr
    assert list(cluster.versions()) == ["v2"]
    assert cluster.version_of(moving) == ("VERSIONING_BEHAVIOR_AUTO_UPGRADE", "v1")  # until it wakes
    view = operator.show(moving)  # read by the v2 worker: the case as before
    assert view["case_id"] == moving and view["deadlines"]


def _wait_for_line(log: Path, text: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while text not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < end, f"{text!r} not in {log.name}"
        time.sleep(0.1)


def test_a_worker_whose_promotion_the_server_does_not_answer_keeps_running_and_asks_again(
    tmp_path: Path,
) -> None:
    """A server killed (or too loaded to answer) while a new worker makes its version current:
    the worker stopped with a traceback and no case had a worker (seen once in CI, after a
    server restart). Now it keeps polling, asks again, and its version becomes current."""
    build = f"b-{time.monotonic_ns()}"
    with running_dev_server(tmp_path) as operator:
        log = tmp_path / "worker-new.log"
        env = {**operator.env, "EVICTION_BUILD_ID": build, "EVICTION_PROMOTE_VERSION": "1"}
        worker = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "worker.py")],
            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_for_line(log, "worker started", 90)
            assert operator.server is not None
            operator.server.kill()  # before its promotion is through
            operator.server.wait(timeout=20)
            _wait_for_line(log, "worker version not made current yet, asking again", 30)
            assert worker.poll() is None
            operator.restart_server(tmp_path)
            _wait_for_line(log, '"event": "worker version"', 120)  # current now (or already was)
            assert worker.poll() is None and "Traceback" not in log.read_text()
            shown = subprocess.run(
                [TEMPORAL, "worker", "deployment", "describe", "--name", DEPLOYMENT, "--output", "json",
                 "--address", operator.env["TEMPORAL_ADDRESS"]],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            assert build in json.loads(shown.stdout)["routingConfig"]["currentVersionBuildID"]
        finally:
            worker.terminate()
            worker.wait(timeout=30)
