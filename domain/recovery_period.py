"""The recovery period (återvinningsfrist, JB 12:44; PROCESS.md §3.8, §6): three weeks in which
paying the debt, or social services' written payment commitment, saves the lease.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.actions import DebtSettled, PaymentCommitmentDecision
from domain.case import CaseState
from domain.consent import ConsentPurpose, ConsentRecipient, recent_day, refuse_without_consent
from domain.correspondence import LetterKind, ReminderFacts, ReminderTopic
from domain.deadlines import (
    Deadline,
    DeadlineName,
    DeadlineStatus,
    earliest_eviction_decision,
    end_of_day,
    local_date,
    recovery_period_end,
    recovery_period_reminders,
    settle,
)
from domain.effects import Effect, LetterOutcome, Remind, SendLetter, SendPaymentCommitment
from domain.language import Said, refuse
from domain.notices import Notice
from domain.records.recovery_period import (
    SAVED as SAVED,
    RecoveryOutcome as RecoveryOutcome,
    RecoveryPeriod as RecoveryPeriod,
)
from domain.timers import Timer, TimerAction, morning_timer, replace_timers


def plan_recovery_period(state: CaseState, notice: Notice, now: datetime) -> None:
    """A termination for unpaid rent: the recovery period, its reminders and its end."""
    arrears = notice.rent_arrears
    assert arrears is not None
    period = state.period
    ends_on = recovery_period_end(arrears.served_on, arrears.social_services_notified_on)
    period.recovery = RecoveryPeriod(
        served_on=arrears.served_on,
        notified_on=arrears.social_services_notified_on,
        ends_on=ends_on,
        earliest_eviction_decision=earliest_eviction_decision(ends_on),
        debt_sek=arrears.debt_sek,
    )
    period.deadlines[DeadlineName.RECOVERY_PERIOD] = Deadline(due_on=ends_on)
    timers = [
        morning_timer("recovery-reminder", day, TimerAction.RECOVERY_REMINDER)
        for day in recovery_period_reminders(ends_on, local_date(now))
    ]
    timers.append(
        Timer(key=f"recovery-end:{ends_on}", at=end_of_day(ends_on), action=TimerAction.RECOVERY_PERIOD_END)
    )
    period.timers = replace_timers(
        period.timers, {TimerAction.RECOVERY_REMINDER, TimerAction.RECOVERY_PERIOD_END}, timers
    )
    state.log(now, f"recovery period runs until {ends_on}")


def record_recovery_outcome(
    state: CaseState,
    outcome: RecoveryOutcome,
    now: datetime,
    *,
    happened_on: date,
    amount_sek: float | None = None,
) -> None:
    """The debt was paid, or a commitment given, on `happened_on`: in time or not.

    Recorded after the period ended (the end already marked it missed), a payment made in
    time still counts: the status follows the day it happened, not the day it was recorded.
    """
    recovery = state.period.recovery
    assert recovery is not None
    recovery.outcome = outcome
    recovery.outcome_recorded_at = now
    recovery.commitment_amount_sek = amount_sek
    in_time = happened_on <= recovery.ends_on
    deadline = state.period.deadlines[DeadlineName.RECOVERY_PERIOD]
    deadline.status = DeadlineStatus.MET if in_time else DeadlineStatus.MISSED
    deadline.settled_at = now
    state.log(now, f"recovery period outcome: {outcome.value} on {happened_on}")


def open_recovery_period(state: CaseState) -> RecoveryPeriod:
    """The recovery period, while no outcome but 'not saved' is recorded for it."""
    recovery = state.period.recovery
    if recovery is None:
        raise refuse(
            en="this case has no recovery period (no termination for unpaid rent)",
            sv="ärendet har ingen återvinningsfrist (ingen uppsägning för obetald hyra)",
        )
    if recovery.outcome is not None and recovery.outcome is not RecoveryOutcome.NOT_SAVED:
        raise refuse(
            en=f"the recovery period already has an outcome: {recovery.outcome.value}",
            sv=f"återvinningsfristen har redan ett utfall: {recovery.outcome.value}",
        )
    return recovery


# ---- the debt paid -------------------------------------------------------------------------


def check_debt_settled(state: CaseState, report: DebtSettled, today: date) -> None:
    """A payment in time still counts when recorded after the period ended."""
    open_recovery_period(state)
    day = report.settled_on or today
    recent_day(day, today, "the day the debt was settled", "Dagen då skulden betalades")


def apply_debt_settled(state: CaseState, report: DebtSettled, now: datetime) -> Said:
    day = report.settled_on or local_date(now)
    record_recovery_outcome(state, RecoveryOutcome.DEBT_SETTLED, now, happened_on=day)
    return Said(en="debt recorded as settled", sv="skulden registrerad som betald")


# ---- the payment commitment ----------------------------------------------------------------


def check_payment_commitment(state: CaseState, decision: PaymentCommitmentDecision, today: date) -> None:
    state.require_open()
    recovery = open_recovery_period(state)
    if recovery.commitment_held:
        raise refuse(
            en="a payment commitment is already decided; its letter waits for the landlord's postal "
            "address (landlord-address)",
            sv="ett betalningsåtagande är redan beslutat; brevet väntar på hyresvärdens postadress "
            "(landlord-address)",
        )
    if today > recovery.ends_on:
        raise refuse(
            en=f"the recovery period ended on {recovery.ends_on.isoformat()}; a payment commitment can "
            "no longer save the lease",
            sv=f"återvinningsfristen gick ut {recovery.ends_on.isoformat()}; ett betalningsåtagande kan "
            "inte längre rädda hyreskontraktet",
        )
    state.require_investigation("a payment commitment", "Ett betalningsåtagande")
    if recovery.debt_sek is not None and decision.amount_sek > recovery.debt_sek:
        raise refuse(
            en=f"the commitment ({decision.amount_sek:,.0f} kr) is more than the debt the landlord gave "
            f"({recovery.debt_sek:,.0f} kr): a commitment covers the debt the termination is for",
            sv=f"åtagandet ({decision.amount_sek:,.0f} kr) är större än skulden som hyresvärden angav "
            f"({recovery.debt_sek:,.0f} kr): ett åtagande gäller skulden som uppsägningen avser",
        )
    if not state.consented(ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT):
        raise refuse_without_consent(
            "the commitment letter tells the landlord that social services pay the rent",
            "brevet om åtagandet berättar för hyresvärden att socialtjänsten betalar hyran",
            ConsentRecipient.LANDLORD,
            ConsentPurpose.PAYMENT_COMMITMENT,
        )


def apply_payment_commitment(state: CaseState, decision: PaymentCommitmentDecision, now: datetime) -> Said:
    record_recovery_outcome(
        state,
        RecoveryOutcome.PAYMENT_COMMITMENT,
        now,
        happened_on=local_date(now),
        amount_sek=decision.amount_sek,
    )
    assert state.period.recovery is not None
    state.period.recovery.commitment_decided_on = local_date(now)
    return Said(
        en=(
            "payment commitment decided; the registered letter to the landlord is being written: "
            "the commitment counts once it is sent"
        ),
        sv=(
            "betalningsåtagande beslutat; det rekommenderade brevet till hyresvärden skrivs nu: "
            "åtagandet gäller först när brevet har skickats"
        ),
    )


def commitment_held(state: CaseState, now: datetime) -> None:
    """The commitment's letter is held (no postal address for the landlord): the commitment has
    not reached the landlord, so the tenancy is not saved by it yet and the recovery period runs
    on. The decision and its amount stand; the letter goes when the address is recorded."""
    recovery = state.period.recovery
    assert recovery is not None
    recovery.outcome, recovery.outcome_recorded_at = None, None
    recovery.commitment_held = True
    deadline = state.period.deadlines[DeadlineName.RECOVERY_PERIOD]
    deadline.status, deadline.settled_at = DeadlineStatus.PENDING, None
    if local_date(now) > recovery.ends_on:
        settle(deadline, DeadlineStatus.MISSED, now)
    state.log(now, "payment commitment decided, its letter held: it counts once sent in time")


def commitment_sent(state: CaseState, now: datetime) -> None:
    """The registered letter went: no eviction for this debt (JB 12:44), if it went in time. A
    letter that was held counts from the day it is sent: after the period it saves nothing."""
    recovery = state.period.recovery
    assert recovery is not None
    if recovery.commitment_held:
        recovery.commitment_held = False
        today = local_date(now)
        if today > recovery.ends_on:
            state.log(now, "payment commitment sent after the recovery period: it does not bar the eviction")
            return
        amount = recovery.commitment_amount_sek
        record_recovery_outcome(
            state, RecoveryOutcome.PAYMENT_COMMITMENT, now, happened_on=today, amount_sek=amount
        )
    recovery.eviction_barred_for_debt = True
    state.log(now, "payment commitment sent: no eviction for this debt")


def payment_commitment_letter() -> list[Effect]:
    """The decision is recorded: its registered letter goes to the landlord."""
    return [SendPaymentCommitment()]


def commitment_letter_went(
    state: CaseState, outcome: LetterOutcome, now: datetime, *, copy_to_tenant: bool, held_counts_later: bool
) -> list[Effect]:
    """What the commitment letter's fate does to the recovery period: sent, it bars the eviction
    for this debt (and the tenant gets a copy); stopped, the period has no outcome again; held,
    it counts once sent in time (issue 18: `held_counts_later`)."""
    if outcome is LetterOutcome.SENT:
        commitment_sent(state, now)
        return [SendLetter(kind=LetterKind.PAYMENT_COMMITMENT_TENANT_COPY)] if copy_to_tenant else []
    if outcome is LetterOutcome.STOPPED:
        undo_unsent_commitment(state, now)
    elif held_counts_later:
        commitment_held(state, now)
    return []


def undo_unsent_commitment(state: CaseState, now: datetime) -> None:
    """The commitment letter was stopped (consent withdrawn in between): the lease is not saved
    by it, so the recovery period is open again for as long as it runs."""
    recovery = state.period.recovery
    assert recovery is not None
    recovery.outcome = None
    recovery.commitment_amount_sek = None
    recovery.outcome_recorded_at = None
    deadline = state.period.deadlines[DeadlineName.RECOVERY_PERIOD]
    deadline.status, deadline.settled_at = DeadlineStatus.PENDING, None
    if local_date(now) > recovery.ends_on:
        settle(deadline, DeadlineStatus.MISSED, now)
        recovery.outcome = RecoveryOutcome.NOT_SAVED
    state.log(now, "payment commitment not sent: the recovery period has no outcome")


# ---- timers --------------------------------------------------------------------------------


def on_recovery_reminder(state: CaseState, now: datetime) -> list[Effect]:
    recovery = state.period.recovery
    if recovery is None or recovery.outcome is not None:
        return []
    return [
        Remind(
            topic=ReminderTopic.RECOVERY_PERIOD_ENDS_SOON,
            facts=ReminderFacts(recovery_period_end=recovery.ends_on),
        )
    ]


def on_recovery_period_end(state: CaseState, now: datetime) -> list[Effect]:
    recovery = state.period.recovery
    if recovery is None or recovery.outcome is not None:
        return []
    recovery.outcome = RecoveryOutcome.NOT_SAVED
    settle(state.period.deadlines[DeadlineName.RECOVERY_PERIOD], DeadlineStatus.MISSED, now)
    state.log(now, "recovery period ended without payment or commitment")
    return [
        Remind(
            topic=ReminderTopic.RECOVERY_PERIOD_ENDED,
            facts=ReminderFacts(
                recovery_period_end=recovery.ends_on,
                earliest_eviction_decision=recovery.earliest_eviction_decision,
            ),
        )
    ]
