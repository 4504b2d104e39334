"""The contact ladder and what officers record of contacts (domain/contact.py), without a server."""

from datetime import date, timedelta

import pytest

from domain.actions import (
    ContactReport,
)
from domain.calendar import is_working_day, working_days_between
from domain.contact import (
    ContactMethod,
    ContactOutcome,
    adult_intake_handover_due,
    apply_contact,
    check_contact,
    home_visit_slot,
    record_automatic_letter,
)
from domain.deadlines import STOCKHOLM
from domain.eviction import EvictionDay
from domain.policy import CasePolicy
from tests.casework_factories import NOW, case, contact, refused


def test_a_letter_alone_is_never_personal_contact() -> None:
    state = case()
    reason = refused(check_contact, state, contact(ContactMethod.LETTER, ContactOutcome.REACHED), NOW)
    assert "a letter alone is not personal contact" in reason
    check_contact(state, contact(ContactMethod.PHONE, ContactOutcome.DECLINED), NOW)
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.DECLINED), NOW)
    assert state.personally_reached()  # reached and declining support is still contact


def test_an_unannounced_visit_only_after_letter_phone_and_announced_visit_failed_and_with_reasons() -> None:
    state = case()
    visit = contact(
        ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.NOT_REACHED, justification="No answer in weeks"
    )
    reason = refused(check_contact, state, visit, NOW)
    assert "not yet failed: a letter, a phone attempt, an announced home visit" in reason

    record_automatic_letter(state, "L001", NOW - timedelta(days=2))
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    assert refused(check_contact, state, visit, NOW).endswith("not yet failed: an announced home visit")
    apply_contact(state, contact(ContactMethod.ANNOUNCED_VISIT, ContactOutcome.NOT_REACHED), NOW)

    unjustified = contact(ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.NOT_REACHED)
    assert "needs a recorded justification" in refused(check_contact, state, unjustified, NOW)
    check_contact(state, visit, NOW)  # allowed now


def test_reaching_the_tenant_starts_the_unannounced_visit_ladder_again() -> None:
    state = case()
    record_automatic_letter(state, "L001", NOW - timedelta(days=2))
    for method in (ContactMethod.PHONE, ContactMethod.ANNOUNCED_VISIT):
        apply_contact(state, contact(method, ContactOutcome.NOT_REACHED), NOW)
    state.contacts[-1].at = NOW - timedelta(hours=2)
    apply_contact(state, contact(ContactMethod.MEETING, ContactOutcome.REACHED), NOW)
    visit = contact(
        ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.REACHED, justification="Contact lost again"
    )
    assert "not yet failed" in refused(check_contact, state, visit, NOW)


def test_contacts_in_the_future_or_before_the_case_are_refused() -> None:
    state = case()
    later = ContactReport(
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.REACHED,
        at=NOW + timedelta(hours=2),
        recorded_by="o",
    )
    assert "still to come" in refused(check_contact, state, later, NOW)
    earlier = later.model_copy(update={"at": NOW - timedelta(days=30)})
    assert "before the case was opened" in refused(check_contact, state, earlier, NOW)


@pytest.mark.parametrize("offset", range(0, 400, 7))
def test_a_home_visit_is_on_a_working_day_in_office_hours_three_working_days_after_its_letter(
    offset: int,
) -> None:
    letter_on = date(2026, 11, 30) + timedelta(days=offset)
    at = home_visit_slot(letter_on, CasePolicy())
    assert is_working_day(at.date()) and at.hour == 10 and at.tzinfo is STOCKHOLM
    assert working_days_between(letter_on, at.date()) == 3


def test_a_single_adult_out_of_reach_before_an_eviction_goes_to_adult_intake() -> None:
    state = case("eviction", scheduled_at=NOW + timedelta(days=7))
    state.period.eviction = EvictionDay(
        kfm_case_number="k", scheduled_at=NOW + timedelta(days=7), first_scheduled_at=NOW
    )
    assert not adult_intake_handover_due(state)  # nobody has tried yet
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    assert adult_intake_handover_due(state)
    family = case("eviction", children=[2019], scheduled_at=NOW + timedelta(days=7))
    family.period.eviction = state.eviction
    apply_contact(family, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    assert not adult_intake_handover_due(family)  # a family: the joint visit with the children's unit


def test_an_announced_visit_is_one_the_case_booked_and_announced_and_whose_time_has_come() -> None:
    """Issue 18: phone not reached, then "announced visit, not reached" in the same minute (no
    visit booked, no letter, no children's unit) was accepted and opened the unannounced visit."""
    from domain.contact import home_visit_announced, plan_home_visit
    from domain.correspondence import AlertRecord, AlertUnit, LetterKind, LetterRecord, Recipient

    state = case(children=[2015])
    state.alerts.append(AlertRecord(alert_id="A1", unit=AlertUnit.CHILDREN_UNIT, reason="r", raised_at=NOW))
    record_automatic_letter(state, "L001", NOW)
    apply_contact(state, contact(ContactMethod.PHONE, ContactOutcome.NOT_REACHED), NOW)
    claimed = contact(ContactMethod.ANNOUNCED_VISIT, ContactOutcome.NOT_REACHED)
    assert "no announced home visit is booked" in refused(check_contact, state, claimed, NOW)

    visit = plan_home_visit(state, NOW)  # the case books it at the contact check, and announces it
    state.letters.append(
        LetterRecord(
            letter_id="L002",
            kind=LetterKind.HOME_VISIT_NOTICE,
            recipient=Recipient.TENANT,
            file="x",
            written_at=NOW,
        )
    )
    home_visit_announced(state, visit, "L002", None, NOW)
    assert visit.with_children_unit  # a family with a report of concern: a joint visit
    when = visit.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")
    assert f"booked for {when}: record its outcome once" in refused(check_contact, state, claimed, NOW)

    after = visit.at + timedelta(hours=1)
    claimed = claimed.model_copy(update={"at": after})
    check_contact(state, claimed, after)
    apply_contact(state, claimed, after)
    unannounced = contact(
        ContactMethod.UNANNOUNCED_VISIT, ContactOutcome.NOT_REACHED, justification="No answer in weeks"
    )
    unannounced = unannounced.model_copy(update={"at": after + timedelta(days=1)})
    check_contact(state, unannounced, after + timedelta(days=1))  # every rung failed, as recorded
    apply_contact(state, unannounced, after + timedelta(days=1))
    assert state.visits[-1].with_children_unit  # the unannounced visit too: the children's unit joins
