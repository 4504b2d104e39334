"""The supervisors' list on the real dev server: a few dozen cases in different states and
dates, and every filter returns exactly the cases the test expects from what it fed in."""

import asyncio
import base64
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client
from temporalio.worker import Worker

from domain.deadlines import (
    STOCKHOLM,
    end_of_day,
    office_morning,
    preassessment_limit,
    preassessment_reminder,
    recovery_period_end,
)
from domain.notices import Notice
from infra import case_list
from infra.case_client import case_id_of
from infra.settings import Settings, load_settings
from infra.temporal import connect
from infra.versioning import deployment_config
from tests.devserver import Operator, running_dev_server, wait_for_worker
from tests.factories import make_notice
from tests.helpers import TEST_CASE_ID_KEY
from worker import activity_executor, build_activities

pytestmark = pytest.mark.devserver
DISTRICTS = ["Farsta", "Västerås centrum", "Enskede-Årsta-Vantör"]
KINDS = ["rent_arrears", "eviction", "disturbance", "early_warning"]
AGES_AGO = [0, 5, 10, 20, 25, 35]  # days since receipt: no deadline falls on today


@dataclass
class Fed:
    """One case the test fed in, and what it knows of it."""

    notice: dict[str, Any]
    kind: str
    received_at: datetime
    district: str
    children: bool
    elderly: bool
    landlord: str
    case_id: str = ""
    reached: bool = False
    eviction_done: bool = False

    def deadlines(self, now: datetime) -> dict[str, tuple[datetime, datetime, bool]]:
        """name -> (the moment it is missed, the moment the list sorts on, missed by now)."""
        received_on = self.received_at.astimezone(STOCKHOLM).date()
        found: dict[str, tuple[datetime, datetime, bool]] = {}
        for name, day in (
            ("preassessment_reminder", preassessment_reminder(received_on)),
            ("preassessment_limit", preassessment_limit(received_on)),
        ):  # settled missed by their timer in the morning of the day
            found[name] = (office_morning(day), _start(day), office_morning(day) <= now)
        if self.kind == "rent_arrears":
            served = date.fromisoformat(self.notice["rent_arrears"]["served_on"])
            end = recovery_period_end(served, served)
            found["recovery_period"] = (end_of_day(end), _start(end), end_of_day(end) <= now)
        if self.kind == "eviction" and not self.eviction_done:
            at = datetime.fromisoformat(self.notice["eviction"]["scheduled_at"])
            found["eviction"] = (at, at, at <= now)
        return found

    def eviction_by(self, moment: datetime) -> bool:
        """An eviction without outcome, planned no later than `moment`."""
        if self.kind != "eviction" or self.eviction_done:
            return False
        return datetime.fromisoformat(self.notice["eviction"]["scheduled_at"]) <= moment

    def overdue(self, now: datetime) -> bool:
        return any(missed for _, _, missed in self.deadlines(now).values())

    def next_due(self, now: datetime) -> datetime | None:
        pending = [(moment, sort) for moment, sort, missed in self.deadlines(now).values() if not missed]
        pending += [
            (at, at) for name, (at, _, missed) in self.deadlines(now).items() if name == "eviction" and missed
        ]
        return min(pending)[1] if pending else None


def _start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=STOCKHOLM)


@pytest.fixture(scope="module")
def supervisor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Operator, list[Fed]]]:
    tmp = tmp_path_factory.mktemp("list")
    with running_dev_server(tmp) as operator:
        yield operator, _feed(operator, tmp)


