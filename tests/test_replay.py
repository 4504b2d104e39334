"""Running cases must survive new code: replay recorded histories, and keep them encrypted.

`tests/histories/` holds histories recorded from earlier versions of the workflow (payloads
encrypted with the test key). A change that would break a running case fails here; guard it
with `workflow.patched`. Record them again with RECORD_HISTORY=v1 (notices and deadlines, from
before the case officers' actions), v2 (the casework of issue 3), v3 (issues 7-9) or v4 (the
reporting store's publications, issue 10); v5 (a case caught up after workers were down, issue 21:
`tests/test_workflow_catch_up.py`); v6 (the v4 scenario with a case's opening asked in one local
activity, issue 20); v7 (the same with one patch marker for all and reminders as local
activities, issue 20); a recorded file is only replaced on purpose, since
its value is that older code wrote it.
"""

import base64
import itertools
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from domain.actions import (
    ConsentGiven,
    ContactReport,
    LandlordAddressReport,
    PaymentCommitmentDecision,
    PostponementGranted,
    PreassessmentEnd,
    SupportPlan,
)
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.contact import ContactMethod, ContactOutcome
from domain.correspondence import LetterKind
from domain.deadlines import STOCKHOLM
from domain.phase import Phase
from domain.preassessment import InvestigationSubject, PreassessmentResult
from domain.support import InterventionKind
from domain.timers import TimerAction
from infra.case_client import case_handle
from infra.temporal import data_converter
from tests.factories import Tenants, make_notice, working_morning
from tests.helpers import TEST_PAYLOAD_KEY, Cases, skip_past, skip_to, wait_for
from worker import workflow_runner
from workflows.household_case import HouseholdCase

HISTORIES = Path(__file__).parent / "histories"


tenant = Tenants()  # unique households by name (tests/factories.py)


def replayer(sandboxed: bool = True) -> Replayer:
    """In the sandbox, which fails a replay whose workflow code reads the clock, chance or
    files; `sandboxed=False` as production workers run (issue 20)."""
    return Replayer(
        workflows=[HouseholdCase],
        data_converter=data_converter(base64.b64decode(TEST_PAYLOAD_KEY)),
        workflow_runner=workflow_runner(sandboxed),
    )


async def test_a_fresh_history_replays_and_holds_no_personal_data_in_clear(cases: Cases) -> None:
    now = await cases.now()
    landlord = make_notice(
        "rent_arrears", now, notice_id="REPLAY-RA", **tenant(301), children=[now.year - 12]
    )
    kfm = make_notice(
        "eviction", now, notice_id="REPLAY-KFM", **tenant(301), scheduled_at=now + timedelta(days=10)
    )
    receipt = await cases.submit(landlord)
    await cases.submit(kfm)
    await wait_for(cases, receipt.case_id, lambda s: s.phase is Phase.PREASSESSMENT and len(s.letters) == 3)
    handle = case_handle(cases.client, receipt.case_id)
    await handle.execute_update(
        HouseholdCase.record_postponement,
        PostponementGranted(new_scheduled_at=working_morning(now + timedelta(days=20))),
    )
    await cases.env.sleep(timedelta(days=28))  # past the new time, which a holiday may move
    await wait_for(
        cases,
        receipt.case_id,
        lambda s: any(r.topic == "eviction_outcome_needed" for r in s.reminders),
    )

    history = await handle.fetch_history()
    raw = history.to_json()
    for personal in ("Testperson", "Provgatan", landlord["tenant"]["personnummer"]):
        assert personal not in raw
    await replayer().replay_workflow(history)
    if os.environ.get("RECORD_HISTORY") == "v1":
        (HISTORIES / "household_case_v1.json").write_text(raw)


async def test_a_worked_case_replays_and_holds_no_personal_data_in_clear(cases: Cases) -> None:
    """The case officers' actions, the contact ladder and a follow-up offer in one history."""
    now = await cases.now()
    notice = make_notice("rent_arrears", now, notice_id="REPLAY-W", **tenant(302), children=[now.year - 11])
    receipt = await cases.submit(notice)
    case_id = receipt.case_id
    await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    handle = case_handle(cases.client, case_id)
    await skip_past(cases, case_id, TimerAction.CONTACT_CHECK)  # the ladder: a joint visit is booked
    state = await wait_for(cases, case_id, lambda s: bool(s.visits) and s.visits[0].calendar_file is not None)
    await skip_to(cases, state.visits[0].at + timedelta(hours=1))  # the visit's outcome, once it took place
    at = await cases.now()
    today = at.astimezone(STOCKHOLM).date()
    for action in (
        (
            HouseholdCase.record_contact,
            ContactReport(
                method=ContactMethod.ANNOUNCED_VISIT,
                outcome=ContactOutcome.REACHED,
                at=at,
                recorded_by="o",
                note="Hemma",
            ),
        ),
        (
            HouseholdCase.record_consent,
            ConsentGiven(
                recipient=ConsentRecipient.SOCIAL_SERVICES,
                purposes=[ConsentPurpose.INVESTIGATION],
                given_on=today,
                form=ConsentForm.WRITTEN,
                recorded_by="o",
            ),
        ),
        (
            HouseholdCase.end_preassessment,
            PreassessmentEnd(
                result=PreassessmentResult.OPEN_INVESTIGATION,
                subject=InvestigationSubject.ADULT,
                recorded_by="o",
            ),
        ),
        (
            HouseholdCase.record_consent,
            ConsentGiven(
                recipient=ConsentRecipient.LANDLORD,
                purposes=[ConsentPurpose.PAYMENT_COMMITMENT, ConsentPurpose.PLANNED_SUPPORT],
                given_on=today,
                form=ConsentForm.ORAL,
                recorded_by="o",
            ),
        ),
        (
            HouseholdCase.plan_support,
            SupportPlan(
                kind=InterventionKind.DEBT_COUNSELLING,
                provider="Budget- och skuldrådgivningen",
                tell_landlord=True,
                recorded_by="o",
            ),
        ),
        (HouseholdCase.commit_payment, PaymentCommitmentDecision(amount_sek=9000, decided_by="o")),
    ):
        await handle.execute_update(*action)
    await wait_for(cases, case_id, lambda s: bool(s.letters_of(LetterKind.FOLLOW_UP_OFFER)))

    history = await handle.fetch_history()
    raw = history.to_json()
    for personal in ("Testperson", "Provgatan", notice["tenant"]["personnummer"], "Hemma"):
        assert personal not in raw
    await replayer().replay_workflow(history)
    if os.environ.get("RECORD_HISTORY") == "v2":
        (HISTORIES / "household_case_v2.json").write_text(raw)


