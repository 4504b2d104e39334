"""The law's guards on case officers' actions, and what an allowed action does to the case.

Each action has a `check_*` (the update's validator: raises `ActionRefused` with a reason a
case officer understands, and changes nothing) and an `apply_*` (the update's handler). Both
are pure, so every rule is tested without a server. PROCESS.md §3-5 is the source.
"""

from datetime import date, datetime, timedelta

from domain.calendar import roll_forward
from domain.case import (
    AlertUnit,
    CaseState,
    DeadlineName,
    DeadlineStatus,
    EvictionDay,
    EvictionOutcome,
    Phase,
    RecoveryOutcome,
    RecoveryPeriod,
    Timer,
    TimerAction,
)
from domain.case_rules import log, postpone_eviction, record_recovery_outcome, settle
from domain.casework import (
    PURPOSES_FOR,
    Agreement,
    AgreementKind,
    CaseClosure,
    ClosingReason,
    Consent,
    ConsentPurpose,
    ConsentRecipient,
    ConsentWithdrawalRecord,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    FollowUp,
    FollowUpSubject,
    HomeVisit,
    InvestigationSubject,
    LandlordFacts,
    PostponementRequest,
    PreassessmentDecision,
    PreassessmentExtension,
    PreassessmentResult,
    SupportIntervention,
    VisitKind,
    VisitStatus,
)
from domain.contact_ladder import unannounced_visit_missing
from domain.deadlines import end_of_day, local_date, office_morning
from domain.messages import DebtSettled, EvictionOutcomeReport, PaymentCommitmentDecision
from domain.officer_actions import (
    AgreementReport,
    AssignOfficer,
    CaseClosing,
    ConsentGiven,
    ConsentWithdrawal,
    ContactReport,
    ExtensionReport,
    FollowUpArrangement,
    LandlordFactsReport,
    PostponementAnswer,
    PostponementRequestReport,
    PreassessmentEnd,
    SupportPlan,
)

# A contact "now" may be a few minutes ahead of the server's clock.
CLOCK_SLACK = timedelta(minutes=5)
SAVED = (
    RecoveryOutcome.DEBT_SETTLED,
    RecoveryOutcome.PAYMENT_COMMITMENT,
    RecoveryOutcome.TERMINATION_WITHDRAWN,
)


class ActionRefused(ValueError):
    """An action the law or the case's state does not allow; the message says why."""


def _refuse(reason: str) -> None:
    raise ActionRefused(reason)


def require_open(state: CaseState) -> None:
    if state.phase is Phase.CLOSED:
        _refuse("the case is closed")
    if state.phase is Phase.INTAKE or state.routing is None:
        _refuse("the case is still being taken in; try again in a moment")


def _not_in_future(day: date, today: date, what: str) -> None:
    if day > today:
        _refuse(f"{what} cannot be a day still to come ({day.isoformat()})")


def _consent_hint(
    recipient: ConsentRecipient, purpose: ConsentPurpose, administration: str | None = None
) -> str:
    whom = f"{recipient.value} '{administration}'" if administration else recipient.value
    return f"record the tenant's consent to {whom} for '{purpose.value}' first"


# ---- responsible officer -------------------------------------------------------------------


def check_assign(state: CaseState, action: AssignOfficer) -> None:
    require_open(state)
    assert state.routing is not None
    if action.officer_id == state.routing.officer_id:
        _refuse(f"{action.officer_id} is already the responsible officer")


def apply_assign(state: CaseState, action: AssignOfficer, now: datetime) -> None:
    assert state.routing is not None
    changes: dict[str, str] = {"officer_id": action.officer_id, "officer_name": action.officer_name}
    if action.unit:
        changes["unit"] = action.unit
    if action.officer_phone is not None:
        changes["officer_phone"] = action.officer_phone
    state.routing = state.routing.model_copy(update=changes)
    log(state, now, f"responsible officer is now {action.officer_id} (by {action.recorded_by})")


# ---- contacts and visits -------------------------------------------------------------------