def _feed(operator: Operator, tmp: Path) -> list[Fed]:
    now = datetime.now(UTC)
    fed = []
    for index in range(30):
        days_ago = AGES_AGO[index % len(AGES_AGO)]
        received_at = now - timedelta(days=days_ago, hours=2)
        kind = KINDS[index % len(KINDS)]
        elderly, children = index % 4 == 1, index % 3 == 0
        landlord = "Stena Fastigheter" if index % 5 == 0 else "Bostads AB Exempel"
        scheduled = received_at + timedelta(days=days_ago + (3 if index % 2 else -3))
        notice = make_notice(
            kind,
            received_at,
            notice_id=f"LIST-{index:02d}",
            serial=400 + index,
            born=date(1950, 3, 1) if elderly else date(1985, 4, 12),
            children=[2018] if children else [],
            district=DISTRICTS[index % len(DISTRICTS)],
            served_on=received_at.astimezone(STOCKHOLM).date() - timedelta(days=2),
            scheduled_at=scheduled,
        )
        notice["landlord"]["name"] = landlord
        fed.append(
            Fed(notice, kind, received_at, DISTRICTS[index % len(DISTRICTS)], children, elderly, landlord)
        )
    path = tmp / "notices.jsonl"
    path.write_text("\n".join(json.dumps(item.notice) for item in fed) + "\n")
    code, receipts = operator.intake(path)
    assert code == 0, receipts
    for item, receipt in zip(fed, receipts, strict=True):
        item.case_id = receipt["case_id"]
    assert len({item.case_id for item in fed}) == 30
    for item in fed[:4]:  # the officer reached a few by phone
        # once the case is past intake (its letters wait while the batch's cases open, and the
        # case refuses a contact until then: "try again in a moment")
        operator.show_when(item.case_id, lambda view: view["phase"] != "intake")
        done = operator.run(
            "contact", item.case_id, "--method", "phone", "--outcome", "reached", "--by", "o-1"
        )
        assert done.returncode == 0, done.stderr
        item.reached = True
    return fed


def listed(operator: Operator, *filters: str) -> list[dict[str, Any]]:
    done = operator.run("list", *filters, "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def until_listed(
    operator: Operator, filters: list[str], expected: set[str], seconds: float = 30
) -> list[dict[str, Any]]:
    """The list, once visibility has caught up with the cases' latest attributes."""
    end = time.monotonic() + seconds
    while True:
        rows = listed(operator, *filters)
        if {row["case_id"] for row in rows} == expected or time.monotonic() > end:
            return rows
        time.sleep(0.5)


def until_in_list(
    operator: Operator,
    filters: list[str],
    case_id: str,
    holds: Callable[[dict[str, Any]], bool],
    seconds: float = 30,
) -> dict[str, Any]:
    """The case's row in the list once it is there as `holds` says."""
    end = time.monotonic() + seconds
    while True:
        rows = [row for row in listed(operator, *filters) if row["case_id"] == case_id]
        if rows and holds(rows[0]):
            return rows[0]
        assert time.monotonic() < end, f"{case_id} not listed as expected: {rows}"
        time.sleep(0.5)


def ids(fed: list[Fed], keep: Callable[[Fed], bool]) -> set[str]:
    return {item.case_id for item in fed if keep(item)}


