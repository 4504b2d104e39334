"""The agenda and the board's report carry no code (issue 17's class, in the documents a case
meeting and the board read): a reporting store that holds every code of every list a column of
it takes, and the agenda and the month's report (each in Markdown and PDF) written from it. A
code the documents print as it is stored, where a person reads Swedish, fails here, named with
its list (`codes_in`, the same check `show` and the truth suite use); so does a code a document
maps to a word of its own and an English fallback."""

import json
import subprocess
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from domain.correspondence import AlertUnit, LetterKind, Recipient
from domain.deadlines import DeadlineName, DeadlineStatus
from domain.notice_kind import NoticeKind
from domain.notices import SenderKind
from domain.phase import Phase
from domain.records.closing import ClosingReason
from domain.records.contact import ContactMethod, ContactOutcome
from domain.records.eviction import EvictionOutcome
from domain.records.preassessment import ExtensionReason, PreassessmentResult
from domain.records.recovery_period import RecoveryOutcome
from domain.records.support import InterventionKind
from reporting import figures, schema as s
from reporting.agenda import write_agenda
from reporting.report_files import write_report
from reporting.store import open_store
from tests.test_swedish_output import codes_in

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
AVERTED_BY = ("keys_returned", "agreement", "payment", "other")  # domain/case_facts.py
RECEIPTS = ("opened", "joined")


def _nth(values: Sequence[Any] | type[StrEnum], n: int) -> Any:
    listed = list(values)
    value = listed[n % len(listed)]
    return value.value if isinstance(value, StrEnum) else value


def _rows(n: int) -> dict[Any, list[dict[str, Any]]]:
    """Case `n`'s rows: the n-th code of every list (so the cases together hold each), its
    moments within the days before the meeting, every deadline pending past its date or settled
    since the last meeting."""
    case_id, at = f"household-{n:04d}", NOW - timedelta(days=1 + n % 5, hours=n % 7)
    phase = _nth(Phase, n)
    period = {
        "case_id": case_id,
        "period": 1,
        "started_at": at,
        "registered_on": at.date(),
        "phase": phase,
        "tracks": ",".join(dict.fromkeys([_nth(NoticeKind, n), _nth(NoticeKind, n + 1)])),
        "first_notice_at": at,
        "first_personal_contact_at": at,
        "preassessment_result": _nth(PreassessmentResult, n),
        "preassessment_decided_at": at,
        "extension_reason": _nth(ExtensionReason, n),
        "recovery_outcome": _nth(RecoveryOutcome, n),
        "recovery_outcome_at": at,
        "eviction_first_scheduled_at": at,
        "eviction_scheduled_at": NOW + timedelta(days=n % 20 - 5),
        "postponements": n % 2,
        "eviction_outcome": _nth(EvictionOutcome, n // 3) if n % 3 else None,
        "eviction_outcome_at": at if n % 3 else None,
        "averted_by": _nth(AVERTED_BY, n),
        "social_services_present": True,
        "children_unit_present": bool(n % 2),
        "closed_at": at if phase == Phase.CLOSED else None,
        "closing_reason": _nth(ClosingReason, n // len(Phase)) if phase == Phase.CLOSED else None,
        "commitment_amount_sek": 14500.0,
    }
    deadlines = [
        {
            "case_id": case_id,
            "period": 1,
            "name": name.value,
            "due_on": (NOW - timedelta(days=2 - k)).date(),
            "due_at": None,
            "status": _nth(DeadlineStatus, n + k),
            "settled_at": None if _nth(DeadlineStatus, n + k) == DeadlineStatus.PENDING else at,
        }
        for k, name in enumerate(DeadlineName)
    ]
    return {
        s.cases: [
            {
                "case_id": case_id,
                "case_number": f"VRK 2026-{n:06d}",
                "district": "Farsta",
                "landlord": "other",
                "children": n % 3,
                "elderly": bool(n % 2),
                "officer": "vas-c-01",
                "phase": phase,
                "period": 1,
                "open_tasks_sv": json.dumps(["ring hyresgästen"]),
                "alerts_held": 0,
                "missed_open": json.dumps([_nth(DeadlineName, n)]),
                "as_of": at,
            }
        ],
        s.periods: [period],
        s.deadlines: deadlines,
        s.notices: [
            {
                "case_id": case_id,
                "notice_id": f"n-{n}",
                "kind": _nth(NoticeKind, n),
                "period": 1,
                "sender_kind": _nth(SenderKind, n),
                "received_at": at,
                "receipt": _nth(RECEIPTS, n),
            }
        ],
        s.letters: [
            {
                "case_id": case_id,
                "letter_id": f"L{n:03d}",
                "kind": _nth(LetterKind, n),
                "recipient": _nth(Recipient, n),
                "written_at": at,
                "held": bool(n % 4 == 0),
            }
        ],
        s.contacts: [
            {
                "case_id": case_id,
                "contact_id": f"C{n:03d}",
                "at": at,
                "method": _nth(ContactMethod, n),
                "outcome": _nth(ContactOutcome, n),
                "personal": bool(n % 2),
            }
        ],
        s.alerts: [
            {"case_id": case_id, "alert_id": f"A{n:03d}", "unit": _nth(AlertUnit, n), "raised_at": at}
        ],
        s.interventions: [
            {
                "case_id": case_id,
                "intervention_id": f"I{n:03d}",
                "kind": _nth(InterventionKind, n),
                "decided_at": at,
            }
        ],
    }


def _every_code_store(path: Path) -> Engine:
    lists: Iterable[Sequence[Any] | type[StrEnum]] = (
        Phase,
        NoticeKind,
        PreassessmentResult,
        ExtensionReason,
        RecoveryOutcome,
        EvictionOutcome,
        AVERTED_BY,
        ClosingReason,
        DeadlineName,
        DeadlineStatus,
        SenderKind,
        RECEIPTS,
        LetterKind,
        Recipient,
        ContactMethod,
        ContactOutcome,
        AlertUnit,
        InterventionKind,
    )
    # Enough cases that the codes shown only in one phase (a closing reason) come each too.
    cases = max(len(list(values)) for values in lists) * len(Phase)
    engine = open_store(f"sqlite:///{path}")
    with engine.begin() as db:
        for n in range(cases):
            for table, rows in _rows(n).items():
                db.execute(insert(table), rows)
    return engine


def _pdf_text(path: str | Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_agenda_and_the_report_print_no_code_of_any_list(tmp_path: Path) -> None:
    engine = _every_code_store(tmp_path / "reporting.db")
    agenda = write_agenda(engine, tmp_path, NOW, by_schedule=False)
    markdown = Path(agenda.markdown_file).read_text()
    assert "Avhysningar inom 14 dagar" in markdown and "MISSAT" in markdown  # the store was read
    rows = figures.read_store(engine)
    month = figures.month(f"{NOW:%Y-%m}")
    report = figures.report(rows, month, NOW, 1)
    files = write_report(report, figures.monthly_series(rows, month, 6, NOW), tmp_path, NOW)
    assert report["totals"]["notices_received"] > 0
    for name, text in (
        ("the agenda (Markdown)", markdown),
        ("the agenda (PDF)", _pdf_text(agenda.pdf_file)),
        ("the report (Markdown)", Path(files["markdown"]).read_text()),
        ("the report (PDF)", _pdf_text(files["pdf"])),
    ):
        assert codes_in(text) == [], f"{name} prints codes {codes_in(text)}"
        left = sorted({code for code in AVERTED_BY if f" {code} " in f" {text} "})
        assert left == [], f"{name} prints codes {left}"