def check_contact(state: CaseState, report: ContactReport, now: datetime) -> None:
    require_open(state)
    if report.at > now + CLOCK_SLACK:
        _refuse("a contact cannot be recorded for a time still to come")
    if state.period_start is not None and report.at < state.period_start:
        _refuse("that time is before the case was opened")
    if report.method is ContactMethod.LETTER and report.outcome is not ContactOutcome.SENT:
        _refuse(
            "a letter alone is not personal contact: record the letter as 'sent', and the call, "
            "meeting or visit that followed as a contact of its own"
        )
    if report.method is not ContactMethod.LETTER and report.outcome is ContactOutcome.SENT:
        _refuse("'sent' is only for letters; say whether the tenant was reached")
    if report.method is ContactMethod.UNANNOUNCED_VISIT:
        missing = unannounced_visit_missing(state)
        if missing:
            _refuse(
                "an unannounced home visit is allowed only after a letter, a phone attempt and an "
                f"announced visit have all failed; not yet failed: {', '.join(missing)}"
            )
        if not report.justification or len(report.justification.strip()) < 10:
            _refuse(
                "an unannounced home visit needs a recorded justification: why the intrusion is "
                "acceptable in this case"
            )
    if report.follow_up:
        follow_up = state.follow_up
        if follow_up is None or follow_up.due_on is None:
            _refuse("no follow-up has been arranged in this case")
        assert follow_up is not None
        if follow_up.done_at is not None:
            _refuse("the follow-up is already recorded")


def apply_contact(state: CaseState, report: ContactReport, now: datetime) -> bool:
    """Records the attempt; returns True when it completes the arranged follow-up."""
    contact = ContactAttempt(
        contact_id=state.next_id("C"),
        method=report.method,
        outcome=report.outcome,
        at=report.at,
        recorded_by=report.recorded_by,
        justification=report.justification,
        note=report.note,
        follow_up=report.follow_up,
    )
    if report.method is ContactMethod.ANNOUNCED_VISIT and state.booked_visits():
        visit = min(state.booked_visits(), key=lambda v: v.at)
        visit.status = VisitStatus.DONE if contact.is_personal_contact else VisitStatus.NOT_REACHED
        contact.visit_id = visit.visit_id
    elif report.method is ContactMethod.UNANNOUNCED_VISIT:
        visit = HomeVisit(
            visit_id=state.next_id("V"),
            kind=VisitKind.UNANNOUNCED,
            at=report.at,
            with_children_unit=False,
            status=VisitStatus.DONE if contact.is_personal_contact else VisitStatus.NOT_REACHED,
        )
        state.visits.append(visit)
        contact.visit_id = visit.visit_id
    state.contacts.append(contact)
    log(state, now, f"contact {contact.contact_id}: {report.method.value}, {report.outcome.value}")
    if report.follow_up and contact.is_personal_contact and state.follow_up is not None:
        state.follow_up.done_at = now
        return True
    return False


def record_automatic_letter(state: CaseState, letter_id: str, now: datetime) -> None:
    """A letter the case sent the tenant counts as a (non-personal) contact attempt."""
    state.contacts.append(
        ContactAttempt(
            contact_id=state.next_id("C"),
            method=ContactMethod.LETTER,
            outcome=ContactOutcome.SENT,
            at=now,
            recorded_by="case",
            note=letter_id,
            automatic=True,
        )
    )


# ---- consent -------------------------------------------------------------------------------


def check_consent(state: CaseState, given: ConsentGiven, today: date) -> None:
    require_open(state)
    _not_in_future(given.given_on, today, "the day consent was given")
    if given.recipient is ConsentRecipient.ADMINISTRATION and not (given.administration or "").strip():
        _refuse("a consent to another administration must name the administration")
    if given.recipient is not ConsentRecipient.ADMINISTRATION and given.administration:
        _refuse("only a consent to another administration names an administration")
    allowed = PURPOSES_FOR[given.recipient]
    wrong = [p.value for p in given.purposes if p not in allowed]
    if wrong:
        _refuse(
            f"a consent to the {given.recipient.value} cannot be for {', '.join(wrong)}; it can be "
            f"for {', '.join(sorted(p.value for p in allowed))}"
        )


def apply_consent(state: CaseState, given: ConsentGiven, now: datetime) -> str:
    consent = Consent(
        consent_id=state.next_id("K"),
        recipient=given.recipient,
        administration=given.administration.strip() if given.administration else None,
        purposes=list(dict.fromkeys(given.purposes)),
        given_on=given.given_on,
        form=given.form,
        recorded_by=given.recorded_by,
        recorded_at=now,
    )
    state.consents.append(consent)
    purposes = ", ".join(p.value for p in consent.purposes)
    log(
        state,
        now,
        f"consent {consent.consent_id} recorded: {given.recipient.value} ({purposes}), {given.form.value}",
    )
    return consent.consent_id


