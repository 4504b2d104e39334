"""One durable case per household: notices in, deadlines kept, letters and alerts out.

The workflow id is the keyed hash of the tenant's personnummer, so every notice about the
same tenant reaches the same case (update-with-start). The loop takes in notices, carries
out pending work, fires due timers, and sleeps until the next timer or the next message.
"""

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from activities.case_activities import CaseActivities
    from domain.calendar import add_working_days
    from domain.case import (
        RECIPIENT_OF,
        AlertUnit,
        CaseState,
        DeadlineName,
        DeadlineStatus,
        EvictionOutcome,
        LetterKind,
        Phase,
        RecoveryOutcome,
        RegisterCheck,
        Timer,
        TimerAction,
    )
    from domain.case_rules import (
        log,
        merge_children,
        morning_timer,
        plan_eviction,
        plan_kfm_confirmation,
        plan_preassessment,
        plan_recovery_period,
        postpone_eviction,
        record_recovery_outcome,
        settle,
        tenant_is_elderly,
    )
    from domain.casework import ConsentPurpose, FollowUp, HomeVisit, VisitKind, VisitStatus
    from domain.casework_rules import (
        alert_needs_consent,
        apply_agreement,
        apply_assign,
        apply_close,
        apply_consent,
        apply_contact,
        apply_end_preassessment,
        apply_extension,
        apply_follow_up,
        apply_landlord_facts,
        apply_postponement_answer,
        apply_postponement_request,
        apply_support,
        apply_withdrawal,
        check_agreement,
        check_assign,
        check_close,
        check_consent,
        check_contact,
        check_debt_settled,
        check_end_preassessment,
        check_eviction_outcome,
        check_extension,
        check_follow_up,
        check_landlord_facts,
        check_payment_commitment,
        check_postponement_answer,
        check_postponement_request,
        check_support,
        check_withdrawal,
        closing_reason_after_follow_up,
        follow_up_offer_due,
        landlord_letter_blocked,
        record_automatic_letter,
        reopen,
        require_eviction_without_outcome,
        require_open,
        undo_unsent_commitment,
    )
    from domain.contact_ladder import (
        VISIT_LENGTH_MINUTES,
        adult_intake_handover_due,
        children_unit_joins,
        home_visit_needed,
        home_visit_slot,
        plan_contact_check,
    )
    from domain.deadlines import STOCKHOLM, local_date
    from domain.messages import (
        Acknowledgement,
        AlertRequest,
        CaseRegistration,
        DebtSettled,
        EvictionOutcomeReport,
        LetterRequest,
        NoticeReceipt,
        PaymentCommitmentDecision,
        PostponementGranted,
        RegisterQuery,
        ReminderRequest,
        VisitBooking,
    )
    from domain.notices import Notice, NoticeKind
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
    from infra import temporal as sa

# A letter, alert or reminder takes milliseconds; the timeout is how long a dead worker can
# hold one back before another worker retries it.
ACTIVITY_TIMEOUT = timedelta(seconds=15)
# Routing, register look-ups and the case register entry are short calls: local activities,
# recorded in the case's history without a round trip through the server's task queue.
LOOKUP_TIMEOUT = timedelta(seconds=20)
# Letters and alerts must go out: retry until they do, backing off to once a minute.
ACTIVITY_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))
PAYMENT_COMMITMENT_WORK = "payment_commitment_letter"
PLANNED_SUPPORT_WORK = "planned_support_letter:"  # + the intervention's id
# Issue 3 (case officers' actions, the contact ladder, consent, follow-up) changed what a case
# does; cases that started before it replay their old path, and take the new one from here on.
CASEWORK_PATCH = "casework-v2"
Arg = TypeVar("Arg")
Result = TypeVar("Result")


def _act(method: Callable[[Any, Arg], Result], arg: Arg) -> Awaitable[Result]:
    """An activity with side effects (a letter, an alert): retried until it is done."""
    return workflow.execute_activity_method(
        method, arg, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=ACTIVITY_RETRY
    )


def _look_up(method: Callable[[Any, Arg], Result], arg: Arg) -> Awaitable[Result]:
    """A short look-up or record, as a local activity: no round trip through the server."""
    return workflow.execute_local_activity_method(
        method, arg, start_to_close_timeout=LOOKUP_TIMEOUT, retry_policy=ACTIVITY_RETRY
    )


class CaseInput(BaseModel):
    case_id: str
    carried_state: CaseState | None = None  # set when the case continues as new
    # A case runs for months; past this many history events it continues as new (as it also
    # does when the server suggests it), carrying its whole state.
    history_event_limit: int = 10_000


