"""The board's follow-up figures (issue 10), each with its definition, read from the store.

SQL selects the facts of the report's period (a month or a quarter, in Stockholm days); the
figures are counted here from those rows, the same way for the whole municipality, each
district and each landlord, so the groups always add up the same way as the totals.
"""

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, select

from domain.calendar import add_working_days, is_working_day, roll_forward
from domain.deadlines import local_date
from domain.local_time import STOCKHOLM
from reporting import schema as s

NO_DISTRICT = "(ingen stadsdel)"
NO_LANDLORD = "(ingen hyresvärd)"

# Every figure: its key (the --json contract) and its definition, as the report prints it.
DEFINITIONS: dict[str, str] = {
    "notices_received": "Underrättelser mottagna under perioden (efter mottagningstid), var och en en gång: "
    "= ärenden öppnade + underrättelser som lades till ett öppet ärende.",
    "cases_opened": "Underrättelser som öppnade ett ärende (eller öppnade ett avslutat ärende igen).",
    "notices_joined": "Underrättelser som lades till hyresgästens redan öppna ärende.",
    "duplicates": "Inlämningar av en underrättelse som redan var mottagen (samma id); räknas för sig.",
    "rejected": "Inlämningar som avvisades (fel i underrättelsen); räknas för sig, per skäl nedan.",
    "rejected_waiting": "Av de avvisade: de som ännu inte tagits emot rättade (samma id, i det hushåll "
    "underrättelsen gällde) eller saknar id.",
    "kfm_confirmations": "Underrättelser från Kronofogden om avhysning mottagna under perioden.",
    "kfm_confirmations_same_day": "Bekräftelsen till Kronofogden skickades samma dag som underrättelsen kom.",
    "kfm_confirmations_next_working_day": "Underrättelsen kom en stängd dag; bekräftelsen gick nästa arbetsdag.",
    "kfm_confirmations_late": "Bekräftelsen gick senare än så.",
    "kfm_confirmations_pending": "Ingen bekräftelse skickad ännu.",
    "kfm_same_day_share": "Andel samma dag (eller nästa arbetsdag efter en stängd dag) av alla underrättelser "
    "om avhysning under perioden; tom när det inte fanns några.",
    "first_contact_median_days": "Median, dagar från underrättelsen som öppnade ärendet till första personliga "
    "kontakt (telefon, sms, möte, besök där hyresgästen nåddes), för ärenden öppnade under perioden och nådda.",
    "reached_within_5_working_days": "Ärenden öppnade under perioden där hyresgästen nåddes personligen inom 5 "
    "arbetsdagar.",
    "reached_within_5_working_days_share": "Andel av ärendena öppnade under perioden.",
    "never_reached": "Ärenden öppnade under perioden där hyresgästen ännu inte nåtts personligen.",
    "preassessments_over_14_days": "Förhandsbedömningar påbörjade under perioden som pågick (eller pågår) mer "
    "än 14 dagar.",
    "preassessments_over_28_days": "Som ovan, mer än 28 dagar (fyra veckor).",
    "preassessments_over_28_days_with_reason": "Mer än 28 dagar med registrerat särskilt skäl.",
    "preassessments_over_28_days_without_reason": "Mer än 28 dagar utan registrerat skäl.",
    "recovery_periods_ended": "Återvinningsfrister som gick ut under perioden (senast i går: en frist som "
    "slutar i dag eller senare har inte gått ut).",
    "recovery_periods_running": "Återvinningsfrister som slutar under perioden men ännu inte har gått ut "
    "(rapporten skrevs före periodens slut).",
    "recovery_debt_paid": "Av dem: skulden betald (eller uppsägningen återtagen) inom fristen.",
    "recovery_payment_commitment": "Av dem: socialtjänsten lämnade betalningsåtagande.",
    "recovery_not_saved": "Av dem: kontraktet räddades inte.",
    "recovery_no_outcome": "Av dem: inget utfall registrerat ännu.",
    "evictions_scheduled": "Avhysningar med (slutligt) datum under perioden.",
    "evictions_postponed": "Av dem: anstånd beviljat minst en gång.",
    "evictions_executed": "Av dem: verkställda.",
    "evictions_averted": "Av dem: avvärjda (inställda eller nycklarna återlämnade).",
    "averted_keys_returned": "Avvärjda: hyresgästen lämnade nycklarna.",
    "averted_agreement": "Avvärjda: överenskommelse med hyresvärden.",
    "averted_payment": "Avvärjda: skulden betald eller betalningsåtagande.",
    "averted_other": "Avvärjda av annat skäl.",
    "evictions_attended": "Avhysningar där socialtjänsten var på plats.",
    "evictions_children_affected": "Avhysningar i hushåll med barn.",
    "evictions_children_unit_present": "Av dem: enheten för barn och unga var på plats.",
    "households_with_children": "Ärenden öppnade under perioden med barn i hushållet.",
    "children_affected": "Antal barn i de hushållen.",
    "tenants_65_or_older": "Ärenden öppnade under perioden där hyresgästen är 65 år eller äldre.",
    "follow_ups_offered": "Uppföljningar erbjudna under perioden.",
    "follow_ups_accepted": "Av dem: överenskomna (ett datum bokat).",
    "follow_ups_held": "Av dem: genomförda.",
    "kfm_tenant_copies_same_day": "Kopian av bekräftelsen till hyresgästen gick samma dag (eller nästa "
    "arbetsdag efter en stängd dag).",
    "kfm_without_landlord_notice": "Underrättelser om avhysning som kom utan någon tidigare underrättelse från "
    "hyresvärden under ärendets period (Kronofogdens var den första).",
    "evictions_executed_with_children": "Verkställda avhysningar av hushåll med barn.",
    "children_evicted": "Antal barn i de hushållen.",
    "investigations_opened": "Utredningar inledda under perioden (förhandsbedömningen avslutad med utredning).",
    "support_decided": "Insatser beslutade under perioden.",
    "households_given_support": "Hushåll som fick minst en insats beslutad under perioden.",
    "payment_commitments": "Betalningsåtaganden som fick verkan under perioden (brevet till hyresvärden skickat).",
    "payment_commitments_sek": "Summan av dem, kronor.",
    "alerts_children_unit": "Underrättelser till enheten för barn och unga under perioden.",
    "alerts_elderly_care": "Underrättelser till äldreomsorgens uppsökande verksamhet under perioden.",
    "alerts_held_for_consent": "Underrättelser som väntar på hyresgästens samtycke (när rapporten skrevs).",
    "cases_ended_in_temporal": "Ärenden som avbrutits i Temporal utan att avslutas (när rapporten skrevs): de körs "
    "inte längre och inga frister bevakas; systemförvaltningen behöver åtgärda dem.",
    "cases_not_yet_reported": "Ärenden som öppnats men ännu inte nått rapportdatabasen (när rapporten skrevs): "
    "deras första underrättelse tas fortfarande emot (informationsbrevet är inte skrivet), så den räknas inte "
    "ovan än. Den räknas, under sitt mottagningsdatum, när brevet har skrivits.",
}