def _consent(state: CaseState, consent_id: str) -> Consent:
    for consent in state.consents:
        if consent.consent_id == consent_id:
            return consent
    raise ActionRefused(f"this case has no consent {consent_id}")


def check_withdrawal(state: CaseState, withdrawal: ConsentWithdrawal, today: date) -> None:
    consent = _consent(state, withdrawal.consent_id)
    _not_in_future(withdrawal.withdrawn_on, today, "the day consent was withdrawn")
    active = consent.active_purposes()
    if not active:
        _refuse(f"consent {consent.consent_id} is already withdrawn")
    not_covered = [p.value for p in withdrawal.purposes or [] if p not in active]
    if not_covered:
        _refuse(f"consent {consent.consent_id} does not cover {', '.join(not_covered)} (any more)")


def apply_withdrawal(state: CaseState, withdrawal: ConsentWithdrawal, now: datetime) -> None:
    consent = _consent(state, withdrawal.consent_id)
    purposes = withdrawal.purposes or consent.active_purposes()
    consent.withdrawals.append(
        ConsentWithdrawalRecord(purposes=purposes, withdrawn_on=withdrawal.withdrawn_on, recorded_at=now)
    )
    whole = "wholly" if not consent.active_purposes() else "in part"
    log(state, now, f"consent {consent.consent_id} withdrawn {whole}: {', '.join(p.value for p in purposes)}")


def alert_needs_consent(state: CaseState, unit: AlertUnit) -> bool:
    """An alert to a unit under another board, without the tenant's consent to contact it.
    The report of concern to the children's unit is a duty and never waits."""
    if unit in (AlertUnit.CHILDREN_UNIT, AlertUnit.SUPERVISOR):
        return False
    return state.policy.is_other_administration(unit.value) and not state.consented(
        ConsentRecipient.ADMINISTRATION, ConsentPurpose.CONTACT, unit.value
    )


# ---- facts from the landlord ---------------------------------------------------------------


def check_landlord_facts(state: CaseState, facts: LandlordFactsReport, today: date) -> None:
    require_open(state)
    if not state.landlord_contact_allowed():
        _refuse(
            "the landlord did not send a notice about this household, so contacting the landlord "
            "needs the tenant's consent: " + _consent_hint(ConsentRecipient.LANDLORD, ConsentPurpose.CONTACT)
        )
    if facts.debt_settled_on is not None:
        _not_in_future(facts.debt_settled_on, today, "the day the debt was settled")
    for year in facts.children_not_in_register:
        if not today.year - 18 <= year <= today.year:
            _refuse(f"birth year {year} is not a child's")


def apply_landlord_facts(state: CaseState, facts: LandlordFactsReport, now: datetime) -> None:
    state.landlord_facts.append(
        LandlordFacts(
            recorded_at=now, **facts.model_dump(exclude={"recorded_by"}), recorded_by=facts.recorded_by
        )
    )
    recovery = state.recovery
    if (
        facts.debt_settled_on is not None
        and recovery is not None
        and recovery.outcome in (None, RecoveryOutcome.NOT_SAVED)
    ):
        record_recovery_outcome(state, RecoveryOutcome.DEBT_SETTLED, now, happened_on=facts.debt_settled_on)
    if facts.children_not_in_register:
        state.children_birth_years = sorted(
            set(state.children_birth_years or []) | set(facts.children_not_in_register)
        )
        log(
            state,
            now,
            f"landlord reports {len(facts.children_not_in_register)} child(ren) not in the register",
        )
    if facts.sublet_suspected:
        log(state, now, "landlord suspects a sublet")
    if facts.repeated_late_payments:
        log(state, now, "landlord reports repeated late payments")


# ---- preassessment -------------------------------------------------------------------------


def check_end_preassessment(state: CaseState, end: PreassessmentEnd) -> None:
    require_open(state)
    if state.phase is not Phase.PREASSESSMENT:
        _refuse(f"the preassessment has already ended (the case is in {state.phase.value})")
    if end.result is PreassessmentResult.CLOSE:
        check_close(state)
    elif end.subject is InvestigationSubject.ADULT and not state.consented(
        ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION
    ):
        _refuse(
            "an investigation of an adult needs their consent: "
            + _consent_hint(ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION)
        )
    elif end.subject is InvestigationSubject.CHILD and not state.has_children:
        _refuse("no children are known in this household")