async def test_recorded_histories_replay_with_the_current_code() -> None:
    files = sorted(HISTORIES.glob("*.json"))
    assert files, "no recorded histories"
    for path in files:
        history = WorkflowHistory.from_json(path.stem, path.read_text())
        for sandboxed in (True, False):
            await replayer(sandboxed).replay_workflow(history)


def investigation_with_consent() -> list[tuple[Any, Any]]:
    """The adult's consent to an investigation, and the investigation opened."""
    given = ConsentGiven(
        recipient=ConsentRecipient.SOCIAL_SERVICES,
        purposes=[ConsentPurpose.INVESTIGATION],
        form=ConsentForm.WRITTEN,
        recorded_by="o",
    )
    opened = PreassessmentEnd(
        result=PreassessmentResult.OPEN_INVESTIGATION, subject=InvestigationSubject.ADULT, recorded_by="o"
    )
    return [(HouseholdCase.record_consent, given), (HouseholdCase.end_preassessment, opened)]


async def test_a_case_of_this_version_replays_and_holds_no_personal_data_in_clear(cases: Cases) -> None:
    """Issues 7-10: a case number, a letter held for the landlord's address and sent once it is
    recorded, the supervisors' attributes as a deadline passes, the Web UI's summaries, and
    (v4) the facts published to the reporting store."""
    now = await cases.now()
    today = now.astimezone(STOCKHOLM).date()
    notice = make_notice("rent_arrears", now, notice_id="REPLAY-V3", **tenant(303), children=[now.year - 10])
    notice["landlord"] = {"name": "Privat Hyresvärd", "contact": "privat@example.example"}
    receipt = await cases.submit(notice)
    case_id = receipt.case_id
    await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    handle = case_handle(cases.client, case_id)
    for action in (
        *investigation_with_consent(),
        (
            HouseholdCase.record_consent,
            ConsentGiven(
                recipient=ConsentRecipient.LANDLORD,
                purposes=[ConsentPurpose.PAYMENT_COMMITMENT],
                given_on=today,
                form=ConsentForm.ORAL,
                recorded_by="o",
            ),
        ),
        (HouseholdCase.commit_payment, PaymentCommitmentDecision(amount_sek=9000, recorded_by="o")),
    ):
        await handle.execute_update(*action)
    await wait_for(cases, case_id, lambda s: bool(s.period.letters_waiting))
    await handle.execute_update(
        HouseholdCase.record_landlord_address,
        LandlordAddressReport(street="Storgatan 9", postal_code="722 11", city="Västerås", recorded_by="o"),
    )
    await wait_for(cases, case_id, lambda s: s.recovery is not None and s.recovery.eviction_barred_for_debt)
    kfm = make_notice(
        "eviction", await cases.now(), notice_id="REPLAY-V3-KFM", **tenant(303), children=[now.year - 10]
    )
    await cases.submit(kfm)
    await skip_past(cases, case_id, TimerAction.EVICTION_DAY)  # passes untouched: overdue
    await wait_for(cases, case_id, lambda s: any(r.topic == "eviction_outcome_needed" for r in s.reminders))

    history = await handle.fetch_history()
    raw = history.to_json()
    # Issue 20: the case opened with one look-up (policy, routing, registers, case number).
    opening = itertools.takewhile(
        lambda e: e.event_type != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, history.events
    )
    assert [e.marker_recorded_event_attributes.marker_name for e in opening if e.HasField(
        "marker_recorded_event_attributes") and e.marker_recorded_event_attributes.marker_name != "core_patch"
    ] == ["core_local_activity"]  # fmt: skip
    # Issue 20: a case of this code records one patch marker for all its patches, not one each.
    patches = [
        payload.data
        for event in history.events
        if event.marker_recorded_event_attributes.marker_name == "core_patch"
        for payload in event.marker_recorded_event_attributes.details["patch-data"].payloads
    ]
    assert len(patches) == 1 and b"all-case-patches-v1" in patches[0], patches
    for personal in ("Testperson", "Provgatan", notice["tenant"]["personnummer"], "Storgatan"):
        assert personal not in raw
    await replayer().replay_workflow(history)
    # v4: with the reporting store's facts; v6: the opening's look-ups in one local activity;
    # v7: one marker for every patch, the officer's reminders as local activities.
    if os.environ.get("RECORD_HISTORY") in ("v3", "v4", "v6", "v7"):
        (HISTORIES / f"household_case_{os.environ['RECORD_HISTORY']}.json").write_text(raw)
