"""Issue 18's letters fit to send, through the workflow on the time-skipping server: what each
letter says is read back from its PDF, as the person who gets it reads it."""

import subprocess
from datetime import date, datetime, timedelta

from domain.actions import (
    ContactReport,
    EvictionOutcomeReport,
    PaymentCommitmentDecision,
    PostponementRequestReport,
    PreassessmentEnd,
    TenantAddressReport,
)
from domain.case import CaseState
from domain.case_view import open_tasks
from domain.consent import ConsentPurpose, ConsentRecipient
from domain.contact import ContactMethod, ContactOutcome
from domain.correspondence import AlertUnit, LetterKind, ReminderTopic
from domain.deadlines import STOCKHOLM
from domain.eviction import EvictionOutcome
from domain.preassessment import InvestigationSubject, PreassessmentResult
from domain.records.eviction import PostponementReason
from domain.timers import TimerAction
from infra.case_client import case_handle
from tests.factories import make_notice, make_personnummer, unique_tenant
from tests.helpers import Cases, consent, skip_past, wait_for
from workflows.household_case import HouseholdCase

OFFICER = "vas-c-01"


def letter_text(state: CaseState, kind: LetterKind) -> str:
    """The newest letter of `kind`, as pdftotext reads it back, on one line."""
    letter = [record for record in state.letters if record.kind is kind][-1]
    text = subprocess.run(["pdftotext", letter.file, "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def contact(method: ContactMethod, outcome: ContactOutcome, at: datetime) -> ContactReport:
    return ContactReport(method=method, outcome=outcome, at=at, recorded_by=OFFICER)


def kinds(state: CaseState) -> list[LetterKind]:
    return [letter.kind for letter in state.letters]


async def eviction_case(cases: Cases, days: int = 9, **tenant: object) -> tuple[str, CaseState]:
    now = await cases.now()
    scheduled = (now + timedelta(days=days)).astimezone(STOCKHOLM).replace(hour=9, minute=0, second=0)
    notice = make_notice(
        "eviction", now, notice_id=f"KFM-{now.timestamp():.0f}", scheduled_at=scheduled, phone=None,
        **(tenant or unique_tenant()),
    )  # fmt: skip
    receipt = await cases.submit(notice)
    state = await wait_for(cases, receipt.case_id, lambda s: LetterKind.INFORMATION_LETTER in kinds(s))
    return receipt.case_id, state


async def test_the_confirmation_names_the_case_number_and_goes_to_kronofogdens_address(cases: Cases) -> None:
    _, state = await eviction_case(cases)
    assert state.case_number
    assert kinds(state)[:2] == [
        LetterKind.KFM_CONFIRMATION,
        LetterKind.KFM_CONFIRMATION_TENANT_COPY,
    ] or kinds(state)[:2] == [LetterKind.KFM_CONFIRMATION_TENANT_COPY, LetterKind.KFM_CONFIRMATION]
    confirmation = letter_text(state, LetterKind.KFM_CONFIRMATION)
    assert f"Diarienummer: {state.case_number}" in confirmation
    assert "Kronofogden Box 1050 172 21 Sundbyberg" in confirmation
    assert "household-" not in confirmation and "Ärende:" not in confirmation
    copy = letter_text(state, LetterKind.KFM_CONFIRMATION_TENANT_COPY)
    assert "Kronofogdens målnummer: 12-000001-26" in copy and "Ert målnummer" not in copy
    assert f"Diarienummer: {state.case_number}" in copy


async def test_a_postponement_requested_goes_to_kronofogden_as_a_letter(cases: Cases) -> None:
    case_id, _ = await eviction_case(cases)
    await case_handle(cases.client, case_id).execute_update(
        HouseholdCase.request_postponement,
        PostponementRequestReport(reason=PostponementReason.ARRANGING_HOUSING, recorded_by=OFFICER),
    )
    state = await wait_for(cases, case_id, lambda s: LetterKind.POSTPONEMENT_REQUEST in kinds(s))
    text = letter_text(state, LetterKind.POSTPONEMENT_REQUEST)
    assert "Begäran om anstånd med avhysning" in text and "Ert målnummer: 12-000001-26" in text
    assert "socialtjänsten behöver tid för att ordna bostadsfrågan" in text
    assert "Kronofogden Box 1050" in text


async def test_after_an_eviction_no_letter_goes_to_the_home_the_tenant_left(cases: Cases) -> None:
    case_id, _ = await eviction_case(cases, days=4)
    handle = case_handle(cases.client, case_id)
    await skip_past(cases, case_id, TimerAction.EVICTION_DAY)
    await handle.execute_update(
        HouseholdCase.record_eviction_outcome,
        EvictionOutcomeReport(outcome=EvictionOutcome.EXECUTED, attended=True, recorded_by=OFFICER),
    )
    state = await wait_for(
        cases, case_id, lambda s: ReminderTopic.TENANT_ADDRESS_UNKNOWN in [r.topic for r in s.reminders]
    )
    assert LetterKind.FOLLOW_UP_OFFER not in kinds(state)  # not to the home the tenant left
    now = await cases.now()
    assert any("tenant-address" in task.sv for task in open_tasks(state, now))

    await handle.execute_update(
        HouseholdCase.record_tenant_address,
        TenantAddressReport(street="Nygatan 7", postal_code="722 15", city="Västerås", recorded_by=OFFICER),
    )
    state = await wait_for(cases, case_id, lambda s: LetterKind.FOLLOW_UP_OFFER in kinds(s))
    offer = letter_text(state, LetterKind.FOLLOW_UP_OFFER)
    assert "Nygatan 7" in offer and "Provgatan 1" not in offer
    assert "Avhysningen från din bostad har genomförts" in offer and "hemma hos dig" not in offer
    assert not any("tenant-address" in task.sv for task in open_tasks(state, await cases.now()))


async def test_the_tenant_gets_a_copy_of_the_payment_commitment_that_names_board_and_payment(
    cases: Cases,
) -> None:
    now = await cases.now()
    notice = make_notice("rent_arrears", now, notice_id=f"HYR-{now.timestamp():.0f}", **unique_tenant())
    receipt = await cases.submit(notice)
    case_id = receipt.case_id
    handle = case_handle(cases.client, case_id)
    await wait_for(cases, case_id, lambda s: LetterKind.INFORMATION_LETTER in kinds(s))
    await handle.execute_update(
        HouseholdCase.record_contact, contact(ContactMethod.PHONE, ContactOutcome.REACHED, await cases.now())
    )
    for to, purpose in (
        (ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION),
        (ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT),
    ):
        await handle.execute_update(HouseholdCase.record_consent, consent(to, purpose, on=now))
    await handle.execute_update(
        HouseholdCase.end_preassessment,
        PreassessmentEnd(
            result=PreassessmentResult.OPEN_INVESTIGATION,
            subject=InvestigationSubject.ADULT,
            recorded_by=OFFICER,
        ),
    )
    await handle.execute_update(
        HouseholdCase.commit_payment, PaymentCommitmentDecision(amount_sek=14500, recorded_by=OFFICER)
    )
    state = await wait_for(cases, case_id, lambda s: LetterKind.PAYMENT_COMMITMENT_TENANT_COPY in kinds(s))
    assert kinds(state).index(LetterKind.PAYMENT_COMMITMENT) < kinds(state).index(
        LetterKind.PAYMENT_COMMITMENT_TENANT_COPY
    )
    decided = now.astimezone(STOCKHOLM).date()
    to_landlord = letter_text(state, LetterKind.PAYMENT_COMMITMENT)
    assert "Socialnämnden åtar sig skriftligen" in to_landlord and "delegationsordning" in to_landlord
    assert f"Beslutet fattades {decided.day} " in to_landlord and "bankgiro" in to_landlord
    assert "Kopia: hyresgästen" in to_landlord
    copy = letter_text(state, LetterKind.PAYMENT_COMMITMENT_TENANT_COPY)
    assert "Testperson Exempel" in copy and "14 500 kronor" in copy and "senast" in copy


async def test_one_failed_call_is_not_the_end_of_the_contact_ladder(cases: Cases) -> None:
    case_id, _ = await eviction_case(cases, days=30)
    handle = case_handle(cases.client, case_id)
    await handle.execute_update(
        HouseholdCase.record_contact,
        contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED, await cases.now()),
    )
    state = await cases.state(case_id)
    assert AlertUnit.ADULT_INTAKE_UNIT not in [alert.unit for alert in state.alerts]
    await skip_past(cases, case_id, TimerAction.CONTACT_CHECK)  # the ladder's check: no contact
    state = await wait_for(
        cases, case_id, lambda s: AlertUnit.ADULT_INTAKE_UNIT in [alert.unit for alert in s.alerts]
    )
    assert state.visits  # the announced visit was booked on the same check


async def test_a_tenant_known_to_financial_aid_gives_the_officer_a_coordination_task(cases: Cases) -> None:
    born = date(1991, 8, 23)
    assert make_personnummer(born, 126) == "19910823-1276"  # known to Ekonomiskt bistånd (fixture)
    now = await cases.now()
    notice = make_notice("rent_arrears", now, notice_id=f"KAND-{now.timestamp():.0f}", born=born, serial=126)
    receipt = await cases.submit(notice)
    state = await wait_for(
        cases,
        receipt.case_id,
        lambda s: ReminderTopic.COORDINATE_WITH_UNIT in [r.topic for r in s.reminders],
    )
    reminder = next(r for r in state.reminders if r.topic == ReminderTopic.COORDINATE_WITH_UNIT)
    assert "Ekonomiskt bistånd" in reminder.text and "Samråd" in reminder.text
    assert any("samråd med Ekonomiskt bistånd" in task.sv for task in open_tasks(state, await cases.now()))