def apply_end_preassessment(state: CaseState, end: PreassessmentEnd, now: datetime) -> None:
    state.preassessment_decision = PreassessmentDecision(
        result=end.result,
        subject=end.subject,
        reason=end.reason,
        decided_by=end.recorded_by,
        decided_at=now,
        note=end.note,
    )
    for name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
        if name in state.deadlines:
            settle(state.deadlines[name], DeadlineStatus.MET, now)
    if end.result is PreassessmentResult.OPEN_INVESTIGATION:
        state.phase = Phase.INVESTIGATION
        assert end.subject is not None
        log(state, now, f"preassessment ended: investigation opened ({end.subject.value})")
    else:
        assert end.reason is not None
        log(state, now, f"preassessment ended without investigation: {end.reason.value}")
        apply_close(state, CaseClosing(reason=end.reason, recorded_by=end.recorded_by, note=end.note), now)


def check_extension(state: CaseState, report: ExtensionReport) -> None:
    require_open(state)
    if state.phase is not Phase.PREASSESSMENT:
        _refuse(f"only a running preassessment can be extended (the case is in {state.phase.value})")


def apply_extension(state: CaseState, report: ExtensionReport, now: datetime) -> None:
    state.extension = PreassessmentExtension(
        reason=report.reason, recorded_by=report.recorded_by, recorded_at=now, note=report.note
    )
    limit = state.deadlines.get(DeadlineName.PREASSESSMENT_LIMIT)
    if limit is not None:
        limit.note = f"may run longer: {report.reason.value}"
    log(state, now, f"preassessment extension reason recorded: {report.reason.value}")


# ---- support and the payment commitment ----------------------------------------------------


def _require_investigation(state: CaseState, what: str) -> None:
    if state.phase is Phase.PREASSESSMENT:
        _refuse(
            f"{what} is a support intervention, and none may be given during the preassessment: "
            "open an investigation first"
        )
    if state.phase is not Phase.INVESTIGATION:
        _refuse(f"{what} needs an open investigation (the case is in {state.phase.value})")


def check_support(state: CaseState, plan: SupportPlan) -> None:
    require_open(state)
    _require_investigation(state, plan.kind.value.replace("_", " "))
    if state.policy.is_other_administration(plan.provider) and not state.consented(
        ConsentRecipient.ADMINISTRATION, ConsentPurpose.PLANNED_SUPPORT, plan.provider
    ):
        _refuse(
            f"{plan.provider} belongs to another administration: "
            + _consent_hint(ConsentRecipient.ADMINISTRATION, ConsentPurpose.PLANNED_SUPPORT, plan.provider)
        )
    if plan.tell_landlord and not state.consented(ConsentRecipient.LANDLORD, ConsentPurpose.PLANNED_SUPPORT):
        _refuse(
            "telling the landlord of planned support shares the tenant's circumstances: "
            + _consent_hint(ConsentRecipient.LANDLORD, ConsentPurpose.PLANNED_SUPPORT)
        )


def apply_support(state: CaseState, plan: SupportPlan, now: datetime) -> SupportIntervention:
    intervention = SupportIntervention(
        intervention_id=state.next_id("S"),
        kind=plan.kind,
        provider=plan.provider,
        decided_by=plan.recorded_by,
        decided_at=now,
        landlord_told=plan.tell_landlord,
    )
    state.interventions.append(intervention)
    log(state, now, f"support {intervention.intervention_id} planned: {plan.kind.value}")
    return intervention


def _open_recovery_period(state: CaseState) -> RecoveryPeriod:
    """The recovery period, while no outcome but 'not saved' is recorded for it."""
    recovery = state.recovery
    if recovery is None:
        raise ActionRefused("this case has no recovery period (no termination for unpaid rent)")
    if recovery.outcome is not None and recovery.outcome is not RecoveryOutcome.NOT_SAVED:
        raise ActionRefused(f"the recovery period already has an outcome: {recovery.outcome.value}")
    return recovery


def check_debt_settled(state: CaseState, report: DebtSettled, today: date) -> None:
    """A payment in time still counts when recorded after the period ended."""
    _open_recovery_period(state)
    _not_in_future(report.settled_on, today, "the day the debt was settled")


def check_payment_commitment(state: CaseState, decision: PaymentCommitmentDecision, today: date) -> None:
    require_open(state)
    recovery = _open_recovery_period(state)
    if today > recovery.ends_on:
        _refuse(
            f"the recovery period ended on {recovery.ends_on.isoformat()}; a payment commitment can "
            "no longer save the lease"
        )
    _require_investigation(state, "a payment commitment")
    if not state.consented(ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT):
        _refuse(
            "the commitment letter tells the landlord that social services pay the rent: "
            + _consent_hint(ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT)
        )


