"""End to end on the real dev server, in subprocesses as an operator runs them."""

import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.deadlines import (
    STOCKHOLM,
    earliest_eviction_decision,
    kfm_confirmation_due,
    preassessment_limit,
    preassessment_reminder,
    recovery_period_end,
)
from domain.notices import Notice
from infra.settings import load_settings
from infra.temporal import connect
from run_local import free_port, launch_dev_server
from tests.devserver import Operator, base_env, running_dev_server

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.devserver


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Operator]:
    tmp = tmp_path_factory.mktemp("e2e")
    with running_dev_server(tmp) as running:
        yield running
    logs = (tmp / "worker.log").read_text()
    # No personal data, and no notice id either: a sender's reference may hold a personnummer.
    for secret in ("19850412-2386", "Amina", "Exempelgatan", "MIMER-2026-11-0412", "KUND-88213"):
        assert secret not in logs, "personal data in the worker's log"


def received_on(raw: dict[str, Any]) -> date:
    return datetime.fromisoformat(raw["received_at"]).astimezone(STOCKHOLM).date()


def by_id(receipts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {receipt["notice_id"]: receipt for receipt in receipts}


def test_examples_open_cases_with_letters_alerts_and_deadlines(operator: Operator) -> None:
    code, receipts = operator.intake(*operator.samples())
    assert code == 0
    assert [r["status"] for r in receipts] == ["opened"] * 6
    receipts_by_id = by_id(receipts)

    # Expected dates, computed from the notices fed in (they are dated for the day the test runs).
    sample = Notice.model_validate(operator.sample("rent-arrears-family.json"))
    assert sample.rent_arrears is not None
    end = recovery_period_end(sample.rent_arrears.served_on, sample.rent_arrears.social_services_notified_on)
    family = operator.show_when(
        receipts_by_id["MIMER-2026-11-0412"]["case_id"], lambda v: v["letters"] and v["alerts"]
    )
    assert family["tracks"] == ["rent_arrears"]
    assert family["phase"] == "preassessment"
    assert family["deadlines"]["recovery_period"] == {
        "due": end.isoformat(), "status": "pending",
        "earliest_eviction_decision": earliest_eviction_decision(end).isoformat(), "outcome": None,
    }  # fmt: skip
    assert family["deadlines"]["preassessment_reminder"] == {
        "due": preassessment_reminder(sample.received_on).isoformat(),
        "status": "pending",
    }
    limit = preassessment_limit(sample.received_on).isoformat()
    assert family["deadlines"]["preassessment_limit"] == {"due": limit, "status": "pending"}
    assert "eviction" not in family["deadlines"] and "kfm_confirmation" not in family["deadlines"]
    assert [(letter["kind"], letter["recipient"]) for letter in family["letters"]] == [
        ("information_letter", "tenant")
    ]
    assert Path(family["letters"][0]["file"]).read_bytes()[:4] == b"%PDF"
    assert [(a["unit"], a["reason"]) for a in family["alerts"]] == [
        ("children_unit", "children in household: report of concern")
    ]
    assert family["alerts"][0]["reason_sv"].startswith("Barn bor i ett hushåll")  # added, issue 17
    assert family["notices"] == ["MIMER-2026-11-0412"]
    assert operator.show("--personnummer", "198504122386")["case_id"] == family["case_id"]

    kfm = Notice.model_validate(operator.sample("eviction-single.json"))
    assert kfm.eviction is not None
    eviction = operator.show_when(
        receipts_by_id["KFM-2026-1234567"]["case_id"], lambda v: len(v["letters"]) == 3
    )
    assert eviction["tracks"] == ["eviction"]
    # Received today and confirmed at once: the same-day confirmation is met.
    confirmation = eviction["deadlines"]["kfm_confirmation"]  # with a note when received on a closed day
    assert (confirmation["due"], confirmation["status"]) == (
        kfm_confirmation_due(kfm.received_on).due.isoformat(),
        "met",
    )
    assert eviction["deadlines"]["eviction"] == {
        "due": kfm.eviction.scheduled_at.astimezone(STOCKHOLM).isoformat(),
        "status": "pending",
    }
    assert {(letter["kind"], letter["recipient"]) for letter in eviction["letters"]} == {
        ("kfm_confirmation", "kfm"),
        ("kfm_confirmation_tenant_copy", "tenant"),
        ("information_letter", "tenant"),
    }  # fmt: skip
    assert eviction["alerts"] == []

    elderly = operator.show_when(receipts_by_id["FB-2026-STOR-0088"]["case_id"], lambda v: v["alerts"])
    assert elderly["tracks"] == ["disturbance"]
    assert [a["unit"] for a in elderly["alerts"]] == ["elderly_care_outreach"]
    assert "recovery_period" not in elderly["deadlines"]

    early = operator.show_when(receipts_by_id["SOC-2026-11-0007"]["case_id"], lambda v: v["alerts"])
    assert [a["unit"] for a in early["alerts"]] == ["elderly_care_outreach"]
    # Sent by another administration, and known there: both need the tenant's consent.
    assert early["consent_needed_for"] == ["landlord", "other administration: Äldreförvaltningen"]
    assert eviction["register_check"]["known_in_unit"] == "Ekonomiskt bistånd"
    assert family["consent_needed_for"] == []

    sublet = operator.show_when(receipts_by_id["MIMER-2026-11-0502"]["case_id"], lambda v: v["alerts"])
    assert sublet["register_check"]["registered_at_address"] is False
    assert any("not registered at the address" in event["what"] for event in sublet["history"])

    readable = operator.run("show", family["case_id"])
    assert readable.returncode == 0
    assert "recovery_period" in readable.stdout and end.isoformat() in readable.stdout


def test_the_same_intake_again_changes_nothing(operator: Operator) -> None:
    before = sorted(p.name for p in (operator.data_dir / "outbox").rglob("*"))
    code, receipts = operator.intake(*operator.samples())
    assert code == 0
    assert [r["status"] for r in receipts] == ["duplicate"] * 6
    time.sleep(1)
    assert sorted(p.name for p in (operator.data_dir / "outbox").rglob("*")) == before


def test_bad_notices_are_reported_and_the_good_ones_taken_in(operator: Operator, tmp_path: Path) -> None:
    family = operator.sample("rent-arrears-family.json")
    kfm_for_family = operator.sample("eviction-single.json")
    kfm_for_family.update(notice_id="KFM-2026-7654321", tenant=family["tenant"], address=family["address"])
    bad_luhn = dict(family, notice_id="BAD-1", tenant=dict(family["tenant"], personnummer="19850412-2387"))
    after_receipt = (received_on(family) + timedelta(days=3)).isoformat()
    served_late = dict(
        family, notice_id="BAD-2",
        tenant=dict(family["tenant"], personnummer="19770707-2380"),
        rent_arrears=dict(family["rent_arrears"], served_on=after_receipt),
    )  # fmt: skip
    lines = [json.dumps(kfm_for_family), json.dumps(bad_luhn), "{not json", json.dumps(served_late)]
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    csv_file = tmp_path / "broken.csv"
    header, first_row = (operator.data_dir.parent / "samples" / "batch.csv").read_text().splitlines()[:2]
    csv_file.write_text(
        header + "\n" + first_row.replace("MIMER-2026-11-0501,rent_arrears", "CSV-9,unknown_kind") + "\n"
    )

    code, receipts = operator.intake(jsonl, csv_file)
    assert code == 1
    statuses = [(r["notice_id"], r["status"]) for r in receipts]
    assert statuses == [
        ("KFM-2026-7654321", "joined"), ("BAD-1", "rejected"), (None, "rejected"),
        ("BAD-2", "rejected"), ("CSV-9", "rejected"),
    ]  # fmt: skip
    assert receipts[1]["errors"] == [
        {
            "field": "tenant.personnummer",
            "reason": "fails the check digit (Luhn)",
            "reason_sv": "har fel kontrollsiffra (sista siffran stämmer inte)",  # added, issue 22
        }
    ]
    assert receipts[1]["source"] == {"file": str(jsonl), "line": 2}
    assert receipts[2]["source"] == {"file": str(jsonl), "line": 3}
    assert receipts[3]["errors"] == [
        {
            "field": "rent_arrears.served_on",
            "reason": "is after received_at",
            "reason_sv": "ligger efter received_at",  # added, issue 22
        }
    ]
    assert receipts[4]["source"] == {"file": str(csv_file), "line": 2, "row": 1}
    assert receipts[4]["errors"][0]["field"] == "kind"
    assert "case_id" not in receipts[1]

    joined = operator.show_when(
        receipts[0]["case_id"],
        lambda v: "kfm_confirmation" in v["deadlines"] and len(v["letters"]) == 3,
    )
    assert joined["tracks"] == ["rent_arrears", "eviction"]
    assert joined["notices"] == ["MIMER-2026-11-0412", "KFM-2026-7654321"]
    assert [letter["kind"] for letter in joined["letters"]].count("information_letter") == 1
    # The rejected notice started nothing.
    missing = operator.run("show", "--personnummer", "19770707-2380", "--json")
    assert missing.returncode == 1 and "no case" in missing.stderr


def run_once(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The README's run command, once: `run_local.py --once`."""
    command = [sys.executable, str(ROOT / "run_local.py"), "--once"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)


def test_run_command_starts_everything_and_cases_survive_a_restart(tmp_path: Path) -> None:
    """The README's run command, as `run_local.py --once`, on ports and data of its own."""
    port = free_port()
    env = base_env(tmp_path, port)
    env["TEMPORAL_UI_PORT"] = str(free_port())
    env["EVICTION_CODEC_PORT"] = str(free_port())
    done = run_once(env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("opened") == 6
    assert f"Temporal Web UI: http://localhost:{env['TEMPORAL_UI_PORT']}" in done.stdout
    assert (tmp_path / "data" / "temporal.db").exists()
    letters = sorted((tmp_path / "data" / "outbox").rglob("*.pdf"))
    assert len(letters) == 8  # six information letters, the confirmation to Kronofogden and its copy
    # For the service account only: every folder 0700, every file 0600, the database included.
    data = tmp_path / "data"
    for path in [data, *data.rglob("*")]:
        if path.name.startswith("temporal.db-"):
            continue  # SQLite's own WAL files, inside the private folder
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.relative_to(tmp_path)}: {oct(mode)}"

    # Stopped and started again on the same data: the cases are still there, nothing is redone.
    again = run_once(env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("duplicate") == 6 and "opened" not in again.stdout
    assert sorted((tmp_path / "data" / "outbox").rglob("*.pdf")) == letters


def test_supervisors_can_list_cases_by_search_attributes_without_personal_data(
    operator: Operator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the Web UI's list filters use, through the same visibility API."""
    for name, value in operator.env.items():
        if name.startswith(("TEMPORAL_", "EVICTION_")):
            monkeypatch.setenv(name, value)
    family = operator.show("--personnummer", "19850412-2386")

    async def listing() -> tuple[list[str], dict[str, Any]]:
        client = await connect(load_settings())
        query = 'CasePhase = "preassessment" AND HasChildren = true AND District = "Västerås centrum"'
        for _ in range(50):
            found = [w.id async for w in client.list_workflows(query)]
            if family["case_id"] in found:
                break
            await asyncio.sleep(0.2)
        described = await client.get_workflow_handle(family["case_id"]).describe()
        return found, {pair.key.name: pair.value for pair in described.typed_search_attributes}

    found, attributes = asyncio.run(listing())
    assert family["case_id"] in found
    assert attributes["CaseTracks"] == ["rent_arrears", "eviction"]
    assert attributes["Landlord"] == "Bostads AB Mimer"
    # The confirmation to Kronofogden is met, so the eviction day is what comes next.
    assert attributes["NextDeadlineKind"] == "eviction"
    kfm = Notice.model_validate(operator.sample("eviction-single.json"))
    family_notice = Notice.model_validate(operator.sample("rent-arrears-family.json"))
    assert kfm.eviction is not None and family_notice.rent_arrears is not None
    assert attributes["NextDeadline"] == kfm.eviction.scheduled_at
    arrears = family_notice.rent_arrears
    end = recovery_period_end(arrears.served_on, arrears.social_services_notified_on)
    assert attributes["RecoveryPeriodEnd"].date().isoformat() == end.isoformat()
    text = repr(attributes)
    for personal in ("19850412", "Amina", "Exempelgatan", "+4670"):
        assert personal not in text


def test_a_worker_killed_mid_batch_leaves_every_letter_written_exactly_once(tmp_path: Path) -> None:
    from tests.factories import random_notices

    server, port, _ = launch_dev_server(tmp_path, tmp_path / "temporal.log")
    env = base_env(tmp_path, port)
    workers: list[subprocess.Popen[bytes]] = []

    def start_worker() -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "worker.py")], env=env,
            stdout=(tmp_path / "worker.log").open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append(worker)
        return worker

    try:
        first = start_worker()
        batch = tmp_path / "batch.jsonl"
        count = 60
        notices = random_notices(count, datetime.now(UTC), seed=11)
        batch.write_text("\n".join(json.dumps(n, ensure_ascii=False) for n in notices) + "\n")
        operator = Operator(env, tmp_path / "data")
        outbox = tmp_path / "data" / "outbox"
        intake = subprocess.Popen(
            [sys.executable, str(ROOT / "starter.py"), "intake", str(batch), "--json"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        end = time.monotonic() + 60
        while not list(outbox.glob("*/*.pdf")) and time.monotonic() < end:
            time.sleep(0.05)
        first.kill()  # SIGKILL halfway: no clean shutdown, activities cut off
        first.wait()
        start_worker()
        stdout, _ = intake.communicate(timeout=120)
        assert [json.loads(line)["status"] for line in stdout.splitlines()] == ["opened"] * count

        end = time.monotonic() + 90
        while len(list(outbox.glob("*/*-information_letter.json"))) < count and time.monotonic() < end:
            time.sleep(0.2)
        letters = list(outbox.glob("*/*-information_letter.pdf"))
        assert len(letters) == count == len(list(outbox.glob("*/*-information_letter.json")))
        assert len({letter.parent for letter in letters}) == count  # one per case, none twice
        assert not [p for p in outbox.rglob(".*")], "a half-written temporary file was left"
        view = operator.show(letters[0].parent.name)
        assert [entry["kind"] for entry in view["letters"]].count("information_letter") == 1
    finally:
        for process in [*workers, server]:
            process.terminate()
            process.wait(timeout=30)


def test_the_run_command_stops_its_server_and_worker_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = base_env(tmp_path, port)
    env["TEMPORAL_UI_PORT"] = str(free_port())
    env["EVICTION_CODEC_PORT"] = str(free_port())
    log = tmp_path / "run.txt"
    running = subprocess.Popen(
        [sys.executable, str(ROOT / "run_local.py")], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        end = time.monotonic() + 120
        while "Running." not in log.read_text() and time.monotonic() < end:
            time.sleep(0.3)
        assert "Running." in log.read_text(), log.read_text()
        running.send_signal(signal.SIGTERM)
        assert running.wait(timeout=60) == 0
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "the dev server is still listening"
    finally:
        running.kill()


def write_notice(tmp: Path, notice: dict[str, Any]) -> Path:
    path = tmp / f"{notice['notice_id']}.json"
    path.write_text(json.dumps(notice, ensure_ascii=False))
    return path


class Officer:
    """A case officer at the command line: each action one subcommand, answered in JSON."""

    def __init__(self, operator: Operator, case_id: str) -> None:
        self.operator = operator
        self.case_id = case_id

    def do(self, command: str, *args: str, expect: int = 0) -> dict[str, Any]:
        done = self.operator.run(command, self.case_id, *args, "--by", "vas-c-01", "--json")
        assert done.returncode == expect, (done.returncode, done.stdout, done.stderr)
        return json.loads(done.stdout) if done.stdout else {"stderr": done.stderr}

    def show(self, check: Any = lambda view: True) -> dict[str, Any]:
        return self.operator.show_when(self.case_id, check)


def test_a_case_officer_works_a_rent_arrears_case_from_notice_to_follow_up(
    operator: Operator, tmp_path: Path
) -> None:
    from tests.factories import make_notice

    notice = make_notice("rent_arrears", datetime.now(UTC), notice_id="E2E-RA-1", serial=777, children=[])
    code, [receipt] = operator.intake(write_notice(tmp_path, notice))
    assert code == 0 and receipt["status"] == "opened"
    officer = Officer(operator, receipt["case_id"])
    view = officer.show(lambda v: v["phase"] == "preassessment")
    assert "phone the tenant (a number is known); a letter is not personal contact" in view["open_tasks"]
    assert [(c["method"], c["outcome"]) for c in view["contacts"]] == [("letter", "sent")]
    assert view["personally_reached"] is False

    # The ladder: a failed call; an unannounced visit is refused and leaves no trace.
    assert officer.do("contact", "--method", "phone", "--outcome", "not_reached")["status"] == "accepted"
    answer = officer.do("contact", "--method", "unannounced_visit", "--outcome", "reached", expect=1)
    assert answer["status"] == "refused" and "not yet failed: an announced home visit" in answer["reason"]
    assert len(officer.show()["contacts"]) == 2
    officer.do("contact", "--method", "phone", "--outcome", "reached", "--note", "Vill ha hjälp")

    # Consent, then the investigation, then the commitment and its registered letter.
    bad = officer.do("consent", "--to", "administration", "--purpose", "contact", "--form", "oral", expect=1)
    assert "must name the administration" in bad["reason"]
    officer.do("consent", "--to", "social_services", "--purpose", "investigation", "--form", "written")
    refused = officer.do("commit-payment", "--amount", "14500", expect=1)
    assert "open an investigation first" in refused["reason"]
    officer.do("end-preassessment", "--investigate", "adult")
    officer.do(
        "consent",
        "--to",
        "landlord",
        "--purpose",
        "payment_commitment",
        "--purpose",
        "planned_support",
        "--form",
        "oral",
    )
    malformed = operator.run("commit-payment", officer.case_id, "--amount", "-5")
    assert malformed.returncode == 2 and "--amount must be greater than 0" in malformed.stderr
    assert (
        "the commitment counts once it is sent"
        in officer.do("commit-payment", "--amount", "14500")["message"]
    )
    view = officer.show(
        lambda v: {"payment_commitment", "follow_up_offer"} <= {x["kind"] for x in v["letters"]}
    )
    assert view["eviction_barred_for_debt"] is True
    assert view["deadlines"]["recovery_period"]["status"] == "met"
    assert view["deadlines"]["preassessment_limit"]["status"] == "met"
    assert [k["to"] for k in view["consents"]] == ["social_services", "landlord"]

    # The follow-up: consent, arranged for three months on, held, and the case closes.
    refused = officer.do("follow-up", "--for", "adult", expect=1)
    assert "needs their consent" in refused["reason"]
    officer.do("consent", "--to", "social_services", "--purpose", "follow_up", "--form", "oral")
    assert "follow-up arranged for" in officer.do("follow-up", "--for", "adult")["message"]
    # Held on day 0, the follow-up is refused (issue 18): it is held when its day has come.
    early = officer.do("contact", "--method", "meeting", "--outcome", "reached", "--follow-up", expect=1)
    assert "the follow-up is due on" in early["reason"]
    assert officer.show()["phase"] == "follow_up"
    done = officer.do("close", "--reason", "eviction_averted")
    assert "case closed: eviction averted" in done["message"]

    view = officer.show()
    assert view["phase"] == "closed" and view["closure"] == {"reason": "eviction_averted", "by": "vas-c-01"}
    assert view["follow_up"]["done"] is False
    printed = operator.run("show", officer.case_id)
    assert printed.returncode == 0
    for heading in ("Contact attempts", "Consents", "Personal contact with the tenant: yes", "Closed:"):
        assert heading in printed.stdout
    assert notice["tenant"]["personnummer"] not in printed.stdout


def test_a_case_officer_asks_kronofogden_for_a_postponement_and_records_the_eviction(
    operator: Operator, tmp_path: Path
) -> None:
    from tests.factories import make_notice, working_morning

    now = datetime.now(UTC)
    notice = make_notice("eviction", now, notice_id="E2E-KFM-1", serial=778, children=[2016])
    code, [receipt] = operator.intake(write_notice(tmp_path, notice))
    assert code == 0
    officer = Officer(operator, receipt["case_id"])
    first = officer.show(lambda v: len(v["letters"]) == 3)["eviction"]["scheduled_at"]
    later = working_morning(datetime.fromisoformat(first) + timedelta(days=60))
    new_time, moved = (
        later.strftime("%Y-%m-%dT09:00"),
        later.replace(hour=9, minute=0, second=0, microsecond=0),
    )
    refused = officer.do("postponement-answer", "--granted", "--new-time", new_time, expect=1)
    assert "no postponement has been requested" in refused["reason"]
    officer.do("request-postponement", "--reason", "arranging_housing")
    too_far = (later + timedelta(days=400)).strftime("%Y-%m-%dT09:00")
    assert (
        "more than a year"
        in officer.do("postponement-answer", "--granted", "--new-time", too_far, expect=1)["reason"]
    )
    answer = officer.do("postponement-answer", "--granted", "--new-time", new_time)
    assert f"moves to {moved.isoformat()}" in answer["message"]
    view = officer.show()
    assert view["eviction"]["scheduled_at"] == moved.isoformat() != first
    assert view["deadlines"]["eviction"]["due"] == moved.isoformat()
    assert view["eviction"]["postponement_requests"][0]["answer"] == "granted"
    # The children's unit is told to attend, for the new day too.
    view = officer.show(lambda v: sum(a["reason"].startswith("attend") for a in v["alerts"]) == 2)
    assert [a["reason"] for a in view["alerts"] if a["reason"].startswith("attend")][-1].endswith(
        moved.strftime("%Y-%m-%d %H.%M")
    )
    early = officer.do("eviction-outcome", "--outcome", "cancelled", "--attended", expect=1)
    assert "before it took place" in early["reason"] and "innan den ägde rum" in early["reason_sv"]
    executed = officer.do("eviction-outcome", "--outcome", "executed", "--not-attended", expect=1)
    assert "cannot be recorded as executed before its date and time" in executed["reason"]
    outcome = officer.do("eviction-outcome", "--outcome", "cancelled", "--not-attended")
    assert outcome["status"] == "accepted"
    assert officer.show()["eviction"]["outcome"] == "cancelled"


def test_with_no_worker_polling_show_and_actions_say_so_within_seconds(operator: Operator) -> None:
    """A server that answers, but no worker on the task queue: one line, exit 3, nothing sent."""
    family = operator.show("--personnummer", "19850412-2386")
    idle = Operator(
        {**operator.env, "EVICTION_TASK_QUEUE": "nobody-polls-this", "EVICTION_LANG": "sv"}, operator.data_dir
    )
    for args, seconds in (
        (["intake", str(operator.samples()[0])], 40),  # gives a starting worker 30 s
        (["show", family["case_id"]], 15),
        (["contact", family["case_id"], "--method", "phone", "--outcome", "not_reached", "--by", "o-1"], 15),
    ):
        started = time.monotonic()
        done = idle.run(*args)
        assert time.monotonic() - started < seconds
        assert done.returncode == 3, done.stderr
        message = " ".join(done.stderr.split())
        assert "ingen worker hämtar arbete från kön nobody-polls-this" in message and "worker.py" in message
        assert "Traceback" not in done.stderr and done.stdout == ""
    as_json = idle.run("show", family["case_id"], "--json")
    assert as_json.returncode == 3 and json.loads(as_json.stdout)["exit_code"] == 3
    assert len(operator.show(family["case_id"])["contacts"]) == len(family["contacts"])  # nothing was sent


def test_a_notice_from_the_future_is_rejected_and_starts_nothing(operator: Operator, tmp_path: Path) -> None:
    from tests.factories import make_notice

    later = datetime.now(UTC) + timedelta(days=2)
    notice = make_notice("rent_arrears", later, notice_id="E2E-FUTURE-1", serial=779)
    code, [receipt] = operator.intake(write_notice(tmp_path, notice))
    assert code == 1 and receipt["status"] == "rejected"
    assert receipt["errors"] == [
        {
            "field": "received_at",
            "reason": "is later than the moment the notice is taken in",
            "reason_sv": "ligger senare än tidpunkten då underrättelsen tas emot",  # added, issue 22
        }
    ]
    missing = operator.run("show", "--personnummer", notice["tenant"]["personnummer"], "--json")
    assert missing.returncode == 1


def test_one_notice_id_for_two_households_is_a_conflict_and_opens_no_second_case(
    operator: Operator, tmp_path: Path
) -> None:
    """One id is one notice (spec): an id another household's case holds is rejected before
    anything is sent, across files and runs and within one file (the first in the file wins)."""
    from tests.factories import make_notice

    family_file = operator.data_dir.parent / "samples" / "rent-arrears-family.json"
    family_case = by_id(operator.intake(family_file)[1])["MIMER-2026-11-0412"]["case_id"]
    family_notices = operator.show(family_case)["notices"]
    now = datetime.now(UTC) - timedelta(hours=1)
    reused = make_notice("rent_arrears", now, notice_id="MIMER-2026-11-0412", serial=781)
    first = make_notice("rent_arrears", now, notice_id="E2E-SAME-ID", serial=782)
    second = make_notice("rent_arrears", now, notice_id="E2E-SAME-ID", serial=783)
    batch = tmp_path / "same-ids.jsonl"
    batch.write_text("".join(json.dumps(n) + "\n" for n in (reused, first, second)))

    for run in range(2):  # a re-run changes nothing: the first is a duplicate, the others still refused
        code, receipts = operator.intake(batch)
        assert code == 1
        assert [r["status"] for r in receipts] == ["rejected", "duplicate" if run else "opened", "rejected"]
        assert receipts[0]["errors"][0]["field"] == "notice_id"
        assert f"another household (case {family_case})" in receipts[0]["errors"][0]["reason"]
        assert f"another household (case {receipts[1]['case_id']})" in receipts[2]["errors"][0]["reason"]
        assert receipts[0]["source"] == {"file": str(batch), "line": 1}
    for refused in (reused, second):
        missing = operator.run("show", "--personnummer", refused["tenant"]["personnummer"], "--json")
        assert missing.returncode == 1 and "no case" in missing.stderr
    assert operator.show(family_case)["notices"] == family_notices  # the family's case unchanged


def test_with_the_index_of_notice_ids_out_of_reach_nothing_is_sent(
    operator: Operator, tmp_path: Path
) -> None:
    from tests.factories import make_notice

    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    notice = make_notice("rent_arrears", an_hour_ago, notice_id="E2E-NOIDX", serial=784)
    env = dict(operator.env, EVICTION_REPORTING_URL=f"sqlite:///{tmp_path / 'a-file' / 'reporting.db'}")
    (tmp_path / "a-file").write_text("not a folder")
    blind = Operator(env, operator.data_dir)
    code, [receipt] = blind.intake(write_notice(tmp_path, notice))
    assert code == 1 and receipt["status"] == "rejected"
    assert "index of notice ids cannot be reached" in receipt["errors"][0]["reason"]
    assert "re-run the file" in receipt["errors"][0]["reason"]
    missing = operator.run("show", "--personnummer", notice["tenant"]["personnummer"], "--json")
    assert missing.returncode == 1 and "no case" in missing.stderr
    code, [receipt] = operator.intake(write_notice(tmp_path, notice))  # with the index back: taken in
    assert code == 0 and receipt["status"] == "opened"


def test_with_json_stdout_stays_json_when_the_server_dies_mid_file(tmp_path: Path) -> None:
    """The SDK's retry warnings and asyncio's "Future exception was never retrieved" go to the
    command line's log, not to stdout or the screen; every notice still gets its receipt."""
    from tests.factories import make_notice

    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    notices = [
        make_notice("rent_arrears", an_hour_ago, notice_id=f"DIE-{n}", serial=100 + n) for n in range(300)
    ]
    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps(notice) + "\n" for notice in notices))
    with running_dev_server(tmp_path) as operator:
        assert operator.server is not None
        # Few households at a time, so that most notices are still to send when the server dies.
        command = [sys.executable, str(ROOT / "starter.py"), "intake", str(many), "--json", "--parallel", "4"]
        intake = subprocess.Popen(
            command, env=operator.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        outbox = operator.data_dir / "outbox"
        end = time.monotonic() + 60
        while not (outbox.exists() and any(outbox.rglob("*.pdf"))) and time.monotonic() < end:
            time.sleep(0.05)
        operator.server.kill()  # mid-file: the first letters are out, most notices are not in
        stdout, stderr = intake.communicate(timeout=240)
        operator.server.wait(timeout=20)
        # Re-run as told, once the server is back: every notice is in, none kept out by its claim.
        operator.restart_server(tmp_path)
        code, again = operator.intake(many)
        assert code == 0, [r for r in again if r["status"] == "rejected"][:3]
        assert {r["status"] for r in again} <= {"opened", "duplicate"}
    receipts = [json.loads(line) for line in stdout.splitlines()]  # JSON only, line by line
    assert [r["notice_id"] for r in receipts] == [n["notice_id"] for n in notices]
    statuses = {r["status"] for r in receipts}
    assert "rejected" in statuses and statuses <= {"opened", "rejected"}, statuses
    reasons = {r["errors"][0]["reason"] for r in receipts if r["status"] == "rejected"}
    assert all("re-run the file" in reason for reason in reasons), reasons
    assert any("stopped answering" in reason for reason in reasons), reasons  # not tried one by one
    assert intake.returncode == 1
    assert "Traceback" not in stderr and "Future exception" not in stderr and "WARN" not in stderr, stderr
    log = (operator.data_dir / "logs" / "command-line.log").read_text()
    assert "tcp connect error" in log or "Connection refused" in log or "RPCError" in log


def test_a_case_number_people_can_say_is_shown_searched_and_printed_on_letters(
    operator: Operator, monkeypatch: pytest.MonkeyPatch
) -> None:
    family = operator.show_when(
        operator.show("--personnummer", "19850412-2386")["case_id"], lambda v: v["case_number"]
    )
    number = family["case_number"]
    assert re.fullmatch(r"VRK 20\d\d-\d{6}", number)
    # show takes the case number in place of the id, and prints it for a person.
    assert operator.show(number)["case_id"] == family["case_id"]
    printed = operator.run("show", number)
    assert printed.returncode == 0 and number in printed.stdout
    # Letters and alerts carry it, not the technical id.
    letter = next(x["file"] for x in family["letters"] if x["kind"] == "information_letter")
    text = subprocess.run(["pdftotext", letter, "-"], capture_output=True, text=True, check=True).stdout
    assert f"Diarienummer: {number}" in text and family["case_id"] not in text
    alerts = [json.loads(p.read_text()) for p in (operator.data_dir / "alerts").rglob("*.json")]
    assert number in [alert.get("case_number") for alert in alerts]
    # Beside each alert's JSON, the document the unit reads (issue 17): Swedish, the case number,
    # why, the household, who to call; no code and no technical id.
    documents = [p.read_text() for p in (operator.data_dir / "alerts" / "children_unit").glob("*.txt")]
    [document] = [d for d in documents if number in d and "Varför: Barn bor i ett hushåll" in d]
    assert document.startswith("Underrättelse till enheten för barn och unga")
    assert f"Diarienummer: {number}" in document and "Varför: Barn bor i ett hushåll" in document
    assert "Amina" in document and "Ring eller skriv till: " in document
    assert "children_unit" not in document and "household-" not in document
    # The Web UI finds it with the CaseNumber search attribute.
    for name, value in operator.env.items():
        if name.startswith(("TEMPORAL_", "EVICTION_")):
            monkeypatch.setenv(name, value)

    async def search() -> list[str]:
        client = await connect(load_settings())
        return [w.id async for w in client.list_workflows(f'CaseNumber = "{number}"')]

    assert asyncio.run(search()) == [family["case_id"]]

    # The Web UI's list column in Swedish (issue 19): no code, dates as days.
    async def overview() -> str | None:
        from workflows.search_attributes import CASE_OVERVIEW

        client = await connect(load_settings())
        async for execution in client.list_workflows(f'CaseNumber = "{number}"'):
            return execution.typed_search_attributes.get(CASE_OVERVIEW)
        return None

    shown = asyncio.run(overview())
    assert shown is not None and shown.startswith(("förhandsbedömning", "utredning", "uppföljning"))
    assert "barn" in shown and re.search(r"nästa: .+ 20\d\d-\d\d-\d\d", shown)
    assert not re.search(r"[a-z]+_[a-z]+", shown), shown
    unknown = operator.run("show", "VRK 1999-000001")
    assert unknown.returncode == 1 and "no case VRK 1999-000001" in unknown.stderr


def test_who_read_a_household_is_answered_by_case_number_in_local_time(operator: Operator) -> None:
    """`cases access-log` (issue 19): every read of the case, by whom (the operating system's
    user, beside any name typed in $EVICTION_OFFICER), with which program, in Swedish time."""
    from cli.common import user_name

    family = operator.show(operator.show("--personnummer", "19850412-2386")["case_id"])
    number = family["case_number"]
    declared = Operator({**operator.env, "EVICTION_OFFICER": "anyone"}, operator.data_dir)
    assert declared.run("show", number).returncode == 0
    done = operator.run("access-log", number)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if user_name() in line]
    assert lines and any("(gave the name anyone)" in line and "the cases command" in line for line in lines)
    assert all(re.match(r"\s+20\d\d-\d\d-\d\d \d\d\.\d\d ", line) for line in lines)
    as_json = [json.loads(line) for line in operator.run("access-log", number, "--json").stdout.splitlines()]
    assert as_json and all(entry["at"].endswith(("+01:00", "+02:00")) for entry in as_json)
    assert all(entry["user"] == user_name() for entry in as_json if entry["via"] == "cases")
    later = operator.run("access-log", number, "--since", "2099-01-01")
    assert later.returncode == 0 and "Nobody has read" in later.stdout
    bad = operator.run("access-log", number, "--since", "igår")
    assert bad.returncode == 2 and "--since must be YYYY-MM-DD" in bad.stderr


def test_a_case_terminated_in_temporal_is_shown_as_what_it_is(operator: Operator, tmp_path: Path) -> None:
    """Issue 19: terminated in the Web UI (here: the temporal CLI), a case still showed its phase
    and its next deadline as if it were watched."""
    from run_local import BIN
    from tests.factories import make_notice

    notice = make_notice(
        "rent_arrears", datetime.now(UTC) - timedelta(hours=1), notice_id="E2E-TERM", serial=913
    )
    path = tmp_path / "terminated.json"
    path.write_text(json.dumps(notice))
    _, [receipt] = operator.intake(path)
    case_id = receipt["case_id"]
    assert operator.show(case_id).get("next_deadline") is not None
    assert "execution_ended" not in operator.show(case_id)
    done = subprocess.run(
        [str(BIN / "temporal"), "workflow", "terminate", "--workflow-id", case_id, "--reason", "test",
         "--address", operator.env["TEMPORAL_ADDRESS"]],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    view = operator.show(case_id)
    assert view["execution_ended"] == "terminated" and view.get("next_deadline") is None
    printed = Operator({**operator.env, "EVICTION_LANG": "sv", "COLUMNS": "200"}, operator.data_dir).run(
        "show", case_id
    )
    assert printed.returncode == 0 and "Ärendet avbröts i Temporal utan att avslutas" in printed.stdout
    # The agenda names it apart and counts it nowhere as open; the report counts it.
    number = view["case_number"]
    end = time.monotonic() + 60
    while True:
        agenda = operator.run("agenda", "--json")
        assert agenda.returncode == 0, agenda.stderr
        text = Path(json.loads(agenda.stdout)["markdown_file"]).read_text()
        if "## Ärenden som avbrutits i systemet" in text or time.monotonic() > end:
            break
        time.sleep(1)
    stopped = text.split("## Ärenden som avbrutits i systemet")[1]
    assert number in stopped and number not in text.split("## Ärenden som avbrutits i systemet")[0]
    month = datetime.now(UTC).strftime("%Y-%m")
    totals = json.loads(operator.run("report", "--month", month, "--json").stdout)["totals"]
    assert totals["cases_ended_in_temporal"] >= 1
