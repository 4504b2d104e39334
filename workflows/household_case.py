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
    from domain.case import (
        RECIPIENT_OF,
        AlertUnit,
        CaseState,
        DeadlineName,
        DeadlineStatus,
        EvictionDay,
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
        plan_eviction,
        plan_kfm_confirmation,
        plan_preassessment,
        plan_recovery_period,
        postpone_eviction,
        record_recovery_outcome,
        settle,
        tenant_is_elderly,
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
    )
    from domain.notices import Notice, NoticeKind
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
        self._published: dict[str, Any] = {}

    @workflow.run
    async def run(self, start: CaseInput) -> CaseState:
        while self.state.phase is not Phase.CLOSED:
            self._wake = False  # messages that arrive from here on wake the sleep below
            await self._take_in_notices()
            await self._do_work()
            await self._fire_due_timers()
            self._publish_search_attributes()
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
        self._require_open_recovery_period(allow_after_end=True)
        if report.settled_on > local_date(workflow.now()):
            raise ValueError("the debt cannot be recorded as settled on a day still to come")

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
        self._require_open_recovery_period(allow_after_end=False)

    @workflow.update
    def record_postponement(self, granted: PostponementGranted) -> Acknowledgement:
        postpone_eviction(self.state, granted.new_scheduled_at, granted.reason, workflow.now())
        self._wake = True
        return self._ack(f"eviction moved to {granted.new_scheduled_at.astimezone(STOCKHOLM).isoformat()}")

    @record_postponement.validator
    def _validate_postponement(self, granted: PostponementGranted) -> None:
        eviction = self._require_eviction_without_outcome()
        if granted.new_scheduled_at <= eviction.scheduled_at:
            raise ValueError("a postponement must move the eviction to a later time")

    @workflow.update
    def record_eviction_outcome(self, report: EvictionOutcomeReport) -> Acknowledgement:
        eviction = self.state.eviction
        assert eviction is not None
        now = workflow.now()
        eviction.outcome = report.outcome
        eviction.attended = report.attended
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
        eviction = self._require_eviction_without_outcome()
        if report.outcome is EvictionOutcome.EXECUTED and workflow.now() < eviction.scheduled_at:
            raise ValueError("an eviction cannot be recorded as executed before its date and time")

    def _require_eviction_without_outcome(self) -> EvictionDay:
        eviction = self.state.eviction
        if eviction is None:
            raise ValueError("this case has no eviction date from Kronofogden")
        if eviction.outcome is not None:
            raise ValueError("the eviction's outcome is already recorded")
        return eviction

    def _require_open_recovery_period(self, *, allow_after_end: bool) -> None:
        recovery = self.state.recovery
        if recovery is None:
            raise ValueError("this case has no recovery period (no termination for unpaid rent)")
        if recovery.outcome is not None and recovery.outcome is not RecoveryOutcome.NOT_SAVED:
            raise ValueError(f"the recovery period already has an outcome: {recovery.outcome.value}")
        if not allow_after_end and local_date(workflow.now()) > recovery.ends_on:
            raise ValueError(
                f"the recovery period ended on {recovery.ends_on.isoformat()}; a payment "
                "commitment can no longer save the lease"
            )

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
        first = state.routing is None
        workflow.logger.info(
            "taking in notice",
            extra={
                "case_id": state.case_id,
                "notice_id": notice.notice_id,
                "notice_kind": notice.kind.value,
                "opens_case": first,
            },
        )
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
            await asyncio.gather(
                self._send_letter(LetterKind.INFORMATION_LETTER, notice), self._alert_units(notice)
            )
            state.phase = Phase.PREASSESSMENT
            log(state, workflow.now(), "case registered; preassessment started")
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
        alerts = []
        if self.state.has_children and not self.state.alerted(AlertUnit.CHILDREN_UNIT):
            alerts.append((AlertUnit.CHILDREN_UNIT, "children in household: report of concern"))
        if tenant_is_elderly(self.state) and not self.state.alerted(AlertUnit.ELDERLY_CARE_OUTREACH):
            alerts.append((AlertUnit.ELDERLY_CARE_OUTREACH, "tenant aged 65 or older"))
        await asyncio.gather(*(self._raise_alert(unit, reason, notice) for unit, reason in alerts))

    async def _send_letter(self, kind: LetterKind, notice: Notice) -> Any:
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
                await self._send_letter(LetterKind.PAYMENT_COMMITMENT, notice)

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
            if state.phase is Phase.PREASSESSMENT:
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