def landlord_letter_blocked(state: CaseState, purpose: ConsentPurpose) -> bool:
    """Checked again when the letter goes: a withdrawal stops it from then on."""
    return not state.consented(ConsentRecipient.LANDLORD, purpose)


def undo_unsent_commitment(state: CaseState, now: datetime) -> None:
    """The commitment letter was stopped (consent withdrawn in between): the lease is not saved
    by it, so the recovery period is open again for as long as it runs."""
    recovery = state.recovery
    assert recovery is not None
    recovery.outcome = None
    recovery.commitment_amount_sek = None
    recovery.outcome_recorded_at = None
    deadline = state.deadlines[DeadlineName.RECOVERY_PERIOD]
    deadline.status, deadline.settled_at = DeadlineStatus.PENDING, None
    if local_date(now) > recovery.ends_on:
        settle(deadline, DeadlineStatus.MISSED, now)
        recovery.outcome = RecoveryOutcome.NOT_SAVED
    log(state, now, "payment commitment not sent: the recovery period has no outcome")


# ---- agreements, postponements, eviction ---------------------------------------------------


def check_agreement(state: CaseState, report: AgreementReport, today: date) -> None:
    require_open(state)
    _not_in_future(report.agreed_on, today, "the day of the agreement")


def apply_agreement(state: CaseState, report: AgreementReport, now: datetime) -> None:
    state.agreements.append(
        Agreement(
            kind=report.kind,
            agreed_on=report.agreed_on,
            recorded_by=report.recorded_by,
            recorded_at=now,
            note=report.note,
        )
    )
    log(state, now, f"agreement recorded: {report.kind.value} on {report.agreed_on}")
    recovery = state.recovery
    if (
        report.kind is AgreementKind.WITHDRAWN_TERMINATION
        and recovery is not None
        and recovery.outcome in (None, RecoveryOutcome.NOT_SAVED)
    ):
        record_recovery_outcome(
            state, RecoveryOutcome.TERMINATION_WITHDRAWN, now, happened_on=report.agreed_on
        )


def require_eviction_without_outcome(state: CaseState) -> EvictionDay:
    eviction = state.eviction
    if eviction is None:
        raise ActionRefused("this case has no eviction date from Kronofogden")
    if eviction.outcome is not None:
        raise ActionRefused("the eviction's outcome is already recorded")
    return eviction


def _pending_request(state: CaseState) -> PostponementRequest | None:
    return next((r for r in state.postponement_requests if r.answer is None), None)


def check_postponement_request(state: CaseState, request: PostponementRequestReport, today: date) -> None:
    require_open(state)
    require_eviction_without_outcome(state)
    _not_in_future(request.requested_on, today, "the day of the request")
    pending = _pending_request(state)
    if pending is not None:
        _refuse(
            f"the postponement requested on {pending.requested_on.isoformat()} is still waiting for "
            "Kronofogden's answer"
        )


def apply_postponement_request(state: CaseState, request: PostponementRequestReport, now: datetime) -> None:
    state.postponement_requests.append(
        PostponementRequest(
            reason=request.reason, requested_on=request.requested_on, recorded_by=request.recorded_by
        )
    )
    log(state, now, f"postponement requested from Kronofogden: {request.reason.value}")


def check_postponement_answer(state: CaseState, answer: PostponementAnswer) -> None:
    eviction = require_eviction_without_outcome(state)
    if _pending_request(state) is None:
        _refuse("no postponement has been requested from Kronofogden")
    if answer.granted:
        assert answer.new_scheduled_at is not None
        if answer.new_scheduled_at <= eviction.scheduled_at:
            _refuse("a postponement must move the eviction to a later time")


def apply_postponement_answer(state: CaseState, answer: PostponementAnswer, now: datetime) -> None:
    request = _pending_request(state)
    assert request is not None
    request.answer = answer.granted
    request.answered_at = now
    if answer.granted:
        assert answer.new_scheduled_at is not None
        postpone_eviction(state, answer.new_scheduled_at, request.reason.value, now)
    else:
        log(state, now, "Kronofogden refused the postponement")


def check_eviction_outcome(state: CaseState, report: EvictionOutcomeReport, now: datetime) -> None:
    eviction = require_eviction_without_outcome(state)
    if report.outcome is EvictionOutcome.EXECUTED and now < eviction.scheduled_at:
        _refuse("an eviction cannot be recorded as executed before its date and time")
    if (
        report.outcome is EvictionOutcome.EXECUTED
        and state.has_children
        and report.children_unit_attended is None
    ):
        _refuse("children are affected: record whether the children's unit attended the eviction")


