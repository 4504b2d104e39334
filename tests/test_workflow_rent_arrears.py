"""A family with rent arrears, end to end over weeks of simulated time."""

import subprocess
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from domain.actions import DebtSettled, LandlordAddressReport, PaymentCommitmentDecision, PreassessmentEnd
from domain.case_view import case_view
from domain.consent import ConsentPurpose, ConsentRecipient
from domain.correspondence import AlertUnit, LetterKind
from domain.deadlines import STOCKHOLM, DeadlineName, DeadlineStatus, recovery_period_end
from domain.phase import Phase
from domain.preassessment import InvestigationSubject, PreassessmentResult
from domain.recovery_period import RecoveryOutcome
from infra.case_client import case_handle
from tests.conftest import fresh_time_skipping_env
from tests.factories import make_notice, unique_tenant
from tests.helpers import Cases, consent, wait_for
from workflows.household_case import HouseholdCase


@pytest.fixture(scope="module")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of this module's own: its tests skip five weeks at a time, and on the shared
    server every other module's cases fire their timers across that span too (the server's
    sleep then timed out under load)."""
    async for env in fresh_time_skipping_env():
        yield env


async def test_family_with_rent_arrears_gets_letter_alert_and_recovery_period(cases: Cases) -> None:
    now = await cases.now()
    today = now.astimezone(STOCKHOLM).date()
    notice = make_notice(
        "rent_arrears",
        now,
        notice_id="RA-1",
        children=[today.year - 11, today.year - 7],
        served_on=today,
        **unique_tenant(),
    )

    receipt = await cases.submit(notice)
    assert receipt.status == "opened"
    case_id = cases.case_id(notice)
    assert receipt.case_id == case_id and notice["tenant"]["personnummer"][:8] not in case_id

    # The letter and the alert go together: under load either may be recorded first.
    state = await wait_for(
        cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT and s.letters and s.alerts, timeout=60
    )
    assert [letter.kind for letter in state.letters] == [LetterKind.INFORMATION_LETTER]
    letter = Path(state.letters[0].file)
    assert letter.read_bytes().startswith(b"%PDF")
    assert [a.unit for a in state.alerts] == [AlertUnit.CHILDREN_UNIT]
    ends_on = recovery_period_end(today)
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].due_on == ends_on
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING
    assert state.deadlines[DeadlineName.PREASSESSMENT_REMINDER].due_on == today + timedelta(days=14)
    assert state.deadlines[DeadlineName.PREASSESSMENT_LIMIT].due_on == today + timedelta(days=28)

    # Five weeks pass with no payment and no commitment.
    await cases.env.sleep(timedelta(days=35))
    state = await wait_for(
        cases,
        case_id,
        lambda s: s.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is not DeadlineStatus.PENDING,
    )
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MISSED
    assert state.recovery is not None and state.recovery.outcome is RecoveryOutcome.NOT_SAVED
    topics = [r.topic for r in state.reminders]
    assert "recovery_period_ends_soon" in topics and "recovery_period_ended" in topics
    assert "preassessment_guideline" in topics
    assert state.deadlines[DeadlineName.PREASSESSMENT_LIMIT].status is DeadlineStatus.MISSED
    # No contact: the ladder booked a home visit jointly with the children's unit.
    assert [(a.unit, a.reason.split(" ")[0]) for a in state.alerts] == [
        (AlertUnit.CHILDREN_UNIT, "children"),
        (AlertUnit.CHILDREN_UNIT, "joint"),
        (AlertUnit.SUPERVISOR, "preassessment"),
    ]
    # Still exactly one of each letter: nothing was sent twice.
    assert [letter.kind for letter in state.letters] == [
        LetterKind.INFORMATION_LETTER,
        LetterKind.HOME_VISIT_NOTICE,
    ]


async def test_payment_commitment_within_the_period_saves_the_lease(cases: Cases) -> None:
    now = await cases.now()
    today = now.astimezone(STOCKHOLM).date()
    notice = make_notice("rent_arrears", now, notice_id="RA-2", **unique_tenant(), served_on=today)
    await cases.submit(notice)
    case_id = cases.case_id(notice)
    await wait_for(cases, case_id, lambda s: s.phase is Phase.PREASSESSMENT)

    await cases.env.sleep(timedelta(days=10))
    handle = case_handle(cases.client, case_id)
    decision = PaymentCommitmentDecision(amount_sek=14500, decided_by="officer-1")
    # A commitment is a support intervention: not during the preassessment.
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(HouseholdCase.commit_payment, decision)
    assert "open an investigation first" in str(refused.value.cause)

    given = await cases.now()  # consent is given on the day, after the ten days
    await handle.execute_update(
        HouseholdCase.record_consent,
        consent(ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION, on=given),
    )
    await handle.execute_update(
        HouseholdCase.end_preassessment,
        PreassessmentEnd(
            result=PreassessmentResult.OPEN_INVESTIGATION, subject=InvestigationSubject.ADULT, recorded_by="o"
        ),
    )
    # Still no letter to the landlord without the tenant's consent to it.
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(HouseholdCase.commit_payment, decision)
    assert "consent to landlord for 'payment_commitment'" in str(refused.value.cause)
    await handle.execute_update(
        HouseholdCase.record_consent,
        consent(ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT, on=given),
    )
    await handle.execute_update(HouseholdCase.commit_payment, decision)
    state = await wait_for(cases, case_id, lambda s: bool(s.letters_of(LetterKind.PAYMENT_COMMITMENT)))
    letter = state.letters_of(LetterKind.PAYMENT_COMMITMENT)[0]
    assert letter.recipient.value == "landlord"
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MET
    assert state.recovery is not None and state.recovery.eviction_barred_for_debt

    await cases.env.sleep(timedelta(days=20))
    state = await cases.state(case_id)
    assert state.recovery is not None and state.recovery.outcome is RecoveryOutcome.PAYMENT_COMMITMENT
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MET
    assert "recovery_period_ended" not in [r.topic for r in state.reminders]


async def test_a_payment_in_time_recorded_after_the_period_still_counts(cases: Cases) -> None:
    now = await cases.now()
    today = now.astimezone(STOCKHOLM).date()
    notice = make_notice("rent_arrears", now, notice_id="RA-3", **unique_tenant(), served_on=today)
    receipt = await cases.submit(notice)
    await wait_for(cases, receipt.case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    await cases.env.sleep(timedelta(days=30))
    state = await wait_for(
        cases,
        receipt.case_id,
        lambda s: s.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MISSED,
    )
    assert state.recovery is not None
    handle = case_handle(cases.client, receipt.case_id)

    # A date still to come is refused and changes nothing.
    later = (await cases.now()).astimezone(STOCKHOLM).date() + timedelta(days=1)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(HouseholdCase.record_debt_settled, DebtSettled(settled_on=later))
    assert "still to come" in str(refused.value.cause)
    assert (await cases.state(receipt.case_id)).recovery.outcome is RecoveryOutcome.NOT_SAVED  # type: ignore[union-attr]

    # The landlord reports, late, that the tenant paid within the period.
    paid_on = state.recovery.ends_on - timedelta(days=2)
    await handle.execute_update(HouseholdCase.record_debt_settled, DebtSettled(settled_on=paid_on))
    state = await cases.state(receipt.case_id)
    assert state.recovery is not None and state.recovery.outcome is RecoveryOutcome.DEBT_SETTLED
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MET


async def test_a_commitment_to_a_landlord_without_postal_address_waits_for_the_officer_to_find_it(
    cases: Cases,
) -> None:
    now = await cases.now()
    today = now.astimezone(STOCKHOLM).date()
    notice = make_notice("rent_arrears", now, notice_id="RA-ADDR", **unique_tenant(), served_on=today)
    notice["landlord"] = {"name": "Privat Hyresvärd", "contact": "privat@example.example"}  # no address
    notice["sender"]["reference"] = "LGH-77"
    receipt = await cases.submit(notice)
    await wait_for(cases, receipt.case_id, lambda s: s.phase is Phase.PREASSESSMENT)
    handle = case_handle(cases.client, receipt.case_id)
    given = await cases.now()
    for recipient, purpose in (
        (ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION),
        (ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT),
    ):
        await handle.execute_update(HouseholdCase.record_consent, consent(recipient, purpose, on=given))
    await handle.execute_update(
        HouseholdCase.end_preassessment,
        PreassessmentEnd(
            result=PreassessmentResult.OPEN_INVESTIGATION, subject=InvestigationSubject.ADULT, recorded_by="o"
        ),
    )
    decision = PaymentCommitmentDecision(amount_sek=9000, recorded_by="officer-1")
    await handle.execute_update(HouseholdCase.commit_payment, decision)
    state = await wait_for(
        cases, receipt.case_id, lambda s: any(r.topic == "landlord_address_missing" for r in s.reminders)
    )
    [held] = state.letters_of(LetterKind.PAYMENT_COMMITMENT)
    assert held.held == "landlord_postal_address" and held.file == ""
    assert state.period.letters_waiting == [LetterKind.PAYMENT_COMMITMENT]
    # A letter held is not a commitment made (issue 18): the period runs on, nothing tells the
    # tenant the home is saved, and a second decision is refused while the first waits.
    assert state.recovery is not None and not state.recovery.eviction_barred_for_debt
    assert state.recovery.outcome is None and state.recovery.commitment_held
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING
    assert state.letters_of(LetterKind.FOLLOW_UP_OFFER) == []
    view = case_view(state, await cases.now())
    assert view.deadlines["recovery_period"].status == "pending"
    assert any("postal address" in task for task in view.open_tasks)
    with pytest.raises(WorkflowUpdateFailedError) as again:
        await handle.execute_update(HouseholdCase.commit_payment, decision)
    assert "waits for the landlord's postal address" in str(again.value.cause)

    ack = await handle.execute_update(
        HouseholdCase.record_landlord_address,
        LandlordAddressReport(street="Storgatan 9", postal_code="722 11", city="Västerås", recorded_by="o"),
    )
    assert ack.message_sv and "väntande breven skickas nu" in ack.message_sv
    state = await wait_for(
        cases, receipt.case_id, lambda s: s.recovery is not None and s.recovery.eviction_barred_for_debt
    )
    sent = [letter for letter in state.letters_of(LetterKind.PAYMENT_COMMITMENT) if not letter.held]
    assert len(sent) == 1 and state.period.letters_waiting == []
    # Sent within the period: now the commitment counts, from the day it went.
    assert state.recovery is not None and state.recovery.outcome is RecoveryOutcome.PAYMENT_COMMITMENT
    assert not state.recovery.commitment_held
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.MET
    text = subprocess.run(["pdftotext", sent[0].file, "-"], capture_output=True, text=True, check=True).stdout
    assert "REKOMMENDERAT BREV" in text and "Storgatan 9" in text and "722 11 Västerås" in text
    assert "Er referens: LGH-77" in text and "privat@example" not in text