@dataclass(frozen=True)
class ReportPeriod:
    label: str
    first: date
    last: date

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=STOCKHOLM)

    @property
    def ends(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=STOCKHOLM)

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.starts <= moment < self.ends

    def holds_day(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.last


# Reports cover the years cases can have run in (the calendar's), nothing at the ends of time.
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 2000, 2075


def month(text: str) -> ReportPeriod:
    """`2026-11`."""
    try:
        first = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValueError(f"--month must be YYYY-MM, not {text!r}") from None
    if not FIRST_REPORT_YEAR <= first.year <= LAST_REPORT_YEAR:
        raise ValueError(f"--month must lie within {FIRST_REPORT_YEAR}-{LAST_REPORT_YEAR}, not {text!r}")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return ReportPeriod(text, first, following - timedelta(days=1))


def quarter(text: str) -> ReportPeriod:
    """`2026-Q4`."""
    year, _, number = text.upper().partition("-Q")
    if not (year.isdigit() and len(year) == 4 and number in ("1", "2", "3", "4")):
        raise ValueError(f"--quarter must be YYYY-Qn (n 1-4), not {text!r}")
    if not FIRST_REPORT_YEAR <= int(year) <= LAST_REPORT_YEAR:
        raise ValueError(f"--quarter must lie within {FIRST_REPORT_YEAR}-{LAST_REPORT_YEAR}, not {text!r}")
    first = date(int(year), 3 * int(number) - 2, 1)
    last = month(f"{year}-{3 * int(number):02d}").last
    return ReportPeriod(f"{year}-Q{number}", first, last)


def previous(period: ReportPeriod) -> ReportPeriod:
    """The period before: the month or the quarter the board compares with."""
    before = period.first - timedelta(days=1)
    if "-Q" in period.label:
        return quarter(f"{before.year}-Q{(before.month - 1) // 3 + 1}")
    return month(f"{before.year}-{before.month:02d}")


@dataclass
class Facts:
    """The rows of one report period, each carrying its case's district and landlord."""

    notices: list[Any] = field(default_factory=list)
    submissions: list[Any] = field(default_factory=list)
    confirmations: list[tuple[Any, datetime | None]] = field(default_factory=list)
    opened_periods: list[Any] = field(default_factory=list)
    preassessments: list[Any] = field(default_factory=list)
    recoveries: list[Any] = field(default_factory=list)
    evictions: list[Any] = field(default_factory=list)
    follow_ups: list[Any] = field(default_factory=list)
    tenant_copies: list[tuple[Any, datetime | None]] = field(default_factory=list)
    investigations: list[Any] = field(default_factory=list)
    commitments: list[Any] = field(default_factory=list)
    alerts: list[Any] = field(default_factory=list)
    interventions: list[Any] = field(default_factory=list)
    recovery_ends: dict[tuple[str, int], date] = field(default_factory=dict)
    later_notice_ids: set[str] = field(default_factory=set)
    # (notice id, case id) of every notice a case holds: a rejection is corrected only when the
    # household it was meant for has the notice (an id another household holds is no correction).
    held_notices: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class StoreRows:
    """What the report reads from the store, by SQL, once: the periods' facts are cut from it."""

    notices: list[Any]
    submissions: list[Any]
    kfm_letters: dict[str, list[datetime]]
    periods: list[Any]
    recovery_ends: dict[tuple[str, int], date]
    case_ids: set[str] = field(default_factory=set)
    tenant_copies: dict[str, list[datetime]] = field(default_factory=dict)
    alerts: list[Any] = field(default_factory=list)
    interventions: list[Any] = field(default_factory=list)
    cases: list[Any] = field(default_factory=list)


def read_store(engine: Engine) -> StoreRows:
    """Every row the figures count, the case's district and landlord joined onto each."""
    c, p = s.cases, s.periods
    of_case = [c.c.district, c.c.landlord, c.c.children, c.c.elderly]
    with engine.connect() as db:
        notices = list(db.execute(select(s.notices, *of_case).join(c, c.c.case_id == s.notices.c.case_id)))
        submissions = list(db.execute(select(s.submissions)))
        letters: dict[str, list[datetime]] = defaultdict(list)
        for case_id, written_at in db.execute(
            select(s.letters.c.case_id, s.letters.c.written_at).where(s.letters.c.kind == "kfm_confirmation")
        ):
            letters[case_id].append(written_at)
        periods = list(db.execute(select(p, *of_case).join(c, c.c.case_id == p.c.case_id)))
        recovery_ends = {
            (row.case_id, row.period): row.due_on
            for row in db.execute(select(s.deadlines).where(s.deadlines.c.name == "recovery_period"))
        }
        copies: dict[str, list[datetime]] = defaultdict(list)
        for case_id, written_at in db.execute(
            select(s.letters.c.case_id, s.letters.c.written_at).where(
                s.letters.c.kind == "kfm_confirmation_tenant_copy"
            )
        ):
            copies[case_id].append(written_at)
        alerts = list(db.execute(select(s.alerts, *of_case).join(c, c.c.case_id == s.alerts.c.case_id)))
        interventions = list(
            db.execute(select(s.interventions, *of_case).join(c, c.c.case_id == s.interventions.c.case_id))
        )
        cases = list(db.execute(select(c)))
    return StoreRows(
        notices,
        submissions,
        dict(letters),
        periods,
        recovery_ends,
        {row.case_id for row in cases},
        dict(copies),
        alerts,
        interventions,
        cases,
    )


def facts_for(rows: StoreRows, period: ReportPeriod) -> Facts:
    """The period's facts: each kind of row by the date the report counts it on."""
    facts = Facts(
        later_notice_ids={row.notice_id for row in rows.notices},
        held_notices={(row.notice_id, row.case_id) for row in rows.notices},
    )
    facts.notices = [row for row in rows.notices if period.holds(row.received_at)]
    facts.submissions = [row for row in rows.submissions if period.holds(row.submitted_at)]
    for row in facts.notices:
        if row.kind == "eviction":
            sent = sorted(
                at
                for at in rows.kfm_letters.get(row.case_id, [])
                if at >= row.received_at - timedelta(minutes=5)
            )
            facts.confirmations.append((row, sent[0] if sent else None))
            copies = sorted(
                at
                for at in rows.tenant_copies.get(row.case_id, [])
                if at >= row.received_at - timedelta(minutes=5)
            )
            facts.tenant_copies.append((row, copies[0] if copies else None))
    facts.opened_periods = [r for r in rows.periods if period.holds(r.first_notice_at)]
    facts.preassessments = [r for r in rows.periods if period.holds_day(r.registered_on)]
    facts.evictions = [r for r in rows.periods if period.holds(r.eviction_scheduled_at)]
    facts.follow_ups = [r for r in rows.periods if period.holds(r.follow_up_offered_at)]
    facts.recoveries = [
        r for r in rows.periods if period.holds_day(rows.recovery_ends.get((r.case_id, r.period)))
    ]
    facts.recovery_ends = rows.recovery_ends
    facts.investigations = [
        r
        for r in rows.periods
        if r.preassessment_result == "open_investigation" and period.holds(r.preassessment_decided_at)
    ]
    facts.commitments = [
        r
        for r in rows.periods
        if r.recovery_outcome == "payment_commitment" and period.holds(r.recovery_outcome_at)
    ]
    facts.alerts = [row for row in rows.alerts if period.holds(row.raised_at)]
    facts.interventions = [row for row in rows.interventions if period.holds(row.decided_at)]
    return facts


def _confirmation(received_at: datetime, sent_at: datetime | None) -> str:
    if sent_at is None:
        return "pending"
    received, sent = local_date(received_at), local_date(sent_at)
    if sent <= received:
        return "same_day"
    if not is_working_day(received) and sent <= roll_forward(received):
        return "next_working_day"
    return "late"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _corrected(rejection: Any, facts: Facts) -> bool:
    """A rejected notice taken in since under its id: by the household it was meant for, when
    its personnummer was valid (else by any: who it was for cannot be told)."""
    if rejection.notice_id is None:
        return False
    if rejection.case_id is None:
        return rejection.notice_id in facts.later_notice_ids
    return (rejection.notice_id, rejection.case_id) in facts.held_notices


def figures(facts: Facts, now: datetime) -> dict[str, Any]:
    """Every figure of DEFINITIONS over these facts (the breakdowns as objects)."""
    out: dict[str, Any] = {}
    receipts = Counter(row.receipt for row in facts.notices)
    out["cases_opened"], out["notices_joined"] = receipts["opened"], receipts["joined"]
    out["notices_received"] = len(facts.notices)
    out["notices_by_kind"] = dict(sorted(Counter(row.kind for row in facts.notices).items()))
    out["notices_by_sender"] = dict(sorted(Counter(row.sender_kind for row in facts.notices).items()))
    rejected = [row for row in facts.submissions if row.status == "rejected"]
    out["duplicates"] = sum(row.status == "duplicate" for row in facts.submissions)
    out["rejected"] = len(rejected)
    reasons: Counter[str] = Counter()
    for row in rejected:
        reasons.update({f"{entry['field']}: {entry['reason']}" for entry in json.loads(row.reasons)})
    out["rejected_by_reason"] = dict(sorted(reasons.items()))
    out["rejected_waiting"] = sum(not _corrected(row, facts) for row in rejected)

    kinds = Counter(_confirmation(row.received_at, sent) for row, sent in facts.confirmations)
    out["kfm_confirmations"] = len(facts.confirmations)
    for kind in ("same_day", "next_working_day", "late", "pending"):
        out[f"kfm_confirmations_{kind}"] = kinds[kind]
    out["kfm_same_day_share"] = _share(
        kinds["same_day"] + kinds["next_working_day"], len(facts.confirmations)
    )

    opened = facts.opened_periods
    reached = [r for r in opened if r.first_personal_contact_at is not None]
    days = [(r.first_personal_contact_at - r.first_notice_at).total_seconds() / 86400 for r in reached]
    out["first_contact_median_days"] = round(statistics.median(days), 1) if days else None
    within = [
        r
        for r in reached
        if local_date(r.first_personal_contact_at) <= add_working_days(local_date(r.first_notice_at), 5)
    ]
    out["reached_within_5_working_days"] = len(within)
    out["reached_within_5_working_days_share"] = _share(len(within), len(opened))
    out["never_reached"] = len(opened) - len(reached)

    def lasted(row: Any) -> int:
        end = local_date(row.preassessment_decided_at) if row.preassessment_decided_at else local_date(now)
        return int((end - row.registered_on).days)

    over_14 = [r for r in facts.preassessments if lasted(r) > 14]
    over_28 = [r for r in facts.preassessments if lasted(r) > 28]
    out["preassessments_over_14_days"] = len(over_14)
    out["preassessments_over_28_days"] = len(over_28)
    out["preassessments_over_28_days_with_reason"] = sum(r.extension_reason is not None for r in over_28)
    out["preassessments_over_28_days_without_reason"] = sum(r.extension_reason is None for r in over_28)

    # A period that ends after today has not run out, whatever the report's last day (issue 19:
    # a quarter's report in its second month counted next month's periods as run out).
    today = local_date(now)
    ended = [r for r in facts.recoveries if facts.recovery_ends[(r.case_id, r.period)] < today]
    outcomes = Counter(r.recovery_outcome for r in ended)
    out["recovery_periods_ended"] = len(ended)
    out["recovery_periods_running"] = len(facts.recoveries) - len(ended)
    out["recovery_debt_paid"] = outcomes["debt_settled"] + outcomes["termination_withdrawn"]
    out["recovery_payment_commitment"] = outcomes["payment_commitment"]
    out["recovery_not_saved"] = outcomes["not_saved"]
    out["recovery_no_outcome"] = outcomes[None]

    evictions = facts.evictions
    averted = [r for r in evictions if r.averted_by is not None]
    out["evictions_scheduled"] = len(evictions)
    out["evictions_postponed"] = sum(r.postponements > 0 for r in evictions)
    out["evictions_executed"] = sum(r.eviction_outcome == "executed" for r in evictions)
    out["evictions_averted"] = len(averted)
    for how in ("keys_returned", "agreement", "payment", "other"):
        out[f"averted_{how}"] = sum(r.averted_by == how for r in averted)
    out["evictions_attended"] = sum(bool(r.social_services_present) for r in evictions)
    with_children = [r for r in evictions if r.children > 0]
    out["evictions_children_affected"] = len(with_children)
    out["evictions_children_unit_present"] = sum(bool(r.children_unit_present) for r in with_children)

    out["households_with_children"] = sum(r.children > 0 for r in opened)
    out["children_affected"] = sum(r.children for r in opened)
    out["tenants_65_or_older"] = sum(bool(r.elderly) for r in opened)

    # The Malmö audit's figures (issue 19).
    copies = Counter(_confirmation(row.received_at, sent) for row, sent in facts.tenant_copies)
    out["kfm_tenant_copies_same_day"] = copies["same_day"] + copies["next_working_day"]
    out["kfm_without_landlord_notice"] = sum(row.receipt == "opened" for row, _ in facts.confirmations)
    executed = [r for r in evictions if r.eviction_outcome == "executed"]
    out["evictions_executed_with_children"] = sum(r.children > 0 for r in executed)
    out["children_evicted"] = sum(r.children for r in executed)
    out["investigations_opened"] = len(facts.investigations)
    out["support_decided"] = len(facts.interventions)
    out["households_given_support"] = len({row.case_id for row in facts.interventions})
    out["payment_commitments"] = len(facts.commitments)
    out["payment_commitments_sek"] = round(sum(r.commitment_amount_sek or 0 for r in facts.commitments))
    units = Counter(row.unit for row in facts.alerts)
    out["alerts_children_unit"] = units["children_unit"]
    out["alerts_elderly_care"] = units["elderly_care_outreach"]

    out["follow_ups_offered"] = len(facts.follow_ups)
    out["follow_ups_accepted"] = sum(r.follow_up_due_on is not None for r in facts.follow_ups)
    out["follow_ups_held"] = sum(r.follow_up_done_at is not None for r in facts.follow_ups)
    return out


def _split(facts: Facts, key: Callable[[Any], str]) -> dict[str, Facts]:
    groups: dict[str, Facts] = defaultdict(
        lambda: Facts(
            later_notice_ids=facts.later_notice_ids,
            held_notices=facts.held_notices,
            recovery_ends=facts.recovery_ends,
        )
    )
    for name in (
        "notices",
        "submissions",
        "opened_periods",
        "preassessments",
        "recoveries",
        "evictions",
        "follow_ups",
        "investigations",
        "commitments",
        "alerts",
        "interventions",
    ):
        for row in getattr(facts, name):
            getattr(groups[key(row)], name).append(row)
    for row, sent in facts.confirmations:
        groups[key(row)].confirmations.append((row, sent))
    for row, sent in facts.tenant_copies:
        groups[key(row)].tenant_copies.append((row, sent))
    return dict(groups)


def report(
    rows: StoreRows,
    period: ReportPeriod,
    now: datetime,
    retention_days: int | None,
    targets: dict[str, float] | None = None,
) -> dict[str, Any]:
    """The report as `report --json` prints it (shared/spec/case-json.md; `previous_period` and
    `targets` added by issue 19: the board compares with the period before and its targets)."""
    before = previous(period)
    facts = facts_for(rows, period)
    totals = figures(facts, now)
    totals["alerts_held_for_consent"] = sum(row.alerts_held for row in rows.cases)
    by_district = _split(facts, lambda row: row.district or NO_DISTRICT)
    by_landlord = _split(facts, lambda row: row.landlord or NO_LANDLORD)
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat(), "label": period.label},
        "retention_days": retention_days,
        "generated_at": now.astimezone(STOCKHOLM).isoformat(),
        "definitions": DEFINITIONS,
        "totals": totals,
        "by_district": {name: figures(group, now) for name, group in sorted(by_district.items())},
        "by_landlord": {name: figures(group, now) for name, group in sorted(by_landlord.items())},
        "previous_period": {
            "from": before.first.isoformat(),
            "to": before.last.isoformat(),
            "label": before.label,
            "totals": figures(facts_for(rows, before), now),
        },
        "targets": dict(targets or {}),
    }


def monthly_series(rows: StoreRows, last: ReportPeriod, months: int, now: datetime) -> list[dict[str, Any]]:
    """The charts' months, ending with the report's last month: outcomes and same-day share."""
    series = []
    first = last.last.replace(day=1)
    labels = []
    for back in range(months - 1, -1, -1):
        year, month_index = divmod(first.year * 12 + first.month - 1 - back, 12)
        labels.append(f"{year}-{month_index + 1:02d}")
    for label in labels:
        period = month(label)
        period_facts = facts_for(rows, period)
        counted = figures(period_facts, now)
        series.append(
            {
                "month": label,
                "evictions": {
                    "executed": counted["evictions_executed"],
                    "averted": counted["evictions_averted"],
                    "postponed": sum(
                        r.postponements > 0 and r.eviction_outcome is None for r in period_facts.evictions
                    ),
                    "open": sum(
                        r.eviction_outcome is None and r.postponements == 0 for r in period_facts.evictions
                    ),
                },
                "kfm_same_day_share": counted["kfm_same_day_share"],
                "kfm_confirmations": counted["kfm_confirmations"],
            }
        )
    return series
