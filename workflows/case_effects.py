"""Carries out what the case's rules decide, as activities: letters, alerts, reminders, home
visits, register look-ups. Workflow-side code (deterministic), with no rule of its own: every
decision is a pure function in `domain/` that changes the state and returns the effects to carry
out; where an activity's result feeds a rule (a look-up, a letter's fate), the rule is called
here with it, at the moment the old loop called it, so running cases replay.

The order and concurrency of activities is part of a running case's history: effects in a
`Together` start at once, everything else one after the other.
"""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from domain.case import CaseState
    from domain.case_summary import alert_summary, letter_summary, reminder_summary
    from domain.closing import follow_up_offered
    from domain.consent import ConsentPurpose
    from domain.contact import VISIT_LENGTH_MINUTES, HomeVisit, home_visit_announced, plan_home_visit
    from domain.correspondence import AlertUnit, HeldReason, LetterKind
    from domain.effects import (
        Alert,
        BookHomeVisit,
        Effect,
        Finish,
        LetterOutcome,
        Remind,
        ResendHeldLetters,
        SendLandlordLetter,
        SendLetter,
        SendPaymentCommitment,
        Together,
    )
    from domain.eviction import kfm_confirmation_sent
    from domain.intake import (
        add_notice,
        case_registered,
        open_period,
        plan_intake,
        policy_fixed,
        preassessment_begins,
        registers_checked,
        units_to_alert,
    )
    from domain.landlord import held_letters_to_send, landlord_letter_stopped, letter_held
    from domain.letter_claims import letter_request, unwritable
    from domain.letters import letter_unprintable
    from domain.notices import Notice, NoticeKind
    from domain.recovery_period import commitment_letter_went
    from domain.requests import (
        AlertRequest,
        CaseRegistration,
        OpeningFound,
        OpeningLookUp,
        RegisterQuery,
        ReminderRequest,
        VisitBooking,
    )
    from domain.tenant_address import letter_not_written
    from workflows.patches import (
        CASEWORK_PATCH,
        HELD_COMMITMENT_PATCH,
        LOCAL_ALERT_PATCH,
        LOCAL_REMINDER_PATCH,
        ONE_LOOK_UP_PATCH,
        TRUE_LETTERS_PATCH,
        CasePatches,
    )

# A letter, alert or reminder takes milliseconds; the timeout is how long a dead worker can
# hold one back before another worker retries it.
ACTIVITY_TIMEOUT = timedelta(seconds=15)
# Routing, register look-ups, the case register entry, alerts and reminders are short calls:
# local activities, recorded in the case's history without a round trip through the server's
# task queue (each such trip cost the server as much as a workflow task, issue 20).
LOOKUP_TIMEOUT = timedelta(seconds=20)
# Letters and alerts must go out: retry until they do, backing off to once a minute. A fault in
# the program is not retried (the activity marks it non-retryable) and is reported instead.
ACTIVITY_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))
Arg = TypeVar("Arg")
Result = TypeVar("Result")


def _look_up(method: Callable[[Any, Arg], Result], arg: Arg, summary: str | None = None) -> Awaitable[Result]:
    """A short look-up or record, as a local activity: no round trip through the server."""
    return workflow.execute_local_activity_method(
        method, arg, start_to_close_timeout=LOOKUP_TIMEOUT, retry_policy=ACTIVITY_RETRY, summary=summary
    )


def program_fault(error: ActivityError | ApplicationError) -> ApplicationError | None:
    """The fault in the program behind an activity's failure (non-retryable), or None. An
    activity's failure arrives wrapped in `ActivityError`; a local activity's, as raised."""
    cause = error.cause if isinstance(error, ActivityError) else error
    return cause if isinstance(cause, ApplicationError) and cause.non_retryable else None


def _opening(state: CaseState, notice: Notice) -> OpeningLookUp:
    return OpeningLookUp(
        case_id=state.case_id,
        district=notice.district,
        personnummer=notice.tenant.personnummer,
        notice_id=notice.notice_id,
        kind=notice.kind,
        registered_on=notice.received_on,
    )


