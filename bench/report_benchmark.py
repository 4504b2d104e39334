"""Benchmark: the board's report over N cases in the reporting store (SQLite, the default).

The store is filled the way the cases fill it (`publish`, one transaction per case), with a
mix of the paths a year of cases takes: every kind of notice, joined notices, contacts,
decisions, evictions with outcomes, follow-ups, closings, spread over twelve months. Then it
times what `report --quarter` does: the figures (totals, per district, per landlord), the six
months of the charts, and the files (Markdown, CSV, PDF with charts). Prints; asserts nothing.

    python bench/report_benchmark.py --count 10000
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from domain.case_facts import (  # noqa: E402
    CaseFacts,
    ContactFact,
    DeadlineFact,
    LetterFact,
    NoticeFact,
    PeriodFact,
)
from domain.notice_kind import NoticeKind  # noqa: E402
from reporting import figures  # noqa: E402
from reporting.report_files import write_report  # noqa: E402
from reporting.store import open_store, publish  # noqa: E402

DISTRICTS = ["Farsta", "Västerås centrum", "Enskede-Årsta-Vantör", "Rinkeby", "Skärholmen"]
LANDLORDS = ["Bostads AB Mimer", "Familjebostäder", "Stena Fastigheter", "other"]
KINDS = list(NoticeKind)
# The embedded default's targets (config/eviction.toml), for the first page.
TARGETS = {"kfm_same_day_share": 1.0, "reached_within_5_working_days_share": 0.8,
           "preassessments_over_28_days_without_reason": 0.0}  # fmt: skip


def case(index: int, start: datetime) -> CaseFacts:
    received = start + timedelta(hours=(index * 7919) % (365 * 24))
    kind = KINDS[index % len(KINDS)]
    reached = index % 3 != 0
    contact_at = received + timedelta(days=index % 9, hours=3)
    eviction_at = received + timedelta(days=20) if kind is NoticeKind.EVICTION else None
    outcome = ["executed", "keys_returned", "cancelled", None][index % 4] if eviction_at else None
    closed = index % 5 == 0
    notices = [
        NoticeFact(
            notice_id=f"N-{index}",
            kind=kind,
            sender_kind="kronofogden" if kind is NoticeKind.EVICTION else "landlord",
            received_at=received,
            receipt="opened",
            period=1,
        )
    ]
    if index % 7 == 0:
        notices.append(
            NoticeFact(
                notice_id=f"N-{index}-K",
                kind=NoticeKind.EVICTION,
                sender_kind="kronofogden",
                received_at=received + timedelta(days=3),
                receipt="joined",
                period=1,
            )
        )
    letters = [
        LetterFact(letter_id="L001", kind="information_letter", recipient="tenant", written_at=received)
    ]
    if any(n.kind is NoticeKind.EVICTION for n in notices):
        sent = received + timedelta(hours=2 if index % 10 else 30)
        letters.append(
            LetterFact(letter_id="L002", kind="kfm_confirmation", recipient="kfm", written_at=sent)
        )
    return CaseFacts(
        case_id=f"household-bench-{index:08d}",
        case_number=f"VRK 2026-{index + 1:06d}",
        district=DISTRICTS[index % len(DISTRICTS)],
        landlord=LANDLORDS[index % len(LANDLORDS)],
        children=index % 3,
        elderly=index % 11 == 0,
        officer=f"officer-{index % 40:02d}",
        open_tasks_sv=["nå hyresgästen personligen (telefon, sms, möte eller besök)"],
        notices=notices,
        letters=letters,
        contacts=[
            ContactFact(contact_id="C001", at=contact_at, method="phone", outcome="reached", personal=True)
        ]
        if reached
        else [],
        period=PeriodFact(
            period=1,
            started_at=received,
            registered_on=received.date(),
            phase="closed" if closed else "preassessment",
            tracks=[kind.value],
            preassessment_result="close" if closed else None,
            preassessment_decided_at=received + timedelta(days=index % 35) if closed else None,
            extension_reason="hard_to_reach" if index % 13 == 0 else None,
            recovery_outcome=["debt_settled", "payment_commitment", "not_saved", None][index % 4]
            if kind is NoticeKind.RENT_ARREARS
            else None,
            eviction_first_scheduled_at=eviction_at,
            eviction_scheduled_at=eviction_at,
            postponements=1 if eviction_at and index % 6 == 0 else 0,
            eviction_outcome=outcome,
            averted_by={"keys_returned": "keys_returned", "cancelled": "agreement"}.get(outcome or ""),
            social_services_present=bool(outcome) and index % 2 == 0,
            children_unit_present=bool(outcome) and index % 3 == 1,
            follow_up_offered_at=received + timedelta(days=25) if outcome else None,
            closed_at=received + timedelta(days=40) if closed else None,
            closing_reason=["no_need", "moved", "eviction_averted", "evicted"][index % 4] if closed else None,
            deadlines=[
                DeadlineFact(
                    name="recovery_period", due_on=(received + timedelta(days=21)).date(), status="pending"
                )
            ]
            if kind is NoticeKind.RENT_ARREARS
            else [],
        ),
        as_of=received + timedelta(days=41),
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--quarter", default="2026-Q4")
    parser.add_argument("--keep", type=Path, help="write the last report's files here (README pictures)")
    args = parser.parse_args()
    period = figures.quarter(args.quarter)
    start = datetime.combine(period.last, datetime.min.time(), tzinfo=UTC) - timedelta(days=365)
    with tempfile.TemporaryDirectory(prefix="eviction-report-bench-") as folder:
        tmp = Path(folder)
        engine = open_store(f"sqlite:///{tmp / 'reporting.db'}")
        begin = time.monotonic()
        for index in range(args.count):
            publish(engine, case(index, start), LANDLORDS[index % len(LANDLORDS)])
        filled = time.monotonic() - begin
        print(
            f"published {args.count} cases in {filled:.1f} s "
            f"({args.count / filled:.0f}/s, one transaction each)"
        )
        timings, whole = [], []
        for _ in range(3):
            now = datetime.now(UTC)
            begin = time.monotonic()
            rows = figures.read_store(engine)
            found = figures.report(rows, period, now, None, TARGETS)
            timings.append(time.monotonic() - begin)
            series = figures.monthly_series(rows, period, 6, now)
            write_report(found, series, args.keep or tmp / "outbox", now)
            whole.append(time.monotonic() - begin)
        totals = found["totals"]
        print(
            f"report {period.label} figures (totals, {len(found['by_district'])} districts, "
            f"{len(found['by_landlord'])} landlords): median {statistics.median(timings):.2f} s; "
            f"{totals['notices_received']} notices in the quarter"
        )
        print(
            "with the six months of charts and the files (Markdown, CSV, PDF): "
            f"median {statistics.median(whole):.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
