"""One durable case per household: notices in, deadlines kept, letters and alerts out.

The workflow id is the keyed hash of the tenant's personnummer, so every notice about the
same tenant reaches the same case (update-with-start). The loop takes in notices, does the work
updates decided, fires due timers, follows the standing rules, publishes its search attributes,
and sleeps until the next timer or the next message. Every rule is a pure function in
`domain/`; every update is a `check_*` in its validator and an `apply_*` in its handler;
`case_effects` carries out what the rules decide.
"""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ApplicationError, CancelledError, FailureError

with workflow.unsafe.imports_passed_through():
    from activities.metrics import DEADLINES_MISSED
    from activities.names import PUBLISH_CASE_FACTS
    from domain import (
        closing,
        consent,
        contact,
        eviction,
        landlord,
        preassessment,
        recovery_period,
        routing,
        support,
        tenant_address,
    )
    from domain.actions import (
        Acknowledgement,
        AgreementReport,
        AssignOfficer,
        CaseClosing,
        ConsentGiven,
        ConsentWithdrawal,
        ContactReport,
        DebtSettled,
        EvictionOutcomeReport,
        ExtensionReport,
        FollowUpArrangement,
        LandlordAddressReport,
        LandlordFactsReport,
        NoticeReceipt,
        PaymentCommitmentDecision,
        PostponementAnswer,
        PostponementGranted,
        PostponementRequestReport,
        PreassessmentEnd,
        SupportPlan,
        TenantAddressReport,
    )
    from domain.case import CaseState
    from domain.case_facts import CaseFacts, case_facts
    from domain.case_summary import case_details, waiting_for
    from domain.deadlines import DeadlineStatus, local_date
    from domain.effects import Effect
    from domain.intake import check_room_for, receive_notice as take_notice
    from domain.language import ActionRefused, Said
    from domain.notices import Notice
    from domain.sender_view import NoticeStatus, notice_status as sender_notice_status
    from domain.timer_rules import (
        STANDING_RULES,
        STANDING_RULES_TRUE,
        next_due_timer,
        on_timer,
        standing_rules_apply,
        superseded,
    )
    from workflows.case_attributes import searchable
    from workflows.case_effects import CaseEffects
    from workflows.case_input import CaseInput
    from workflows.patches import (
        CASEWORK_PATCH,
        CATCH_UP_PATCH,
        FIRST_NOTICE_PATCH,
        LOCAL_PUBLISH_PATCH,
        OVERVIEW_PATCH,
        PHASES_AGREE_PATCH,
        REPORTING_PATCH,
        SUPERVISION_PATCH,
        CasePatches,
    )
    from workflows.search_attributes import ORIGINAL_SEARCH_ATTRIBUTES, OVERVIEW_ATTRIBUTES, SEARCH_ATTRIBUTES

_UNSET = object()
# How long a run waits for its first notice: the notice of an update-with-start arrives with the
# run's first task, so only a notice the server lost (it died in between) never comes.
FIRST_NOTICE_WAIT = timedelta(minutes=10)
# The reporting store may be down for hours: the publication retries, never gives up.
PUBLISH_RETRIES = RetryPolicy(initial_interval=timedelta(seconds=2), maximum_interval=timedelta(minutes=10))
# A publication first runs once within the case's workflow task (a row written in milliseconds,
# no round trip through the server); the task waits for it at most this long.
PUBLISH_HERE_TIMEOUT = timedelta(seconds=5)
PUBLISH_SUMMARY = "Rapportfakta till rapportdatabasen"


@contextmanager
def refusals() -> Iterator[None]:
    """A rule's refusal leaves the validator as an ApplicationError that carries the Swedish
    reason as its detail; the update is rejected and never reaches the history."""
    try:
        yield
    except ActionRefused as refused:
        raise ApplicationError(
            str(refused), refused.said.sv, type="ActionRefused", non_retryable=True
        ) from None