def test_every_filter_returns_exactly_the_expected_cases(supervisor: tuple[Operator, list[Fed]]) -> None:
    operator, fed = supervisor
    now = datetime.now(UTC)
    week, fortnight = now + timedelta(days=7), now + timedelta(days=14)
    expectations: list[tuple[list[str], set[str]]] = [
        ([], ids(fed, lambda f: True)),
        (["--overdue"], ids(fed, lambda f: f.overdue(now))),
        (["--due-within", "7d"], ids(fed, lambda f: f.overdue(now) or (f.next_due(now) or week) < week)),
        (
            ["--eviction-within", "14d"],
            ids(fed, lambda f: f.eviction_by(fortnight)),
        ),
        (["--track", "eviction"], ids(fed, lambda f: f.kind == "eviction")),
        (["--children"], ids(fed, lambda f: f.children)),
        (["--elderly"], ids(fed, lambda f: f.elderly)),
        (["--not-reached"], ids(fed, lambda f: not f.reached)),
        (["--district", "Farsta"], ids(fed, lambda f: f.district == "Farsta")),
        (["--landlord", "Stena Fastigheter"], ids(fed, lambda f: f.landlord == "Stena Fastigheter")),
        (["--officer", "farsta-01"], ids(fed, lambda f: f.district == "Farsta")),
        (["--phase", "preassessment"], ids(fed, lambda f: True)),
        (["--phase", "investigation"], set()),
        (
            ["--children", "--eviction-within", "14d"],
            ids(fed, lambda f: f.children and f.eviction_by(fortnight)),
        ),
        (
            ["--overdue", "--district", "Västerås centrum", "--not-reached"],
            ids(fed, lambda f: f.overdue(now) and f.district == "Västerås centrum" and not f.reached),
        ),
    ]  # fmt: skip
    assert ids(fed, lambda f: f.overdue(now)) and ids(fed, lambda f: not f.overdue(now))  # both kinds fed
    for filters, expected in expectations:
        rows = until_listed(operator, filters, expected)
        assert {row["case_id"] for row in rows} == expected, filters
    # Sorted by the next deadline, cases with none last; the contract's keys on every line.
    rows = listed(operator)
    dues = [row["next_deadline"]["due"] for row in rows if row["next_deadline"]]
    assert dues == sorted(dues, key=datetime.fromisoformat)
    assert set(rows[0]) >= {
        "case_id",
        "case_number",
        "district",
        "officer",
        "phase",
        "tracks",
        "next_deadline",
        "missed",
        "has_children",
        "elderly",
    }
    number = rows[0]["case_number"]
    assert [row["case_id"] for row in listed(operator, "--case-number", number)] == [rows[0]["case_id"]]
    overdue = {row["case_id"]: row["missed"] for row in listed(operator, "--overdue")}
    for item in fed:
        if item.case_id in overdue:
            expected_missed = {name for name, (_, _, missed) in item.deadlines(now).items() if missed}
            assert set(overdue[item.case_id]) == expected_missed


def test_a_case_crossing_its_deadline_becomes_overdue_and_a_finished_eviction_leaves_the_list(
    supervisor: tuple[Operator, list[Fed]], tmp_path: Path
) -> None:
    operator, _ = supervisor
    now = datetime.now(UTC)
    soon = make_notice(
        "eviction",
        now - timedelta(minutes=10),
        notice_id="LIST-SOON",
        serial=480,
        scheduled_at=now + timedelta(seconds=20),
    )
    path = tmp_path / "soon.json"
    path.write_text(json.dumps(soon))
    code, [receipt] = operator.intake(path)
    assert code == 0
    case_id = receipt["case_id"]
    assert case_id in {
        row["case_id"] for row in until_listed(operator, ["--eviction-within", "1d"], set(), seconds=3)
    } | {case_id}
    assert case_id not in {row["case_id"] for row in listed(operator, "--overdue")}
    # Nobody touches it: the eviction day's timer passes, and the case is overdue.
    end = time.monotonic() + 60
    while case_id not in {row["case_id"] for row in listed(operator, "--overdue")}:
        assert time.monotonic() < end, "the case never became overdue"
        time.sleep(1)
    [row] = [row for row in listed(operator, "--overdue") if row["case_id"] == case_id]
    assert row["missed"] == ["eviction"]
    # The outcome recorded: the eviction is finished and no longer 'within'.
    done = operator.run("eviction-outcome", case_id, "--outcome", "executed", "--attended", "--by", "o-1")
    assert done.returncode == 0, done.stderr
    end = time.monotonic() + 30
    while case_id in {row["case_id"] for row in listed(operator, "--eviction-within", "14d")}:
        assert time.monotonic() < end, "a finished eviction still matches --eviction-within"
        time.sleep(0.5)
    assert case_id not in {row["case_id"] for row in listed(operator, "--overdue")}


def test_the_table_reads_for_a_person_in_swedish(supervisor: tuple[Operator, list[Fed]]) -> None:
    operator, _ = supervisor
    swedish = Operator({**operator.env, "EVICTION_LANG": "sv", "COLUMNS": "200"}, operator.data_dir)
    done = swedish.run("list", "--overdue")
    assert done.returncode == 0, done.stderr
    assert "ärenden" in done.stdout and "nästa frist" in done.stdout and "förhandsbedömning" in done.stdout
    assert re.search(r"\((om \d+ dagar|i dag|i morgon|i går|för \d+ dagar sedan)\)", done.stdout)
    csv_lines = operator.run("list", "--csv").stdout.splitlines()
    assert csv_lines[0].startswith("case_number,case_id,district") and len(csv_lines) > 30
    assert "19850412" not in done.stdout + "".join(csv_lines)