# ---- follow-up and closing -----------------------------------------------------------------


def threat_over(state: CaseState) -> bool:
    """The eviction was carried out or averted: the moment to offer a follow-up."""
    if state.eviction is not None:
        return state.eviction.outcome is not None
    if state.recovery is not None:
        return state.recovery.outcome in SAVED
    return bool(state.agreements)


def follow_up_offer_due(state: CaseState) -> bool:
    return state.phase is not Phase.CLOSED and state.follow_up is None and threat_over(state)


def check_follow_up(state: CaseState, arrangement: FollowUpArrangement) -> None:
    require_open(state)
    if not threat_over(state):
        _refuse("a follow-up is arranged once the eviction was averted or carried out")
    if state.follow_up is not None and state.follow_up.due_on is not None and state.follow_up.done_at is None:
        _refuse(f"a follow-up is already arranged for {state.follow_up.due_on.isoformat()}")
    if arrangement.subject is FollowUpSubject.ADULT and not state.consented(
        ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.FOLLOW_UP
    ):
        _refuse(
            "a follow-up with an adult needs their consent: "
            + _consent_hint(ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.FOLLOW_UP)
        )
    if arrangement.subject is FollowUpSubject.CHILD:
        if not state.has_children:
            _refuse("no children are known in this household")
        if not arrangement.decided_by_children_unit:
            _refuse("without consent, only the children's unit can decide a follow-up for a child")


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def apply_follow_up(state: CaseState, arrangement: FollowUpArrangement, now: datetime) -> date:
    months = arrangement.months or state.policy.follow_up_months
    due_on = roll_forward(add_months(local_date(now), months))
    follow_up = state.follow_up or FollowUp(offered_at=now)
    follow_up.subject = arrangement.subject
    follow_up.due_on = due_on
    follow_up.arranged_by = arrangement.recorded_by
    state.follow_up = follow_up
    state.phase = Phase.FOLLOW_UP
    state.timers.append(
        Timer(key=f"follow-up:{due_on}", at=office_morning(due_on), action=TimerAction.FOLLOW_UP_DUE)
    )
    log(state, now, f"follow-up ({arrangement.subject.value}) arranged for {due_on}")
    return due_on


def check_close(state: CaseState) -> None:
    if state.phase is Phase.CLOSED:
        _refuse("the case is already closed")
    recovery = state.recovery
    if recovery is not None and recovery.outcome is None:
        _refuse(
            f"the recovery period runs until {recovery.ends_on.isoformat()} without an outcome: record "
            "whether the debt was paid, or wait for the period to end"
        )
    eviction = state.eviction
    if eviction is not None and eviction.outcome is None:
        _refuse(
            f"the eviction on {local_date(eviction.scheduled_at).isoformat()} has no recorded outcome: "
            "social services attend evictions; record its outcome first"
        )


def apply_close(state: CaseState, closing: CaseClosing, now: datetime) -> None:
    state.closure = CaseClosure(
        reason=closing.reason, closed_by=closing.recorded_by, closed_at=now, note=closing.note
    )
    for name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
        if name in state.deadlines:
            settle(state.deadlines[name], DeadlineStatus.MET, now)
    for timer in state.timers:
        timer.done = True
    retention_end = end_of_day(local_date(now) + timedelta(days=state.policy.closed_case_retention_days))
    state.timers.append(
        Timer(key=f"retention:{retention_end.date()}", at=retention_end, action=TimerAction.RETENTION_END)
    )
    state.held_alerts = []
    state.phase = Phase.CLOSED
    log(state, now, f"case closed: {closing.reason.value}")


def closing_reason_after_follow_up(state: CaseState) -> ClosingReason:
    executed = state.eviction is not None and state.eviction.outcome is EvictionOutcome.EXECUTED
    return ClosingReason.EVICTED if executed else ClosingReason.EVICTION_AVERTED


def reopen(state: CaseState, now: datetime) -> None:
    """A new notice for a closed case: a new period, with the household's history kept."""
    state.phase = Phase.INTAKE
    state.period_start = now
    state.deadlines = {}
    state.recovery = None
    state.eviction = None
    state.disturbance_warning_on = None
    state.preassessment_decision = None
    state.extension = None
    state.follow_up = None
    state.closure = None
    state.handed_over_to_adult_intake = False
    state.timers = []
    log(state, now, "case reopened by a new notice")
