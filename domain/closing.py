"""Follow-up and closing (PROCESS.md §3.9, §4): when the threat is over the tenant is offered a
follow-up; a case closes with a reason, never over an open legal deadline, and is kept for a
while so that re-sent notices are recognised.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from domain.actions import CaseClosing, FollowUpArrangement
from domain.calendar import roll_forward
from domain.case import CaseState
from domain.consent import ConsentPurpose, ConsentRecipient, refuse_without_consent
from domain.correspondence import LetterKind, ReminderTopic
from domain.deadlines import DeadlineName, DeadlineStatus, end_of_day, local_date, office_morning, settle
from domain.effects import Effect, Finish, Remind, SendLetter
from domain.eviction import EvictionOutcome
from domain.language import Said, refuse
from domain.phase import Phase
from domain.records.closing import (
    CaseClosure as CaseClosure,
    ClosingReason as ClosingReason,
    FollowUp as FollowUp,
    FollowUpSubject as FollowUpSubject,
)
from domain.recovery_period import SAVED, RecoveryOutcome
from domain.tenant_address import tenant_unreachable_by_post
from domain.timers import Timer, TimerAction
from domain.words import en, sv


def threat_over(state: CaseState) -> bool:
    """The eviction was carried out or averted: the moment to offer a follow-up."""
    return threat_over_because(state) is not None


def _saved(state: CaseState) -> bool:
    """The recovery period saved the lease. A payment commitment saves it once its letter has
    reached the landlord (JB 12:44), not when it is decided: until then the follow-up offer would
    tell the tenant a threat is over that still stands (issue 18)."""
    recovery = state.period.recovery
    if recovery is None or recovery.outcome not in SAVED:
        return False
    commitment = recovery.outcome is RecoveryOutcome.PAYMENT_COMMITMENT
    return not (state.true_letters and commitment and not recovery.eviction_barred_for_debt)


def threat_over_because(state: CaseState) -> str | None:
    """What ended the threat, for the follow-up offer to say: an eviction's outcome, a recovery
    period's, or an agreement."""
    period = state.period
    if period.eviction is not None and period.eviction.outcome is not None:
        return period.eviction.outcome.value
    if period.eviction is not None:
        return None
    if period.recovery is not None:
        if not _saved(state):
            return None
        assert period.recovery.outcome is not None
        return period.recovery.outcome.value
    return "agreement" if state.agreements else None


def follow_up_offer(state: CaseState, now: datetime) -> list[Effect]:
    """The standing rule: once the threat is over, the tenant is offered a follow-up."""
    due = state.period.phase is not Phase.CLOSED and state.period.follow_up is None and threat_over(state)
    return [SendLetter(kind=LetterKind.FOLLOW_UP_OFFER)] if due else []


def follow_up_offer_by_post(state: CaseState, now: datetime) -> list[Effect]:
    """The follow-up offer, only to an address the tenant has (issue 18): after an eviction it
    waits for the new address the officer records."""
    return [] if tenant_unreachable_by_post(state) else follow_up_offer(state, now)


def follow_up_offered(state: CaseState, letter_id: str, now: datetime) -> None:
    state.period.follow_up = FollowUp(offered_at=now, offer_letter_id=letter_id)
    state.log(now, "follow-up offered to the tenant")


def check_follow_up(state: CaseState, arrangement: FollowUpArrangement) -> None:
    state.require_open()
    follow_up = state.period.follow_up
    if not threat_over(state):
        raise refuse(
            en="a follow-up is arranged once the eviction was averted or carried out",
            sv="en uppföljning ordnas först när avhysningen har avvärjts eller verkställts",
        )
    if follow_up is not None and follow_up.due_on is not None and follow_up.done_at is None:
        raise refuse(
            en=f"a follow-up is already arranged for {follow_up.due_on.isoformat()}",
            sv=f"en uppföljning är redan ordnad till {follow_up.due_on.isoformat()}",
        )
    if arrangement.subject is FollowUpSubject.ADULT and not state.consented(
        ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.FOLLOW_UP
    ):
        raise refuse_without_consent(
            "a follow-up with an adult needs their consent",
            "en uppföljning med en vuxen kräver den vuxnes samtycke",
            ConsentRecipient.SOCIAL_SERVICES,
            ConsentPurpose.FOLLOW_UP,
        )
    if arrangement.subject is FollowUpSubject.CHILD:
        if not state.has_children:
            raise refuse(en="no children are known in this household", sv="inga barn är kända i hushållet")
        if not arrangement.decided_by_children_unit:
            raise refuse(
                en="without consent, only the children's unit can decide a follow-up for a child",
                sv="utan samtycke kan bara enheten för barn och unga besluta om uppföljning för ett barn",
            )