# A case lives for months and sleeps on timers: it moves to each new current version at its next
# task, and its changes stay behind `workflow.patched` (infra/versioning.py says why).
@workflow.defn(versioning_behavior=VersioningBehavior.AUTO_UPGRADE)
class HouseholdCase:
    @workflow.init
    def __init__(self, start: CaseInput) -> None:
        self.state = start.carried_state or CaseState(case_id=start.case_id)
        self._processed = len(self.state.notices) if start.carried_state else 0
        # Effects the updates' rules returned, carried out by the loop in the order they came.
        self._work: list[list[Effect]] = []
        self._wake = False
        self._published: dict[str, Any] = {}
        self._patched = CasePatches()
        self._effects = CaseEffects(self.state, self._patched)
        self._facts_wanted: CaseFacts | None = None
        self._facts_sent: CaseFacts | None = None
        self._publisher: asyncio.Task[None] | None = None
        # The last publication failed within the task: the next ones go as activities until one
        # is through, so no task of this case waits on a store that is down.
        self._store_down = False

    @workflow.run
    async def run(self, start: CaseInput) -> CaseState:
        self._patched.begin()
        if not self.state.notices and self._patched(FIRST_NOTICE_PATCH):
            try:
                await workflow.wait_condition(
                    lambda: bool(self.state.notices),
                    timeout=FIRST_NOTICE_WAIT,
                    timeout_summary="Väntar på ärendets första underrättelse",
                )
            except TimeoutError:  # the notice was lost before it reached the case: nothing to do
                workflow.logger.info("no notice arrived: the run ends", extra={"case_id": self.state.case_id})
                return self.state
        while not self._effects.finished:
            self._wake = False  # messages that arrive from here on wake the sleep below
            self.state.true_letters = self._effects.true_letters
            await self._take_in_notices()
            await self._do_work()
            await self._fire_due_timers()
            await self._follow_standing_rules()
            self._publish_search_attributes()
            self._publish_facts()
            if self._effects.finished:
                break
            if self._history_is_long(start):
                await workflow.wait_condition(workflow.all_handlers_finished)
                if self._publisher is not None:
                    await self._publisher  # no activity is left behind by the run that ends
                if self._processed == len(self.state.notices) and not self._work:
                    self.state.period.timers = [timer for timer in self.state.period.timers if not timer.done]
                    workflow.continue_as_new(
                        CaseInput(
                            case_id=self.state.case_id,
                            carried_state=self.state,
                            history_event_limit=start.history_event_limit,
                            case_id_key_check=start.case_id_key_check,
                        )
                    )
            await self._sleep_until_next_timer()
        if self._publisher is not None:
            await self._publisher  # the closed case's last facts reach the store before it ends
        return self.state

    def _history_is_long(self, start: CaseInput) -> bool:
        info = workflow.info()
        return (
            info.is_continue_as_new_suggested()
            or info.get_current_history_length() > start.history_event_limit
        )

    # ---- the loop's steps ----------------------------------------------------------------

    async def _take_in_notices(self) -> None:
        while self._processed < len(self.state.notices):
            await self._effects.take_in(self.state.notices[self._processed])
            self._processed += 1

    def _queue(self, effects: list[Effect]) -> None:
        """What an update's rule returned, for the loop to carry out (nothing queued if none)."""
        if effects:
            self._work.append(effects)

    async def _do_work(self) -> None:
        while self._work:
            await self._effects.carry_out(self._work.pop(0), self.state.notices[-1])

    async def _fire_due_timers(self) -> None:
        while (timer := next_due_timer(self.state, workflow.now())) is not None:
            missed = self._missed()
            # Patched only where a reminder is superseded: no other case records the marker.
            catch_up = superseded(self.state, timer, workflow.now()) and self._patched(CATCH_UP_PATCH)
            effects = on_timer(self.state, timer, workflow.now(), catch_up=catch_up)
            if self._missed() > missed:  # the metric skips replay: each miss is counted once
                workflow.metric_meter().create_counter(
                    DEADLINES_MISSED, "Legal deadlines missed (settled as missed when their time ran out)"
                ).add(self._missed() - missed)
            await self._effects.carry_out(effects, self.state.notices[-1])

    def _missed(self) -> int:
        return sum(d.status is DeadlineStatus.MISSED for d in self.state.period.deadlines.values())

    async def _follow_standing_rules(self) -> None:
        if not standing_rules_apply(self.state) or not self._patched(CASEWORK_PATCH):
            return
        rules = STANDING_RULES_TRUE if self._effects.true_letters else STANDING_RULES
        for rule in rules:
            await self._effects.carry_out(rule(self.state, workflow.now()), self.state.notices[-1])

    async def _sleep_until_next_timer(self) -> None:
        pending = [t.at for t in self.state.period.timers if not t.done]
        if self._processed < len(self.state.notices) or self._work:
            return
        if not pending:
            await workflow.wait_condition(lambda: self._wake)
            return
        delay = min(pending) - workflow.now()
        if delay <= timedelta(0):
            return
        try:
            await workflow.wait_condition(
                lambda: self._wake, timeout=delay, timeout_summary=waiting_for(self.state)
            )
        except TimeoutError:
            pass

    def _publish_search_attributes(self) -> None:
        # The supervisors' attributes (issue 9) change when nothing else does (a deadline
        # passing); cases recorded before them keep their old upserts on replay.
        supervision = self._patched(SUPERVISION_PATCH)
        wanted = searchable(self.state, workflow.now(), supervision)
        keys = SEARCH_ATTRIBUTES if supervision else ORIGINAL_SEARCH_ATTRIBUTES
        if supervision and self._patched(OVERVIEW_PATCH):
            keys = OVERVIEW_ATTRIBUTES
        updates = []
        for key in keys:
            value = wanted[key.name]
            if self._published.get(key.name, _UNSET) == value:
                continue
            self._published[key.name] = value
            updates.append(key.value_unset() if value is None else key.value_set(value))
        if updates:
            workflow.upsert_search_attributes(updates)
        workflow.set_current_details(case_details(self.state, workflow.now()))

    def _publish_facts(self) -> None:
        """Hands the case's facts to the reporting store when they changed (issue 10). A task
        of its own publishes them, one at a time, the newest last: nothing waits for it."""
        if not self._patched(REPORTING_PATCH):
            return
        facts = case_facts(self.state, workflow.now())
        if facts == self._facts_wanted:
            return
        self._facts_wanted = facts
        if self._publisher is None or self._publisher.done():
            self._publisher = asyncio.create_task(self._publish_until_current())

    async def _publish_until_current(self) -> None:
        while self._facts_wanted is not None and self._facts_wanted != self._facts_sent:
            facts = self._facts_wanted
            published = facts.model_copy(update={"as_of": workflow.now()})
            if (
                not self._store_down
                and self._patched(LOCAL_PUBLISH_PATCH)
                and await self._publish_here(published)
            ):
                self._facts_sent = facts
                continue
            await workflow.execute_activity(
                PUBLISH_CASE_FACTS,
                published,
                result_type=bool,
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=PUBLISH_RETRIES,
                summary=PUBLISH_SUMMARY,
            )
            self._store_down = False
            self._facts_sent = facts

    async def _publish_here(self, published: CaseFacts) -> bool:
        """One try as a local activity; False (and the store taken as down) when it failed."""
        try:
            await workflow.execute_local_activity(
                PUBLISH_CASE_FACTS,
                published,
                result_type=bool,
                start_to_close_timeout=PUBLISH_HERE_TIMEOUT,
                retry_policy=RetryPolicy(maximum_attempts=1),
                summary=PUBLISH_SUMMARY,
            )
        except FailureError as error:  # an activity's failure, a local one's as raised, a timeout
            if isinstance(error, CancelledError):
                raise
            self._store_down = True
            return False
        return True

    def _done(self, said: Said) -> Acknowledgement:
        self._wake = True
        return Acknowledgement(
            case_id=self.state.case_id, accepted_at=workflow.now(), message=said.en, message_sv=said.sv
        )

    # ---- the query and the notices -------------------------------------------------------

    @workflow.query(description="Hela ärendet, som `cases show` visar det (läses via codec-servern).")
    def state_query(self) -> CaseState:
        return self.state

    @workflow.query(description="Vad avsändaren av en underrättelse får veta om den (avsändarnas API).")
    def notice_status(self, notice_id: str) -> NoticeStatus:
        return sender_notice_status(self.state, notice_id)

    @workflow.update
    def receive_notice(self, notice: Notice) -> NoticeReceipt:
        receipt = take_notice(self.state, notice, workflow.now())
        if receipt.status != "duplicate":
            self._wake = True
        return receipt

    @receive_notice.validator
    def _validate_notice(self, notice: Notice) -> None:
        # A validator runs only when an update arrives, never on replay: running cases keep theirs.
        with refusals():
            check_room_for(self.state, notice)

    # ---- the recovery period -------------------------------------------------------------

    @workflow.update
    def record_debt_settled(self, report: DebtSettled) -> Acknowledgement:
        return self._done(recovery_period.apply_debt_settled(self.state, report, workflow.now()))

    @record_debt_settled.validator
    def _validate_debt_settled(self, report: DebtSettled) -> None:
        with refusals():
            recovery_period.check_debt_settled(self.state, report, local_date(workflow.now()))

    @workflow.update
    def commit_payment(self, decision: PaymentCommitmentDecision) -> Acknowledgement:
        said = recovery_period.apply_payment_commitment(self.state, decision, workflow.now())
        self._queue(recovery_period.payment_commitment_letter())
        return self._done(said)

    @commit_payment.validator
    def _validate_commit_payment(self, decision: PaymentCommitmentDecision) -> None:
        with refusals():
            recovery_period.check_payment_commitment(self.state, decision, local_date(workflow.now()))

    # ---- the eviction --------------------------------------------------------------------

    @workflow.update
    def record_postponement(self, granted: PostponementGranted) -> Acknowledgement:
        """Kronofogden's grant, recorded directly; `answer_postponement` is the officer's way."""
        return self._done(eviction.apply_postponement_grant(self.state, granted, workflow.now()))

    @record_postponement.validator
    def _validate_postponement(self, granted: PostponementGranted) -> None:
        with refusals():
            eviction.check_postponement_grant(self.state, granted)

    @workflow.update
    def request_postponement(self, request: PostponementRequestReport) -> Acknowledgement:
        said = eviction.apply_postponement_request(self.state, request, workflow.now())
        letter = eviction.postponement_request_letter(self.state, true_letters=self._effects.true_letters)
        self._queue(letter)
        return self._done(said)

    @request_postponement.validator
    def _validate_postponement_request(self, request: PostponementRequestReport) -> None:
        with refusals():
            eviction.check_postponement_request(self.state, request, local_date(workflow.now()))

    @workflow.update
    def answer_postponement(self, answer: PostponementAnswer) -> Acknowledgement:
        return self._done(eviction.apply_postponement_answer(self.state, answer, workflow.now()))

    @answer_postponement.validator
    def _validate_postponement_answer(self, answer: PostponementAnswer) -> None:
        with refusals():
            eviction.check_postponement_answer(self.state, answer)

    @workflow.update
    def record_eviction_outcome(self, report: EvictionOutcomeReport) -> Acknowledgement:
        return self._done(eviction.apply_eviction_outcome(self.state, report, workflow.now()))

    @record_eviction_outcome.validator
    def _validate_eviction_outcome(self, report: EvictionOutcomeReport) -> None:
        with refusals():
            eviction.check_eviction_outcome(self.state, report, workflow.now())

    # ---- responsibility, contact, consent ------------------------------------------------

    @workflow.update
    def assign_officer(self, action: AssignOfficer) -> Acknowledgement:
        return self._done(routing.apply_assign(self.state, action, workflow.now()))

    @assign_officer.validator
    def _validate_assign(self, action: AssignOfficer) -> None:
        with refusals():
            routing.check_assign(self.state, action)

    @workflow.update
    def record_contact(self, report: ContactReport) -> Acknowledgement:
        return self._done(contact.apply_contact(self.state, report, workflow.now()))

    @record_contact.validator
    def _validate_contact(self, report: ContactReport) -> None:
        with refusals():
            contact.check_contact(self.state, report, workflow.now())

    @workflow.update
    def record_consent(self, given: ConsentGiven) -> Acknowledgement:
        consent_id = consent.apply_consent(self.state, given, workflow.now())
        return self._done(consent.consent_recorded(consent_id))

    @record_consent.validator
    def _validate_consent(self, given: ConsentGiven) -> None:
        with refusals():
            consent.check_consent(self.state, given, local_date(workflow.now()))

    @workflow.update
    def withdraw_consent(self, withdrawal: ConsentWithdrawal) -> Acknowledgement:
        return self._done(consent.apply_withdrawal(self.state, withdrawal, workflow.now()))

    @withdraw_consent.validator
    def _validate_withdrawal(self, withdrawal: ConsentWithdrawal) -> None:
        with refusals():
            consent.check_withdrawal(self.state, withdrawal, local_date(workflow.now()))

    @workflow.update
    def record_landlord_address(self, report: LandlordAddressReport) -> Acknowledgement:
        said = landlord.apply_landlord_address(self.state, report, workflow.now())
        self._queue(landlord.held_letters_go(self.state))
        return self._done(said)

    @record_landlord_address.validator
    def _validate_landlord_address(self, report: LandlordAddressReport) -> None:
        with refusals():
            landlord.check_landlord_address(self.state, report)

    @workflow.update
    def record_tenant_address(self, report: TenantAddressReport) -> Acknowledgement:
        """The tenant's new address: letters go there; what waited for it goes now."""
        return self._done(tenant_address.apply_tenant_address(self.state, report, workflow.now()))

    @record_tenant_address.validator
    def _validate_tenant_address(self, report: TenantAddressReport) -> None:
        with refusals():
            tenant_address.check_tenant_address(self.state, report)

    # ---- preassessment, support, agreements ----------------------------------------------

    @workflow.update
    def record_landlord_facts(self, facts: LandlordFactsReport) -> Acknowledgement:
        return self._done(support.apply_landlord_facts(self.state, facts, workflow.now()))

    @record_landlord_facts.validator
    def _validate_landlord_facts(self, facts: LandlordFactsReport) -> None:
        with refusals():
            support.check_landlord_facts(self.state, facts, local_date(workflow.now()))

    @workflow.update
    def end_preassessment(self, end: PreassessmentEnd) -> Acknowledgement:
        return self._done(preassessment.apply_end_preassessment(self.state, end, workflow.now()))

    @end_preassessment.validator
    def _validate_end_preassessment(self, end: PreassessmentEnd) -> None:
        with refusals():
            preassessment.check_end_preassessment(self.state, end)

    @workflow.update
    def record_extension_reason(self, report: ExtensionReport) -> Acknowledgement:
        return self._done(preassessment.apply_extension(self.state, report, workflow.now()))

    @record_extension_reason.validator
    def _validate_extension(self, report: ExtensionReport) -> None:
        with refusals():
            preassessment.check_extension(self.state, report)

    @workflow.update
    def plan_support(self, plan: SupportPlan) -> Acknowledgement:
        support.apply_support(self.state, plan, workflow.now())
        self._queue(support.support_letters(plan))
        return self._done(support.support_planned(plan))

    @plan_support.validator
    def _validate_support(self, plan: SupportPlan) -> None:
        with refusals():
            support.check_support(self.state, plan)

    @workflow.update
    def record_agreement(self, report: AgreementReport) -> Acknowledgement:
        return self._done(support.apply_agreement(self.state, report, workflow.now()))

    @record_agreement.validator
    def _validate_agreement(self, report: AgreementReport) -> None:
        with refusals():
            support.check_agreement(self.state, report, local_date(workflow.now()))

    # ---- follow-up and closing -----------------------------------------------------------

    @workflow.update
    def arrange_follow_up(self, arrangement: FollowUpArrangement) -> Acknowledgement:
        settle = self._patched(PHASES_AGREE_PATCH)
        return self._done(
            closing.apply_follow_up(self.state, arrangement, workflow.now(), settle_preassessment=settle)
        )

    @arrange_follow_up.validator
    def _validate_follow_up(self, arrangement: FollowUpArrangement) -> None:
        with refusals():
            closing.check_follow_up(self.state, arrangement)

    @workflow.update
    def close_case(self, closing_: CaseClosing) -> Acknowledgement:
        return self._done(closing.apply_close(self.state, closing_, workflow.now()))

    @close_case.validator
    def _validate_close(self, closing_: CaseClosing) -> None:
        with refusals():
            closing.check_close_case(self.state, closing_)
