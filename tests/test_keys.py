"""Keys that cannot lock a household out (issue 11, points 1 and 2): a process with other keys
refuses before it sends anything; a missing key is an error away from the embedded default; a
key ring is read current key first (the codec's rotation itself: tests/test_codec.py)."""

import base64
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infra.settings import SettingsError, load_settings
from tests.devserver import Operator, running_dev_server
from tests.factories import make_notice
from tests.helpers import TEST_PAYLOAD_KEY

ROOT = Path(__file__).resolve().parent.parent
OTHER_KEY = base64.b64encode(b"o" * 32).decode()


def test_away_from_the_embedded_default_a_missing_key_is_an_error_not_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVICTION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TEMPORAL_ADDRESS", "temporal.kommun.example:7233")
    monkeypatch.delenv("EVICTION_PAYLOAD_KEY", raising=False)
    monkeypatch.delenv("EVICTION_PAYLOAD_KEYS", raising=False)
    monkeypatch.delenv("EVICTION_CASE_ID_KEY", raising=False)
    with pytest.raises(SettingsError, match="secret store"):
        load_settings()
    assert not (tmp_path / "data" / "keys").exists()
    # The command line says it in a sentence.
    env = {**os.environ, "EVICTION_LANG": "en"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "starter.py"), "show", "household-x"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not set and there is no key file" in " ".join(done.stderr.split())


def test_a_key_ring_is_read_from_the_environment_current_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVICTION_PAYLOAD_KEYS", f"k2:{OTHER_KEY},k1:{TEST_PAYLOAD_KEY}")
    settings = load_settings()
    assert settings.payload_key_id == "k2" and list(settings.key_ring()) == ["k2", "k1"]
    monkeypatch.setenv("EVICTION_PAYLOAD_KEYS", "k2:not-base64")
    with pytest.raises(SettingsError, match="not base64"):
        load_settings()


@pytest.mark.devserver
def test_a_process_with_other_keys_refuses_before_sending_anything(tmp_path: Path) -> None:
    with running_dev_server(tmp_path) as operator:
        code, receipts = operator.intake(*operator.samples()[:1])
        assert code == 0 and receipts[0]["status"] == "opened"
        notice = tmp_path / "another.json"
        notice.write_text(json.dumps(make_notice("disturbance", _now(), notice_id="KEY-1", serial=801)))
        for variable in ("EVICTION_PAYLOAD_KEY", "EVICTION_CASE_ID_KEY"):
            wrong = Operator({**operator.env, variable: OTHER_KEY}, operator.data_dir)
            done = wrong.run("intake", str(notice), "--json")
            assert done.returncode == 3, (variable, done.stdout, done.stderr)
            said = " ".join(done.stderr.split())
            assert "not the one the cases use" in said and "Traceback" not in said
            assert json.loads(done.stdout)["status"] == "error"
        # Nothing was started: the right keys take the notice in as new.
        code, [receipt] = operator.intake(notice)
        assert receipt["status"] == "opened"
        # A second worker with another payload key refuses to start instead of failing every case.
        worker = subprocess.run(
            [sys.executable, str(ROOT / "worker.py")],
            env={**operator.env, "EVICTION_PAYLOAD_KEY": OTHER_KEY},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert worker.returncode == 2
        assert "worker refuses to start" in worker.stderr and "payload key" in worker.stderr


def _now() -> datetime:
    return datetime.now(UTC)