class CaseEffects:
    """The activities of one case, and the steps that interleave them with pure rules."""

    def __init__(self, state: CaseState, patched: CasePatches) -> None:
        self.state = state
        self.patched = patched
        self.finished = False  # a closed case whose retention ended

    @property
    def true_letters(self) -> bool:
        """Issue 18's letters and rules (`TRUE_LETTERS_PATCH`): decided once per run, at the
        first step that asks."""
        return self.patched(TRUE_LETTERS_PATCH)

    # ---- single activities ---------------------------------------------------------------

    async def _act(
        self, method: Callable[[Any, Arg], Result], arg: Arg, what: str, summary: str, local: bool = False
    ) -> Result | None:
        """An activity with side effects, retried until it is done; None when a fault in the
        program made it fail for good (the case records it and tells the supervisor). The
        summary says in Swedish what it does, in the Web UI. A `local` one runs in the workflow
        task that asked for it (a short write: no round trip through the server)."""
        try:
            if local:
                return await _look_up(method, arg, summary)
            return await workflow.execute_activity_method(
                method,
                arg,
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                summary=summary,
            )
        except (ActivityError, ApplicationError) as error:
            cause = program_fault(error)
            if cause is None:
                raise
            self.state.log(workflow.now(), f"{what} failed: {cause.message}")
            workflow.logger.error("activity failed for good", extra={"case_id": self.state.case_id})
            if what != "supervisor alert":
                await self.raise_alert(
                    AlertUnit.SUPERVISOR,
                    f"{what} failed: a fault in the program",
                    None,
                    f"Ett steg i ärendet misslyckades ({what}): ett fel i programmet. Kontakta "
                    "systemförvaltningen; felet står i arbetarens logg.",
                )
            return None

    async def send_letter(
        self, kind: LetterKind, notice: Notice, visit: HomeVisit | None = None
    ) -> str | None:
        """Writes the letter once, with the claims true of the case now; returns its id
        (allocated here, so retries reuse it), or None when no true variant of it exists."""
        state = self.state
        if self.true_letters:
            why = unwritable(state, kind)
            if why is not None:
                await self.carry_out(letter_not_written(state, kind, why, workflow.now()), notice)
                return None
        request = letter_request(state, kind, notice, workflow.now(), state.next_id("L"), visit)
        record = await self._act(
            CaseActivities.write_letter, request, f"letter {request.letter_id}", letter_summary(kind)
        )
        if record is not None:
            state.letters.append(record)
            if record.held == HeldReason.UNPRINTABLE:
                await self.carry_out(letter_unprintable(state, kind, workflow.now()), notice)
            elif record.held:
                await self.carry_out(letter_held(state, kind, workflow.now()), notice)
        return request.letter_id

    async def raise_alert(
        self, unit: AlertUnit, reason: str, notice: Notice | None, reason_sv: str = ""
    ) -> None:
        state = self.state
        assert state.routing is not None
        request = AlertRequest(
            case_id=state.case_id,
            case_number=state.case_number,
            alert_id=state.next_id("A"),
            unit=unit,
            reason=reason,
            routing=state.routing,
            notice=notice,
            reason_sv=reason_sv,
        )
        what = "supervisor alert" if unit is AlertUnit.SUPERVISOR else f"alert {request.alert_id}"
        local = self.patched(LOCAL_ALERT_PATCH)
        record = await self._act(CaseActivities.raise_alert, request, what, alert_summary(unit), local=local)
        if record is not None:
            state.alerts.append(record)
        workflow.logger.info("alert raised", extra={"case_id": state.case_id, "unit": unit.value})

    async def remind(self, reminder: Remind) -> None:
        state = self.state
        assert state.routing is not None
        request = ReminderRequest(
            case_id=state.case_id,
            reminder_id=state.next_id("R"),
            topic=reminder.topic,
            facts=reminder.facts,
            routing=state.routing,
        )
        record = await self._act(
            CaseActivities.remind_case_officer,
            request,
            f"reminder {request.reminder_id}",
            reminder_summary(reminder.topic),
            local=self.patched(LOCAL_REMINDER_PATCH),
        )
        if record is not None:
            state.reminders.append(record)

    # ---- effects --------------------------------------------------------------------------

    async def carry_out(self, effects: list[Effect], notice: Notice) -> None:
        """Each effect in order; `notice` is who household alerts and letters are about."""
        for effect in effects:
            await self._one(effect, notice)

    async def _one(self, effect: Effect, notice: Notice) -> None:
        if isinstance(effect, Together):
            await asyncio.gather(*(self._one(each, notice) for each in effect.effects))
        elif isinstance(effect, Remind):
            await self.remind(effect)
        elif isinstance(effect, Alert):
            await self.raise_alert(
                effect.unit, effect.reason, notice if effect.about_household else None, effect.reason_sv
            )
        elif isinstance(effect, SendLetter):
            letter_id = await self.send_letter(effect.kind, notice)
            if effect.kind is LetterKind.FOLLOW_UP_OFFER and letter_id is not None:
                follow_up_offered(self.state, letter_id, workflow.now())
        elif isinstance(effect, SendLandlordLetter):
            await self._landlord_letter(effect.kind, notice, effect.purpose)
        elif isinstance(effect, SendPaymentCommitment):
            await self._commitment_letter()
        elif isinstance(effect, ResendHeldLetters):
            await self.carry_out(held_letters_to_send(self.state), notice)
        elif isinstance(effect, BookHomeVisit):
            await self.book_home_visit()
        elif isinstance(effect, Finish):
            self.finished = True

    # ---- steps that interleave activities and rules ---------------------------------------

    async def take_in(self, notice: Notice) -> None:
        """A notice, in the stages `domain.intake` plans: routing, deadlines, the confirmation to
        Kronofogden first, then the case's registration, the information letter and the alerts.
        Each stage's look-ups run here; what their answers do to the case is a rule there."""
        state = self.state
        now = workflow.now()  # the notice's moment, as the case records it, through every stage
        plan = plan_intake(state, notice, true_letters=self.true_letters)
        workflow.logger.info(
            "taking in notice",
            extra={"case_id": state.case_id, "notice_kind": notice.kind.value, "opens_case": plan.first},
        )
        casework = self.patched(CASEWORK_PATCH)
        # A case opened from issue 20 on asks everything at once; the rules below take each
        # answer at the stage they always took it.
        found = None
        if plan.first and casework and self.patched(ONE_LOOK_UP_PATCH):
            found = await _look_up(CaseActivities.look_up_opening, _opening(state, notice))
        if plan.first and casework:
            policy = found.policy if found else await workflow.execute_local_activity_method(
                CaseActivities.case_policy, start_to_close_timeout=LOOKUP_TIMEOUT, retry_policy=ACTIVITY_RETRY
            )  # fmt: skip
            policy_fixed(state, policy, now)
        if plan.first:
            routing = found.routing if found else await _look_up(CaseActivities.route_case, notice.district)
            open_period(state, notice, routing)
        add_notice(state, notice, now)
        if plan.numbered_first:
            await self._register(notice, found)
        if plan.confirm_to_kfm:  # the same-day confirmation before any other letter
            await self._confirm_to_kfm(notice)
        if not plan.first:
            await self.carry_out(units_to_alert(state, workflow.now()), notice)
            return
        await self._check_registers(notice, found)
        if not plan.numbered_first:
            await self._register(notice, found)
        letter_id, _ = await asyncio.gather(
            self.send_letter(LetterKind.INFORMATION_LETTER, notice),
            self.carry_out(units_to_alert(state, workflow.now()), notice),
        )
        await self.carry_out(
            preassessment_begins(state, notice, letter_id, workflow.now(), casework=casework), notice
        )

    async def _register(self, notice: Notice, found: OpeningFound | None) -> None:
        """The case's entry in the case register, which gives it its case number."""
        state = self.state
        if found is not None:
            case_registered(state, found.registered)
            return
        assert state.routing is not None
        registration = CaseRegistration(
            case_id=state.case_id,
            notice_id=notice.notice_id,
            kind=notice.kind,
            registered_on=notice.received_on,
            routing=state.routing,
        )
        case_registered(state, await _look_up(CaseActivities.register_case, registration))

    async def _check_registers(self, notice: Notice, found: OpeningFound | None) -> None:
        if found is not None:
            registers_checked(self.state, found.population, found.known, workflow.now())
            return
        query = RegisterQuery(case_id=self.state.case_id, personnummer=notice.tenant.personnummer)
        population, known = await asyncio.gather(
            _look_up(CaseActivities.check_population_register, query),
            _look_up(CaseActivities.check_known_client, query),
        )
        registers_checked(self.state, population, known, workflow.now())

    async def _confirm_to_kfm(self, notice: Notice) -> None:
        await asyncio.gather(
            self.send_letter(LetterKind.KFM_CONFIRMATION, notice),
            self.send_letter(LetterKind.KFM_CONFIRMATION_TENANT_COPY, notice),
        )
        await self.carry_out(kfm_confirmation_sent(self.state, workflow.now()), notice)

    async def book_home_visit(self) -> None:
        """No personal contact in time: a letter announcing a home visit, and the visit booked."""
        state = self.state
        assert state.routing is not None
        notice = state.notices[-1]
        visit = plan_home_visit(state, workflow.now())
        booking = VisitBooking(
            case_id=state.case_id,
            visit_id=visit.visit_id,
            at=visit.at,
            minutes=VISIT_LENGTH_MINUTES,
            with_children_unit=visit.with_children_unit,
            routing=state.routing,
            notice=notice,
            case_number=state.case_number,
        )
        letter_id, calendar_file = await asyncio.gather(
            self.send_letter(LetterKind.HOME_VISIT_NOTICE, notice, visit=visit),
            self._act(
                CaseActivities.book_home_visit,
                booking,
                f"calendar entry {visit.visit_id}",
                "Aviserat hembesök i handläggarens kalender",
            ),
        )
        assert letter_id is not None  # the visit is booked while the tenant lives at the home
        effects = home_visit_announced(state, visit, letter_id, calendar_file, workflow.now())
        await self.carry_out(effects, notice)

    async def _commitment_letter(self) -> None:
        state = self.state
        notice = next(n for n in reversed(state.notices) if n.kind is NoticeKind.RENT_ARREARS)
        if not self.patched(CASEWORK_PATCH):
            await self.send_letter(LetterKind.PAYMENT_COMMITMENT, notice)
            return
        outcome = await self._landlord_letter(
            LetterKind.PAYMENT_COMMITMENT, notice, ConsentPurpose.PAYMENT_COMMITMENT
        )
        # The patch is asked only of a held letter, as before (a marker is a command).
        held_counts_later = outcome is LetterOutcome.HELD and self.patched(HELD_COMMITMENT_PATCH)
        effects = commitment_letter_went(
            state,
            outcome,
            workflow.now(),
            copy_to_tenant=self.true_letters,
            held_counts_later=held_counts_later,
        )
        await self.carry_out(effects, notice)

    async def _landlord_letter(
        self, kind: LetterKind, notice: Notice, purpose: ConsentPurpose
    ) -> LetterOutcome:
        """A letter about the tenant to the landlord, only while consent covers it, and only to a
        postal address (held until there is one)."""
        stopped = landlord_letter_stopped(self.state, kind, purpose, workflow.now())
        if stopped is not None:
            await self.carry_out(stopped, notice)
            return LetterOutcome.STOPPED
        await self.send_letter(kind, notice)
        return LetterOutcome.HELD if kind in self.state.period.letters_waiting else LetterOutcome.SENT