@workflow.defn
class HouseholdCase:
    @workflow.init
    def __init__(self, start: CaseInput) -> None:
        self.state = start.carried_state or CaseState(case_id=start.case_id)
        self._processed = len(self.state.notices) if start.carried_state else 0
        self._work: list[str] = []
        self._wake = False
        self._finished = False  # a closed case whose retention ended
        self._published: dict[str, Any] = {}

    @workflow.run
    async def run(self, start: CaseInput) -> CaseState:
        while not self._finished:
            self._wake = False  # messages that arrive from here on wake the sleep below
            await self._take_in_notices()
            await self._do_work()
            await self._fire_due_timers()
            await self._follow_rules()
            self._publish_search_attributes()
            if self._finished:
                break
            if self._history_is_long(start):
                await workflow.wait_condition(workflow.all_handlers_finished)
                if self._processed == len(self.state.notices) and not self._work:
                    self.state.timers = [timer for timer in self.state.timers if not timer.done]
                    workflow.continue_as_new(
                        CaseInput(
                            case_id=self.state.case_id,
                            carried_state=self.state,
                            history_event_limit=start.history_event_limit,
                        )
                    )
            await self._sleep_until_next_timer()
        return self.state

    def _history_is_long(self, start: CaseInput) -> bool:
        info = workflow.info()
        return (
            info.is_continue_as_new_suggested()
            or info.get_current_history_length() > start.history_event_limit
        )

    # ---- messages ------------------------------------------------------------------------

    @workflow.query
    def state_query(self) -> CaseState:
        return self.state

    @workflow.update
    def receive_notice(self, notice: Notice) -> NoticeReceipt:
        digest = hashlib.sha256(notice.model_dump_json().encode()).hexdigest()
        known = self.state.notice_digests.get(notice.notice_id)
        if known is not None:
            return NoticeReceipt(
                notice_id=notice.notice_id,
                case_id=self.state.case_id,
                status="duplicate",
                conflict=known != digest,
            )
        status = "opened" if not self.state.notices else "joined"
        if self.state.phase is Phase.CLOSED:
            reopen(self.state, workflow.now())  # a new period; the household's history stays
            status = "opened"
        self.state.notices.append(notice)
        self.state.notice_digests[notice.notice_id] = digest
        log(self.state, workflow.now(), f"notice {notice.notice_id} ({notice.kind.value}) received")
        self._wake = True
        return NoticeReceipt(notice_id=notice.notice_id, case_id=self.state.case_id, status=status)

    @workflow.update
    def record_debt_settled(self, report: DebtSettled) -> Acknowledgement:
        record_recovery_outcome(
            self.state, RecoveryOutcome.DEBT_SETTLED, workflow.now(), happened_on=report.settled_on
        )
        self._wake = True
        return self._ack("debt recorded as settled")

    @record_debt_settled.validator
    def _validate_debt_settled(self, report: DebtSettled) -> None:
        check_debt_settled(self.state, report, local_date(workflow.now()))

    @workflow.update
    def commit_payment(self, decision: PaymentCommitmentDecision) -> Acknowledgement:
        record_recovery_outcome(
            self.state,
            RecoveryOutcome.PAYMENT_COMMITMENT,
            workflow.now(),
            happened_on=local_date(workflow.now()),
            amount_sek=decision.amount_sek,
        )
        self._work.append(PAYMENT_COMMITMENT_WORK)
        self._wake = True
        return self._ack("payment commitment decided; the letter to the landlord goes out now")

    @commit_payment.validator
    def _validate_commit_payment(self, decision: PaymentCommitmentDecision) -> None:
        check_payment_commitment(self.state, decision, local_date(workflow.now()))

    @workflow.update
    def record_postponement(self, granted: PostponementGranted) -> Acknowledgement:
        """Kronofogden's grant, recorded directly; `answer_postponement` is the officer's way."""
        for request in self.state.postponement_requests:
            if request.answer is None:
                request.answer, request.answered_at = True, workflow.now()
        postpone_eviction(self.state, granted.new_scheduled_at, granted.reason, workflow.now())
        self._wake = True
        return self._ack(f"eviction moved to {granted.new_scheduled_at.astimezone(STOCKHOLM).isoformat()}")

    @record_postponement.validator
    def _validate_postponement(self, granted: PostponementGranted) -> None:
        eviction = require_eviction_without_outcome(self.state)
        if granted.new_scheduled_at <= eviction.scheduled_at:
            raise ValueError("a postponement must move the eviction to a later time")

    @workflow.update
    def record_eviction_outcome(self, report: EvictionOutcomeReport) -> Acknowledgement:
        eviction = self.state.eviction
        assert eviction is not None
        now = workflow.now()
        eviction.outcome = report.outcome
        eviction.attended = report.attended
        eviction.children_unit_attended = report.children_unit_attended
        eviction.outcome_recorded_at = now
        averted = report.outcome is not EvictionOutcome.EXECUTED
        settle(
            self.state.deadlines[DeadlineName.EVICTION],
            DeadlineStatus.MET if averted or report.attended else DeadlineStatus.MISSED,
            now,
        )
        for timer in self.state.timers:
            if timer.action in (TimerAction.EVICTION_REMINDER, TimerAction.EVICTION_OUTCOME_CHASE):
                timer.done = True
        if report.outcome is EvictionOutcome.EXECUTED:
            self.state.phase = Phase.FOLLOW_UP
        log(
            self.state,
            now,
            f"eviction outcome: {report.outcome.value}, attended: {report.attended}",
        )
        self._wake = True
        return self._ack(f"eviction outcome recorded: {report.outcome.value}")

    @record_eviction_outcome.validator
    def _validate_eviction_outcome(self, report: EvictionOutcomeReport) -> None:
        check_eviction_outcome(self.state, report, workflow.now())

    # ---- case officers' actions (issue 3): each a validator (casework_rules.check_*) and a
    # ---- handler (apply_*); a refused action never reaches the case's history.

    @workflow.update
    def assign_officer(self, action: AssignOfficer) -> Acknowledgement:
        apply_assign(self.state, action, workflow.now())
        return self._done(f"{action.officer_id} is now responsible")

    @assign_officer.validator
    def _validate_assign(self, action: AssignOfficer) -> None:
        check_assign(self.state, action)

    @workflow.update
    def record_contact(self, report: ContactReport) -> Acknowledgement:
        completes_follow_up = apply_contact(self.state, report, workflow.now())
        if completes_follow_up:
            reason = closing_reason_after_follow_up(self.state)
            apply_close(
                self.state, CaseClosing(reason=reason, recorded_by=report.recorded_by), workflow.now()
            )
            return self._done(f"follow-up recorded; the case is closed ({reason.value})")
        return self._done(f"contact recorded: {report.method.value}, {report.outcome.value}")

    @record_contact.validator
    def _validate_contact(self, report: ContactReport) -> None:
        check_contact(self.state, report, workflow.now())

    @workflow.update
    def record_consent(self, given: ConsentGiven) -> Acknowledgement:
        consent_id = apply_consent(self.state, given, workflow.now())
        return self._done(f"consent {consent_id} recorded")

    @record_consent.validator
    def _validate_consent(self, given: ConsentGiven) -> None:
        check_consent(self.state, given, local_date(workflow.now()))

    @workflow.update
    def withdraw_consent(self, withdrawal: ConsentWithdrawal) -> Acknowledgement:
        apply_withdrawal(self.state, withdrawal, workflow.now())
        return self._done(f"consent {withdrawal.consent_id} withdrawn; it stops what it covered from now on")

    @withdraw_consent.validator
    def _validate_withdrawal(self, withdrawal: ConsentWithdrawal) -> None:
        check_withdrawal(self.state, withdrawal, local_date(workflow.now()))

    @workflow.update
    def record_landlord_facts(self, facts: LandlordFactsReport) -> Acknowledgement:
        apply_landlord_facts(self.state, facts, workflow.now())
        return self._done("facts from the landlord recorded")

    @record_landlord_facts.validator
    def _validate_landlord_facts(self, facts: LandlordFactsReport) -> None:
        check_landlord_facts(self.state, facts, local_date(workflow.now()))

    @workflow.update
    def end_preassessment(self, end: PreassessmentEnd) -> Acknowledgement:
        apply_end_preassessment(self.state, end, workflow.now())
        return self._done(f"preassessment ended: {end.result.value}")

    @end_preassessment.validator
    def _validate_end_preassessment(self, end: PreassessmentEnd) -> None:
        check_end_preassessment(self.state, end)

    @workflow.update
    def record_extension_reason(self, report: ExtensionReport) -> Acknowledgement:
        apply_extension(self.state, report, workflow.now())
        return self._done(f"the preassessment may run past four weeks: {report.reason.value}")

    @record_extension_reason.validator
    def _validate_extension(self, report: ExtensionReport) -> None:
        check_extension(self.state, report)

    @workflow.update
    def plan_support(self, plan: SupportPlan) -> Acknowledgement:
        intervention = apply_support(self.state, plan, workflow.now())
        if plan.tell_landlord:
            self._work.append(PLANNED_SUPPORT_WORK + intervention.intervention_id)
            return self._done("support planned; the letter to the landlord goes out now")
        return self._done("support planned")

    @plan_support.validator
    def _validate_support(self, plan: SupportPlan) -> None:
        check_support(self.state, plan)

    @workflow.update
    def record_agreement(self, report: AgreementReport) -> Acknowledgement:
        apply_agreement(self.state, report, workflow.now())
        return self._done(f"agreement recorded: {report.kind.value}")

    @record_agreement.validator
    def _validate_agreement(self, report: AgreementReport) -> None:
        check_agreement(self.state, report, local_date(workflow.now()))

    @workflow.update
    def request_postponement(self, request: PostponementRequestReport) -> Acknowledgement:
        apply_postponement_request(self.state, request, workflow.now())
        return self._done("postponement request recorded; record Kronofogden's answer when it comes")

    @request_postponement.validator
    def _validate_postponement_request(self, request: PostponementRequestReport) -> None:
        check_postponement_request(self.state, request, local_date(workflow.now()))

    @workflow.update
    def answer_postponement(self, answer: PostponementAnswer) -> Acknowledgement:
        apply_postponement_answer(self.state, answer, workflow.now())
        if answer.granted and answer.new_scheduled_at is not None:
            moved = answer.new_scheduled_at.astimezone(STOCKHOLM).isoformat()
            return self._done(f"postponement granted: the eviction moves to {moved}")
        return self._done("postponement refused: the eviction stays as planned")

    @answer_postponement.validator
    def _validate_postponement_answer(self, answer: PostponementAnswer) -> None:
        check_postponement_answer(self.state, answer)

    @workflow.update
    def arrange_follow_up(self, arrangement: FollowUpArrangement) -> Acknowledgement:
        due_on = apply_follow_up(self.state, arrangement, workflow.now())
        return self._done(f"follow-up arranged for {due_on.isoformat()}")

    @arrange_follow_up.validator
    def _validate_follow_up(self, arrangement: FollowUpArrangement) -> None:
        check_follow_up(self.state, arrangement)

    @workflow.update
    def close_case(self, closing: CaseClosing) -> Acknowledgement:
        apply_close(self.state, closing, workflow.now())
        return self._done(f"case closed: {closing.reason.value}")

    @close_case.validator
    def _validate_close(self, closing: CaseClosing) -> None:
        require_open(self.state)
        check_close(self.state)

    def _done(self, message: str) -> Acknowledgement:
        self._wake = True
        return self._ack(message)

    def _ack(self, message: str) -> Acknowledgement:
        return Acknowledgement(case_id=self.state.case_id, accepted_at=workflow.now(), message=message)

    # ---- the loop's steps ----------------------------------------------------------------

    async def _take_in_notices(self) -> None:
        while self._processed < len(self.state.notices):
            notice = self.state.notices[self._processed]
            await self._take_in(notice)
            self._processed += 1

    async def _take_in(self, notice: Notice) -> None:
        state = self.state
        now = workflow.now()
        first = state.phase is Phase.INTAKE  # the case's first notice, or one that reopened it
        workflow.logger.info(
            "taking in notice",
            extra={
                "case_id": state.case_id,
                "notice_id": notice.notice_id,
                "notice_kind": notice.kind.value,
                "opens_case": first,
            },
        )
        casework = workflow.patched(CASEWORK_PATCH)
        if first and casework:
            state.policy = await workflow.execute_local_activity_method(
                CaseActivities.case_policy, start_to_close_timeout=LOOKUP_TIMEOUT, retry_policy=ACTIVITY_RETRY
            )
            state.period_start = state.period_start or now
        if first:
            state.routing = await _look_up(CaseActivities.route_case, notice.district)
            state.district = notice.district
            state.tenant_age = notice.tenant_age()
            plan_preassessment(state, notice.received_on)
        if notice.landlord and state.landlord is None:
            state.landlord = notice.landlord.name
        if notice.kind not in state.tracks:
            state.tracks.append(notice.kind)
        merge_children(state, notice)

        # The same-day confirmation to Kronofogden comes before anything that could wait.
        if notice.kind is NoticeKind.EVICTION:
            assert notice.eviction is not None
            plan_kfm_confirmation(state, notice, now)
            plan_eviction(state, notice.eviction.scheduled_at, notice.eviction.kfm_case_number, now)
            await self._confirm_to_kfm(notice)
        elif notice.kind is NoticeKind.RENT_ARREARS:
            plan_recovery_period(state, notice, now)
        elif notice.kind is NoticeKind.DISTURBANCE:
            assert notice.disturbance is not None
            state.disturbance_warning_on = notice.disturbance.warning_given_on

        if first:
            await self._check_registers(notice)
            await _look_up(
                CaseActivities.register_case,
                CaseRegistration(
                    case_id=state.case_id,
                    notice_id=notice.notice_id,
                    kind=notice.kind,
                    registered_on=notice.received_on,
                    routing=state.routing,
                ),
            )
            letter, _ = await asyncio.gather(
                self._send_letter(LetterKind.INFORMATION_LETTER, notice), self._alert_units(notice)
            )
            state.phase = Phase.PREASSESSMENT
            log(state, workflow.now(), "case registered; preassessment started")
            if casework:
                await self._start_contact_ladder(notice, letter.letter_id)
        else:
            await self._alert_units(notice)

    async def _check_registers(self, notice: Notice) -> None:
        query = RegisterQuery(case_id=self.state.case_id, personnummer=notice.tenant.personnummer)
        population, known = await asyncio.gather(
            _look_up(CaseActivities.check_population_register, query),
            _look_up(CaseActivities.check_known_client, query),
        )
        self.state.register_check = RegisterCheck(
            registered_at_address=population.registered_at_address,
            other_adults_registered=population.other_adults,
            children_birth_years=population.children_birth_years,
            known_to_social_services=known.known,
            known_in_unit=known.unit,
            known_in_other_administration=known.other_administration,
        )
        if population.registered_at_address is False:
            log(
                self.state,
                workflow.now(),
                "tenant not registered at the address: check for a sublet",
            )

    async def _confirm_to_kfm(self, notice: Notice) -> None:
        await asyncio.gather(
            self._send_letter(LetterKind.KFM_CONFIRMATION, notice),
            self._send_letter(LetterKind.KFM_CONFIRMATION_TENANT_COPY, notice),
        )
        deadline = self.state.deadlines[DeadlineName.KFM_CONFIRMATION]
        assert deadline.due_on is not None
        # Judged on the workflow's clock (the durable one), when both letters are committed.
        sent_on = local_date(workflow.now())
        if deadline.status is not DeadlineStatus.PENDING:
            return  # settled as missed at the end of its day; the supervisor was alerted then
        if sent_on <= deadline.due_on:
            settle(deadline, DeadlineStatus.MET, workflow.now())
        else:
            settle(deadline, DeadlineStatus.MISSED, workflow.now())
            await self._raise_alert(
                AlertUnit.SUPERVISOR, "confirmation to Kronofogden not sent the same day", None
            )

    async def _alert_units(self, notice: Notice) -> None:
        state = self.state
        alerts = []
        if state.has_children and not state.alerted(AlertUnit.CHILDREN_UNIT):
            alerts.append((AlertUnit.CHILDREN_UNIT, "children in household: report of concern"))
        if tenant_is_elderly(state) and not state.alerted(AlertUnit.ELDERLY_CARE_OUTREACH):
            alerts.append((AlertUnit.ELDERLY_CARE_OUTREACH, "tenant aged 65 or older"))
        # A unit under another board hears of the tenant only with consent: held until then.
        held = [unit for unit, _ in alerts if alert_needs_consent(state, unit)]
        for unit in held:
            if unit not in state.held_alerts:
                state.held_alerts.append(unit)
                log(
                    state, workflow.now(), f"{unit.value} not alerted: another administration, consent needed"
                )
        state.held_alerts = [unit for unit in state.held_alerts if unit in held]
        await asyncio.gather(
            *(self._raise_alert(unit, reason, notice) for unit, reason in alerts if unit not in held)
        )

    async def _send_letter(self, kind: LetterKind, notice: Notice, visit: HomeVisit | None = None) -> Any:
        state = self.state
        assert state.routing is not None
        recipient = RECIPIENT_OF[kind]
        request = LetterRequest(
            case_id=state.case_id,
            letter_id=state.next_id("L"),
            kind=kind,
            recipient=recipient,
            written_on=local_date(workflow.now()),
            routing=state.routing,
            notice=notice,
            recovery_period_end=state.recovery.ends_on if state.recovery else None,
            eviction_at=notice.eviction.scheduled_at
            if notice.eviction
            else (state.eviction.scheduled_at if state.eviction else None),
            kfm_case_number=notice.eviction.kfm_case_number if notice.eviction else None,
            amount_sek=state.recovery.commitment_amount_sek if state.recovery else None,
            visit_at=visit.at if visit else None,
            joint_with_children_unit=visit.with_children_unit if visit else False,
            interventions=[i.kind.value for i in state.interventions if i.landlord_told],
            follow_up_months=state.policy.follow_up_months,
        )
        record = await _act(CaseActivities.write_letter, request)
        state.letters.append(record)
        return record

    async def _raise_alert(self, unit: AlertUnit, reason: str, notice: Notice | None) -> None:
        state = self.state
        assert state.routing is not None
        record = await _act(
            CaseActivities.raise_alert,
            AlertRequest(
                case_id=state.case_id,
                alert_id=state.next_id("A"),
                unit=unit,
                reason=reason,
                routing=state.routing,
                notice=notice,
            ),
        )
        state.alerts.append(record)
        workflow.logger.info("alert raised", extra={"case_id": state.case_id, "unit": unit.value})

    async def _remind(self, topic: str, text: str) -> None:
        state = self.state
        assert state.routing is not None
        record = await _act(
            CaseActivities.remind_case_officer,
            ReminderRequest(
                case_id=state.case_id,
                reminder_id=state.next_id("R"),
                topic=topic,
                text=text,
                routing=state.routing,
            ),
        )
        state.reminders.append(record)

    async def _do_work(self) -> None:
        while self._work:
            item = self._work.pop(0)
            if item == PAYMENT_COMMITMENT_WORK:
                notice = next(n for n in reversed(self.state.notices) if n.kind is NoticeKind.RENT_ARREARS)
                if not workflow.patched(CASEWORK_PATCH):
                    await self._send_letter(LetterKind.PAYMENT_COMMITMENT, notice)
                elif await self._landlord_letter(
                    LetterKind.PAYMENT_COMMITMENT, notice, ConsentPurpose.PAYMENT_COMMITMENT
                ):
                    recovery = self.state.recovery
                    assert recovery is not None
                    recovery.eviction_barred_for_debt = True
                    log(self.state, workflow.now(), "payment commitment sent: no eviction for this debt")
                else:
                    undo_unsent_commitment(self.state, workflow.now())
            elif item.startswith(PLANNED_SUPPORT_WORK):
                await self._landlord_letter(
                    LetterKind.PLANNED_SUPPORT, self.state.notices[-1], ConsentPurpose.PLANNED_SUPPORT
                )

    async def _fire_due_timers(self) -> None:
        while True:
            now = workflow.now()
            due = sorted((t for t in self.state.timers if not t.done and t.at <= now), key=lambda t: t.at)
            if not due:
                return
            timer = due[0]
            timer.done = True
            await self._on_timer(timer, now)

    async def _on_timer(self, timer: Timer, now: datetime) -> None:
        state = self.state
        deadlines = state.deadlines
        if (
            timer.action is TimerAction.RECOVERY_REMINDER
            and state.recovery
            and state.recovery.outcome is None
        ):
            await self._remind(
                "recovery_period_ends_soon",
                f"Återvinningsfristen löper ut {state.recovery.ends_on.isoformat()}. Är skulden betald, "
                "eller ska nämnden lämna ett betalningsåtagande?",
            )
        elif timer.action is TimerAction.RECOVERY_PERIOD_END and state.recovery:
            if state.recovery.outcome is None:
                state.recovery.outcome = RecoveryOutcome.NOT_SAVED
                settle(deadlines[DeadlineName.RECOVERY_PERIOD], DeadlineStatus.MISSED, now)
                log(state, now, "recovery period ended without payment or commitment")
                await self._remind(
                    "recovery_period_ended",
                    f"Återvinningsfristen löpte ut {state.recovery.ends_on.isoformat()} utan att skulden "
                    "betalades eller ett betalningsåtagande lämnades. Kronofogden kan besluta om "
                    f"avhysning från {state.recovery.earliest_eviction_decision.isoformat()}.",
                )
        elif timer.action is TimerAction.KFM_CONFIRMATION_CHECK:
            deadline = deadlines.get(DeadlineName.KFM_CONFIRMATION)
            if deadline and deadline.status is DeadlineStatus.PENDING:
                settle(deadline, DeadlineStatus.MISSED, now)
                await self._raise_alert(
                    AlertUnit.SUPERVISOR, "confirmation to Kronofogden not sent the same day", None
                )
        elif timer.action is TimerAction.PREASSESSMENT_REMINDER:
            deadline = deadlines[DeadlineName.PREASSESSMENT_REMINDER]
            if state.phase is Phase.PREASSESSMENT:
                settle(deadline, DeadlineStatus.MISSED, now)
                await self._remind(
                    "preassessment_guideline",
                    "Förhandsbedömningen har pågått i 14 dagar. Besluta om utredning ska inledas, "
                    f"senast {deadlines[DeadlineName.PREASSESSMENT_LIMIT].due_text()}.",
                )
            else:
                settle(deadline, DeadlineStatus.MET, now)
        elif timer.action is TimerAction.PREASSESSMENT_LIMIT:
            deadline = deadlines[DeadlineName.PREASSESSMENT_LIMIT]
            if state.phase is Phase.PREASSESSMENT and state.extension is not None:
                settle(deadline, DeadlineStatus.MET, now)  # a special reason is recorded
                log(state, now, f"preassessment runs past four weeks: {state.extension.reason.value}")
            elif state.phase is Phase.PREASSESSMENT:
                settle(deadline, DeadlineStatus.MISSED, now)
                await self._raise_alert(AlertUnit.SUPERVISOR, "preassessment over four weeks", None)
            else:
                settle(deadline, DeadlineStatus.MET, now)
        elif (
            timer.action is TimerAction.EVICTION_REMINDER
            and state.eviction
            and state.eviction.outcome is None
        ):
            await self._remind(
                "eviction_soon",
                "Avhysning är planerad "
                f"{state.eviction.scheduled_at.astimezone(STOCKHOLM):%Y-%m-%d %H.%M}. "
                "Planera närvaro (med enheten för barn och unga om barn berörs).",
            )
        elif timer.action is TimerAction.EVICTION_DAY and state.eviction and state.eviction.outcome is None:
            await self._remind(
                "eviction_outcome_needed",
                "Dagen för avhysningen är här. Registrera utfallet och om socialtjänsten var på plats.",
            )
        elif (
            timer.action is TimerAction.EVICTION_OUTCOME_CHASE
            and state.eviction
            and state.eviction.outcome is None
        ):
            await self._raise_alert(AlertUnit.SUPERVISOR, "eviction outcome not recorded", None)
        elif timer.action is TimerAction.CONTACT_CHECK and home_visit_needed(state):
            await self._book_home_visit()
        elif timer.action is TimerAction.VISIT_OUTCOME_CHECK and any(
            visit.status is VisitStatus.BOOKED and visit.at <= now for visit in state.visits
        ):
            await self._remind(
                "home_visit_outcome_needed",
                "Hembesöket har ägt rum enligt bokningen. Registrera om hyresgästen träffades.",
            )
        elif (
            timer.action is TimerAction.FOLLOW_UP_DUE and state.follow_up and state.follow_up.done_at is None
        ):
            await self._remind(
                "follow_up_due",
                "Dags för den uppföljning som hyresgästen tackade ja till. Registrera kontakten som "
                "uppföljning, eller avsluta ärendet.",
            )
        elif timer.action is TimerAction.RETENTION_END and state.phase is Phase.CLOSED:
            self._finished = True

    # ---- the contact ladder, consent and follow-up (issue 3) -------------------------------

    async def _start_contact_ladder(self, notice: Notice, letter_id: str) -> None:
        """Day 0: the information letter (not personal contact) and, with a number, a call."""
        state = self.state
        record_automatic_letter(state, letter_id, workflow.now())
        plan_contact_check(state, local_date(workflow.now()))
        if notice.tenant.phone:
            await self._remind(
                "phone_tenant",
                "Ring hyresgästen i dag för att erbjuda stöd (telefonnumret finns i underrättelsen). "
                "Ett informationsbrev räknas inte som personlig kontakt.",
            )

    async def _book_home_visit(self) -> None:
        """No personal contact in time: a letter announcing a home visit, and the visit booked."""
        state = self.state
        assert state.routing is not None
        now = workflow.now()
        notice = state.notices[-1]
        at = home_visit_slot(local_date(now), state.policy)
        joint = children_unit_joins(state)
        visit = HomeVisit(
            visit_id=state.next_id("V"), kind=VisitKind.ANNOUNCED, at=at, with_children_unit=joint
        )
        state.visits.append(visit)
        booking = VisitBooking(
            case_id=state.case_id,
            visit_id=visit.visit_id,
            at=at,
            minutes=VISIT_LENGTH_MINUTES,
            with_children_unit=joint,
            routing=state.routing,
            notice=notice,
        )
        letter, calendar_file = await asyncio.gather(
            self._send_letter(LetterKind.HOME_VISIT_NOTICE, notice, visit=visit),
            _act(CaseActivities.book_home_visit, booking),
        )
        visit.letter_id = letter.letter_id
        visit.calendar_file = calendar_file
        record_automatic_letter(state, letter.letter_id, workflow.now())
        state.timers.append(
            morning_timer(
                f"visit-outcome:{visit.visit_id}",
                add_working_days(local_date(at), 1),
                TimerAction.VISIT_OUTCOME_CHECK,
            )
        )
        log(state, now, f"no personal contact: home visit {visit.visit_id} announced for {at.isoformat()}")
        if joint:
            await self._raise_alert(
                AlertUnit.CHILDREN_UNIT,
                f"joint home visit booked for {at.astimezone(STOCKHOLM):%Y-%m-%d %H.%M}",
                notice,
            )

    async def _landlord_letter(self, kind: LetterKind, notice: Notice, purpose: ConsentPurpose) -> bool:
        """A letter about the tenant to the landlord, only while consent covers it."""
        if landlord_letter_blocked(self.state, purpose):
            log(
                self.state,
                workflow.now(),
                f"{kind.value} letter stopped: no consent to the landlord for {purpose.value}",
            )
            await self._remind(
                "letter_stopped_no_consent",
                "Brevet till hyresvärden skickades inte: hyresgästens samtycke saknas eller har återkallats.",
            )
            return False
        await self._send_letter(kind, notice)
        return True

    async def _follow_rules(self) -> None:
        """The guards that follow from the case's state rather than a timer or an action."""
        state = self.state
        if state.phase in (Phase.INTAKE, Phase.CLOSED) or not workflow.patched(CASEWORK_PATCH):
            return
        notice = state.notices[-1]
        await self._alert_units(notice)  # children reported later; alerts whose consent came
        eviction = state.eviction
        if (
            eviction is not None
            and eviction.outcome is None
            and state.has_children
            and eviction.children_unit_told_of != eviction.scheduled_at
        ):
            eviction.children_unit_told_of = eviction.scheduled_at
            await self._raise_alert(
                AlertUnit.CHILDREN_UNIT,
                f"attend the eviction on {eviction.scheduled_at.astimezone(STOCKHOLM):%Y-%m-%d %H.%M}",
                notice,
            )
        if adult_intake_handover_due(state):
            state.handed_over_to_adult_intake = True
            log(
                state,
                workflow.now(),
                "no contact with a single adult before eviction: handed to adult intake",
            )
            await self._raise_alert(
                AlertUnit.ADULT_INTAKE_UNIT,
                "no contact with a single adult; the case moves towards eviction",
                notice,
            )
        if follow_up_offer_due(state):
            letter = await self._send_letter(LetterKind.FOLLOW_UP_OFFER, notice)
            state.follow_up = FollowUp(offered_at=workflow.now(), offer_letter_id=letter.letter_id)
            log(state, workflow.now(), "follow-up offered to the tenant")

    async def _sleep_until_next_timer(self) -> None:
        pending = [t.at for t in self.state.timers if not t.done]
        if self._processed < len(self.state.notices) or self._work:
            return
        if not pending:
            await workflow.wait_condition(lambda: self._wake)
            return
        delay = min(pending) - workflow.now()
        if delay <= timedelta(0):
            return
        try:
            await workflow.wait_condition(lambda: self._wake, timeout=delay)
        except TimeoutError:
            pass

    # ---- search attributes ---------------------------------------------------------------

    def _publish_search_attributes(self) -> None:
        state = self.state
        next_deadline = state.next_deadline()
        wanted: dict[str, Any] = {
            sa.CASE_TRACKS.name: [track.value for track in state.tracks],
            sa.CASE_PHASE.name: state.phase.value,
            sa.NEXT_DEADLINE.name: next_deadline[1].starts_at() if next_deadline else None,
            sa.NEXT_DEADLINE_KIND.name: next_deadline[0].value if next_deadline else None,
            sa.RECOVERY_PERIOD_END.name: (
                state.deadlines[DeadlineName.RECOVERY_PERIOD].starts_at() if state.recovery else None
            ),
            sa.EVICTION_AT.name: state.eviction.scheduled_at if state.eviction else None,
            sa.HAS_CHILDREN.name: state.has_children,
            sa.DISTRICT.name: state.district,
            sa.LANDLORD.name: state.landlord,
            sa.CASE_OFFICER.name: state.routing.officer_id if state.routing else None,
        }
        updates = []
        for key in sa.SEARCH_ATTRIBUTES:
            value = wanted[key.name]
            if self._published.get(key.name, _UNSET) == value:
                continue
            self._published[key.name] = value
            updates.append(key.value_unset() if value is None else key.value_set(value))
        if updates:
            workflow.upsert_search_attributes(updates)


_UNSET = object()