def _letter_held(
    operator: Operator, tmp_path: Path, now: datetime, notice_id: str, serial: int
) -> tuple[str, Path]:
    """A new case taken in whose letters cannot be written (retried) until `blocker` goes: a
    file where the case's letters folder goes."""
    notice = make_notice("rent_arrears", now - timedelta(minutes=5), notice_id=notice_id, serial=serial)
    case_id = case_id_of(Notice.model_validate(notice), base64.b64decode(TEST_CASE_ID_KEY))
    blocker = operator.data_dir / "outbox" / case_id
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("")
    path = tmp_path / f"{notice_id}.json"
    path.write_text(json.dumps(notice))
    code, [receipt] = operator.intake(path)
    assert code == 0 and receipt["case_id"] == case_id, receipt
    return case_id, blocker


async def _not_yet_shown_at(address: str) -> case_list.NotShown:
    return await case_list.not_yet_shown(await Client.connect(address))


def test_a_case_whose_first_letter_cannot_be_written_is_listed_all_the_same(
    supervisor: tuple[Operator, list[Fed]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until its information letter is written a case has shown no attributes: the unfiltered
    list still shows it (a supervisor must not lose a case to an outbox that is down), says why
    in Swedish, and the filters, which cannot judge it yet, leave it out."""
    operator, _ = supervisor
    now = datetime.now(UTC)
    case_id, blocker = _letter_held(operator, tmp_path, now, "LIST-HELD", 481)
    try:
        end = time.monotonic() + 30
        while case_id not in {row["case_id"] for row in listed(operator)}:
            assert time.monotonic() < end, "a case whose letter waits is missing from the list"
            time.sleep(0.5)
        [row] = [row for row in listed(operator) if row["case_id"] == case_id]
        assert row["phase"] is None and row["next_deadline"] is None and row["district"] is None
        assert case_id not in {row["case_id"] for row in listed(operator, "--not-reached")}
        assert case_id in {row["case_id"] for row in listed(operator, "--phase", "intake")}
        swedish = Operator({**operator.env, "EVICTION_LANG": "sv", "COLUMNS": "250"}, operator.data_dir)
        end = time.monotonic() + 30
        while True:  # the letter's second attempt fails a second or so after its first
            table = swedish.run("list").stdout
            line = next(line for line in table.splitlines() if case_id[:20] in line)
            if "brevet försökt" in line or time.monotonic() > end:
                break
            time.sleep(1)
        assert "tas emot *" in line and "öppnat " in line and re.search(r"brevet försökt \d+ gånger", line), (
            line
        )
        assert "* 1 ärende har ännu inte visat sina uppgifter" in " ".join(table.split())
        filtered = " ".join(swedish.run("list", "--district", "Farsta").stdout.split())
        assert case_id[:20] not in filtered and "1 ärende har ännu inte visat" in filtered
        assert "filtren kan inte pröva det än" in filtered
        csv_rows = [r for r in operator.run("list", "--csv").stdout.splitlines() if case_id in r]
        assert len(csv_rows) == 1 and ",," in csv_rows[0]
        # The case number it was given (the senders' receipt carries it) finds it before it shows it.
        number = operator.show(case_id)["case_number"]
        assert number and operator.show(number)["case_id"] == case_id
        # Beyond the runs the list asks the server about (a migration's backlog) they are counted.
        monkeypatch.setattr(case_list, "DESCRIBED_AT_MOST", 0)
        beyond = asyncio.run(_not_yet_shown_at(operator.env["TEMPORAL_ADDRESS"]))
        assert (beyond.cases, beyond.more) == ([], 1)
        monkeypatch.undo()
        # The report and the agenda, which read the reporting store, say what it does not hold yet.
        month = now.astimezone(STOCKHOLM).strftime("%Y-%m")
        done = operator.run("report", "--month", month, "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["totals"]["cases_not_yet_reported"] == 1
        done = operator.run("agenda", "--json")
        assert done.returncode == 0, done.stderr
        agenda = Path(json.loads(done.stdout)["markdown_file"]).read_text()
        assert "Ärenden som ännu inte visar sina uppgifter (1)" in agenda and case_id in agenda
    finally:
        blocker.unlink()
    # The outbox is back: the letter's next attempt goes, and the case shows its attributes.
    end = time.monotonic() + 90
    while True:
        # Never missing meanwhile, also in the moment between the letter's success and its
        # attributes reaching visibility.
        rows = [row for row in listed(operator) if row["case_id"] == case_id]
        assert rows, "the case went missing from the list while it showed its attributes"
        if rows[0]["phase"] == "preassessment":
            [row] = rows
            break
        assert time.monotonic() < end, "the case never showed its attributes"
        time.sleep(1)
    assert row["next_deadline"] is not None and row["case_number"] == operator.show(case_id)["case_number"]
    assert "ärende har ännu inte" not in swedish.run("list").stdout
    done = operator.run("report", "--month", month, "--json")
    assert json.loads(done.stdout)["totals"]["cases_not_yet_reported"] == 0


def _settings_of(env: dict[str, str]) -> Settings:
    previous = dict(os.environ)
    os.environ.update(env)
    try:
        return load_settings()
    finally:
        os.environ.clear()
        os.environ.update(previous)


async def _write_letters_only(settings: Settings, until: Callable[[], bool]) -> None:
    """A worker of the same version that runs the cases' activities and no workflow task: the
    letter goes, and the case's next task waits, as it does for a busy or stopped worker."""
    client = await connect(settings)
    with activity_executor() as executor:
        async with Worker(
            client,
            task_queue=settings.task_queue,
            activities=build_activities(settings).all(),
            activity_executor=executor,
            deployment_config=deployment_config(settings),
        ):
            end = time.monotonic() + 60
            while not until():
                assert time.monotonic() < end, "the letter was never written"
                await asyncio.sleep(0.5)


def test_a_case_whose_letter_is_written_lists_until_it_shows_its_attributes(
    supervisor: tuple[Operator, list[Fed]], tmp_path: Path
) -> None:
    """Between its first letter and its attributes a case is in neither of the list's queries:
    its letter is no longer under way, and its next task (which shows them) waits for a worker.
    It lists all the same, and once it has shown them the server's description carries them
    before visibility does."""
    operator, _ = supervisor
    now = datetime.now(UTC)
    case_id, blocker = _letter_held(operator, tmp_path, now, "LIST-GAP", 482)
    settings = _settings_of(operator.env)
    try:
        until_in_list(operator, [], case_id, lambda row: row["phase"] is None)
        operator.stop_worker()
        blocker.unlink()
        asyncio.run(_write_letters_only(settings, lambda: any(blocker.glob("*.pdf"))))
        [row] = [row for row in listed(operator) if row["case_id"] == case_id]
        assert row["phase"] is None, row
        swedish = Operator({**operator.env, "EVICTION_LANG": "sv", "COLUMNS": "250"}, operator.data_dir)
        table = swedish.run("list").stdout
        line = next(line for line in table.splitlines() if case_id[:20] in line)
        assert "tas emot *" in line and "brevet försökt" not in line, line
        done = operator.run("report", "--month", now.astimezone(STOCKHOLM).strftime("%Y-%m"), "--json")
        assert json.loads(done.stdout)["totals"]["cases_not_yet_reported"] == 1
    finally:
        if blocker.is_file():
            blocker.unlink()
        if operator.worker is None:
            operator.start_worker(operator.env, tmp_path / "worker-again.log")
            wait_for_worker(operator.env)
    row = until_in_list(operator, ["--phase", "preassessment"], case_id, lambda row: True, seconds=60)
    # What the list reads for a case that visibility does not hold yet: the case's own attributes.
    shown = asyncio.run(_described(settings, case_id))
    assert shown is not None and shown.phase == "preassessment" and shown.case_number == row["case_number"]


async def _described(settings: Settings, case_id: str) -> case_list.CaseRow | None:
    return await case_list._described_row(await connect(settings), datetime.now(UTC), case_id)
