"""Operations (issue 21 point 4): the worker's Prometheus endpoint carries the SDK's metrics and
the project's own; the worker answers a health probe; logs are JSON lines."""

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from run_local import free_port
from tests.devserver import Operator, running_dev_server

pytestmark = pytest.mark.devserver


@pytest.fixture(scope="module")
def observed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Operator, str, str, Path]]:
    tmp = tmp_path_factory.mktemp("operations")
    metrics, health = f"127.0.0.1:{free_port()}", free_port()
    extra = {"EVICTION_METRICS_ADDRESS": metrics, "EVICTION_HEALTH_PORT": str(health)}
    with running_dev_server(tmp, extra) as operator:
        yield operator, f"http://{metrics}/metrics", f"http://127.0.0.1:{health}/health", tmp / "worker.log"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_letters_written_show_on_the_workers_metrics_beside_the_sdks(
    observed: tuple[Operator, str, str, Path],
) -> None:
    operator, metrics, _, _ = observed
    code, receipts = operator.intake(*operator.samples())
    assert code == 0
    end = time.monotonic() + 60
    while True:
        status, text = _get(metrics)
        written = [line for line in text.splitlines() if line.startswith("eviction_letters_written{")]
        if any('kind="information_letter"' in line for line in written) or time.monotonic() > end:
            break
        time.sleep(1)
    assert status == 200
    assert any('kind="information_letter"' in line for line in written), text[-2000:]
    assert "temporal_workflow_task_execution_latency" in text or "temporal_request" in text
    for receipt in receipts:  # no case id, notice id or personal data in a label
        assert receipt["case_id"] not in text and receipt["notice_id"] not in text


def test_the_worker_answers_its_health_probe_and_logs_json_lines(
    observed: tuple[Operator, str, str, Path],
) -> None:
    _, _, health, log = observed
    status, body = _get(health)
    assert status == 200 and json.loads(body) == {"status": "ok", "temporal": True}
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    assert lines and all(json.loads(line)["event"] for line in lines)