def apply_follow_up(
    state: CaseState, arrangement: FollowUpArrangement, now: datetime, *, settle_preassessment: bool = True
) -> Said:
    """The follow-up, and the case's phase with it. Leaving the preassessment this way ends its
    deadlines too, so phase and deadlines agree (cases from before: `settle_preassessment` off)."""
    months = arrangement.months or state.policy.follow_up_months
    due_on = roll_forward(local_date(now) + relativedelta(months=months))
    period = state.period
    follow_up = period.follow_up or FollowUp(offered_at=now)
    follow_up.subject = arrangement.subject
    follow_up.due_on = due_on
    follow_up.arranged_by = arrangement.recorded_by
    period.follow_up = follow_up
    if settle_preassessment and period.phase is Phase.PREASSESSMENT:
        for name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
            if name in period.deadlines and period.deadlines[name].status is DeadlineStatus.PENDING:
                settle(period.deadlines[name], DeadlineStatus.MET, now)
    period.phase = Phase.FOLLOW_UP
    period.timers.append(
        Timer(key=f"follow-up:{due_on}", at=office_morning(due_on), action=TimerAction.FOLLOW_UP_DUE)
    )
    state.log(now, f"follow-up ({arrangement.subject.value}) arranged for {due_on}")
    return Said(
        en=f"follow-up arranged for {due_on.isoformat()}", sv=f"uppföljning ordnad till {due_on.isoformat()}"
    )


def on_follow_up_due(state: CaseState, now: datetime) -> list[Effect]:
    follow_up = state.period.follow_up
    if follow_up is None or follow_up.done_at is not None:
        return []
    return [Remind(topic=ReminderTopic.FOLLOW_UP_DUE)]


def closing_reason_after_follow_up(state: CaseState) -> ClosingReason:
    eviction = state.period.eviction
    executed = eviction is not None and eviction.outcome is EvictionOutcome.EXECUTED
    return ClosingReason.EVICTED if executed else ClosingReason.EVICTION_AVERTED


# ---- closing -------------------------------------------------------------------------------


def check_close(state: CaseState) -> None:
    """No case closes over an open legal deadline, nor over the children's unit's follow-up of
    a family evicted with children (also when the preassessment ends by closing it: the truth
    suite found that door open)."""
    period = state.period
    if period.phase is Phase.CLOSED:
        raise refuse(en="the case is already closed", sv="ärendet är redan avslutat")
    eviction = state.period.eviction
    evicted = eviction is not None and eviction.outcome is EvictionOutcome.EXECUTED
    follow_up = state.period.follow_up
    child_followed = follow_up is not None and follow_up.subject is FollowUpSubject.CHILD
    if evicted and state.has_children and not child_followed:
        raise refuse(
            en="the family was evicted with children: the children's unit's follow-up comes first "
            "(follow-up --for child, decided by the children's unit); a closed case could not record it",
            sv="familjen avhystes med barn: enheten för barn och ungas uppföljning kommer först "
            "(follow-up --for barn, beslutad av enheten för barn och unga); ett avslutat ärende kan "
            "inte registrera den",
        )
    recovery = period.recovery
    if recovery is not None and recovery.outcome is None:
        raise refuse(
            en=f"the recovery period runs until {recovery.ends_on.isoformat()} without an outcome: record "
            "whether the debt was paid, or wait for the period to end",
            sv=f"återvinningsfristen löper till {recovery.ends_on.isoformat()} utan utfall: registrera om "
            "skulden betalades, eller vänta tills fristen har gått ut",
        )
    eviction = period.eviction
    if eviction is not None and eviction.outcome is None:
        day = local_date(eviction.scheduled_at).isoformat()
        raise refuse(
            en=f"the eviction on {day} has no recorded outcome: social services attend evictions; record "
            "its outcome first",
            sv=f"avhysningen {day} har inget registrerat utfall: socialtjänsten närvarar vid avhysningar; "
            "registrera utfallet först",
        )


def check_close_case(state: CaseState, closing: CaseClosing) -> None:
    state.require_open()
    check_close(state)


def close(state: CaseState, reason: ClosingReason, by: str, note: str | None, now: datetime) -> None:
    period = state.period
    period.closure = CaseClosure(reason=reason, closed_by=by, closed_at=now, note=note)
    for name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
        if name in period.deadlines:
            settle(period.deadlines[name], DeadlineStatus.MET, now)
    for timer in period.timers:
        timer.done = True
    retention_end = end_of_day(local_date(now) + timedelta(days=state.policy.closed_case_retention_days))
    period.timers.append(
        Timer(key=f"retention:{retention_end.date()}", at=retention_end, action=TimerAction.RETENTION_END)
    )
    state.held_alerts = []
    period.phase = Phase.CLOSED
    state.log(now, f"case closed: {reason.value}")


def apply_close(state: CaseState, closing: CaseClosing, now: datetime) -> Said:
    close(state, closing.reason, closing.recorded_by, closing.note, now)
    return Said(en=f"case closed: {en(closing.reason)}", sv=f"ärendet avslutat: {sv(closing.reason)}")


def on_retention_end(state: CaseState, now: datetime) -> list[Effect]:
    return [Finish()] if state.period.phase is Phase.CLOSED else []
