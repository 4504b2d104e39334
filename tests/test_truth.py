"""The truth suite (issue 18, a start): a stateful property-based test over the case's pure
steps. A case opens from a notice of any kind (as the workflow's intake does, its pure part),
then officers act, valid and invalid, and the clock moves across holidays and month ends with
the timers firing. After every step the invariants people rely on are checked:

- a refused action leaves no trace in the case;
- phase and deadlines agree: out of the preassessment, no preassessment deadline is pending;
- a recovery period with a saving outcome has a met deadline, and the eviction is barred for
  the debt only by a commitment or a payment;
- a family evicted with children is not closed before the children's unit's follow-up;
- `show` in Swedish prints no code of any list (what people read, not only the model);
- every letter the case writes is rendered from its template as the activity renders it, and
  what it says is true of the case at that moment (`letter_lies`): no date gone by as one to
  meet, no "you keep your home" the law does not give, no address the tenant has left, no
  internal id, no rule not verified against the statute; a letter with no true variant is not
  written at all;
- every alert goes to a unit that may receive it (another board's only with consent).

The case acts as the workflow makes it act: after each step the standing rules of
`STANDING_RULES_TRUE` run, and every effect (letters, alerts, home visits) is carried out by
`Effects` below the way `workflows/case_effects.py` does, minus the activities' files.

A failing history prints as the list of steps hypothesis ran, which a person can replay.
`EVICTION_TRUTH_EXAMPLES` raises the number of histories (`make truth`)."""

import os
import re
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from activities.letter_texts import MONTHS, compose
from domain import closing, consent, contact, preassessment, recovery_period, support
from domain.actions import (
    CaseClosing,
    ConsentGiven,
    ContactReport,
    DebtSettled,
    FollowUpArrangement,
    LandlordFactsReport,
    PaymentCommitmentDecision,
    PreassessmentEnd,
)
from domain.case import CaseState
from domain.case_view import case_view
from domain.citations import CITATIONS
from domain.closing import ClosingReason, FollowUpSubject
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient, alert_needs_consent
from domain.contact import (
    ContactMethod,
    ContactOutcome,
    HomeVisit,
    home_visit_announced,
    plan_home_visit,
    start_contact_ladder,
)
from domain.correspondence import RECIPIENT_OF, LetterKind, Recipient
from domain.deadlines import STOCKHOLM, DeadlineName, DeadlineStatus, local_date
from domain.effects import Alert, BookHomeVisit, Effect, SendLetter, Together
from domain.event_words import UNKNOWN_MARK
from domain.eviction import EvictionOutcome, postponement_request_letter
from domain.intake import add_notice, open_period
from domain.language import ActionRefused
from domain.letter_claims import LetterSettings, letter_request, unwritable
from domain.notices import Notice, PostalAddress
from domain.phase import Phase
from domain.policy import CasePolicy
from domain.preassessment import InvestigationSubject, PreassessmentResult
from domain.records.eviction import PostponementReason
from domain.records.recovery_period import RecoveryOutcome
from domain.recovery_period import SAVED
from domain.routing import Routing
from domain.tenant_address import tenant_left_home
from domain.timer_rules import STANDING_RULES_TRUE, next_due_timer, on_timer
from tests.factories import make_notice
from tests.test_swedish_output import codes_in, printed_in_swedish, untranslated_words, words_of

JUSTIFICATION = "Ingen kontakt på flera veckor"
HISTORIES = int(os.environ.get("EVICTION_TRUTH_EXAMPLES", "2000"))
START = datetime(2026, 12, 18, 9, 30, tzinfo=STOCKHOLM)  # Christmas and the new year ahead
PREASSESSMENT_DEADLINES = (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT)


LETTER_SETTINGS = LetterSettings(delegation="delegationsordningen, punkt 4.2")
# A date a letter gives as something ahead: to pay by, when a period ends, a visit, an eviction.
DATE_AHEAD = re.compile(
    r"(?P<lead>senast|löper ut|Vi kommer|planerad) (?P<day>\d{1,2}) (?P<month>"
    + "|".join(MONTHS)
    + r") (?P<year>\d{4})"
)


def letter_lies(state: CaseState, kind: LetterKind, lines: list[str], now: datetime) -> list[str]:
    """What a written letter says that is not true of the case now (an empty list: none)."""
    text = " ".join(lines)
    today = local_date(now)
    lies = []
    if "household-" in text or "Ärende:" in text:
        lies.append("names the internal case id")
    for citation in CITATIONS.values():
        if not citation.verified and citation.act.split(" (")[-1] in text:
            lies.append(f"cites {citation.section} {citation.act}, not verified")
    to_tenant = RECIPIENT_OF[kind] is Recipient.TENANT
    for match in DATE_AHEAD.finditer(text):
        day = date(int(match["year"]), MONTHS.index(match["month"]) + 1, int(match["day"]))
        to_kfm = RECIPIENT_OF[kind] is Recipient.KFM
        if day < today and not (to_kfm and match["lead"] == "planerad"):  # Kronofogden's own date
            lies.append(f"gives {day} ('{match['lead']}') as ahead, a day gone by")
    recovery, eviction = state.period.recovery, state.period.eviction
    if "kan inte vräkas" in text and not (recovery and recovery.eviction_barred_for_debt):
        lies.append("says the tenant cannot be evicted, with no commitment that bars it")
    if "Hyresskulden är betald" in text and not (
        recovery and recovery.outcome is RecoveryOutcome.DEBT_SETTLED
    ):
        lies.append("says the debt is paid")
    if "har genomförts" in text and not (eviction and eviction.outcome is EvictionOutcome.EXECUTED):
        lies.append("says the eviction was carried out")
    if to_tenant:
        home = state.notices[-1].address.street
        if state.tenant_address is not None and home in text and state.tenant_address.street not in text:
            lies.append("goes to the old home although a new address is recorded")
        if state.tenant_address is None and tenant_left_home(state):
            lies.append("goes to the home the tenant has left")
    return lies


def opened(kind: str, children: list[int], now: datetime) -> CaseState:
    """A case as the workflow's intake leaves it, its pure steps only (no activity)."""
    raw = make_notice(kind, now - timedelta(hours=2), notice_id="T-1", children=children)
    notice = Notice.model_validate(raw)
    state = CaseState(case_id="household-truth", notices=[notice])
    state.policy = CasePolicy()
    state.true_letters = True  # the rules as a case started today follows them
    state.period.started_at = now
    open_period(
        state,
        notice,
        Routing(unit="Vuxenenheten", officer_id="o-1", officer_name="Handläggare", district=None),
    )
    add_notice(state, notice, now)
    state.period.phase = Phase.PREASSESSMENT
    start_contact_ladder(state, notice, "L001", now)
    return state


class CaseHistory(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.state: CaseState | None = None
        self.lies: list[str] = []  # what a written letter said that was false, by letter

    # ---- the case acting, as workflows/case_effects.py makes it act ----------------------

    def write(self, kind: LetterKind, visit: HomeVisit | None = None) -> str | None:
        """A letter as the workflow writes it: not at all without a true variant, else rendered
        from its template (as the activity does) and read for what it claims."""
        state = self.state
        assert state is not None
        if unwritable(state, kind) is not None:
            return None
        notice = state.notices[-1]
        request = letter_request(state, kind, notice, self.now, state.next_id("L"), visit)
        landlord = PostalAddress(street="Box 4711", postal_code="722 20", city="Västerås")
        text = compose(request, landlord_address=landlord, settings=LETTER_SETTINGS)
        lines = [text.title, *text.recipient_lines, *text.references, *text.paragraphs]
        self.lies += [f"{kind.value}: {lie}" for lie in letter_lies(state, kind, lines, self.now)]
        return request.letter_id

    def carry_out(self, effects: list[Effect]) -> None:
        state = self.state
        assert state is not None
        for effect in effects:
            if isinstance(effect, Together):
                self.carry_out(list(effect.effects))
            elif isinstance(effect, Alert):
                assert not alert_needs_consent(state, effect.unit), f"alert to {effect.unit} without consent"
            elif isinstance(effect, SendLetter):
                letter_id = self.write(effect.kind)
                if effect.kind is LetterKind.FOLLOW_UP_OFFER and letter_id is not None:
                    closing.follow_up_offered(state, letter_id, self.now)
            elif isinstance(effect, BookHomeVisit):
                visit = plan_home_visit(state, self.now)
                letter_id = self.write(LetterKind.HOME_VISIT_NOTICE, visit)
                assert letter_id is not None, "a home visit booked at a home the tenant has left"
                self.carry_out(home_visit_announced(state, visit, letter_id, "calendar.ics", self.now))

    def follow_the_standing_rules(self) -> None:
        state = self.state
        if state is None or state.period.phase in (Phase.INTAKE, Phase.CLOSED):
            return
        for standing in STANDING_RULES_TRUE:
            self.carry_out(standing(state, self.now))

    # ---- steps ---------------------------------------------------------------------------

    @precondition(lambda self: self.state is None)
    @rule(kind=st.sampled_from(["rent_arrears", "eviction", "disturbance", "early_warning"]),
          children=st.sampled_from([[], [2016], [2012, 2020]]))  # fmt: skip
    def a_notice_opens_the_case(self, kind: str, children: list[int]) -> None:
        self.state = opened(kind, children, self.now)
        if kind == "eviction":
            self.write(LetterKind.KFM_CONFIRMATION)
            self.write(LetterKind.KFM_CONFIRMATION_TENANT_COPY)
        self.write(LetterKind.INFORMATION_LETTER)
        self.follow_the_standing_rules()

    @precondition(lambda self: self.state is not None)
    @rule(days=st.integers(0, 40), hours=st.integers(0, 23))
    def time_passes(self, days: int, hours: int) -> None:
        """The clock moves on and every timer due by then fires, in order."""
        assert self.state is not None
        self.now += timedelta(days=days, hours=hours)
        while (timer := next_due_timer(self.state, self.now)) is not None:
            self.carry_out(on_timer(self.state, timer, timer.at))
            self.follow_the_standing_rules()

    def _act(self, check, apply, action, *, today: bool = False) -> bool:  # type: ignore[no-untyped-def]
        """An officer's action: refused without a trace, or applied."""
        assert self.state is not None
        before = self.state.model_dump_json()
        when = local_date(self.now) if today else self.now
        try:
            check(self.state, action, when) if check.__code__.co_argcount == 3 else check(self.state, action)
        except ActionRefused:
            assert self.state.model_dump_json() == before, "a refused action left a trace"
            return False
        applied = apply(self.state, action, self.now)
        self.follow_the_standing_rules()
        return applied is not None

    @precondition(lambda self: self.state is not None)
    @rule(method=st.sampled_from(list(ContactMethod)), outcome=st.sampled_from(list(ContactOutcome)),
          follow_up=st.booleans())  # fmt: skip
    def an_officer_records_a_contact(
        self, method: ContactMethod, outcome: ContactOutcome, follow_up: bool
    ) -> None:
        report = ContactReport(
            method=method, outcome=outcome, follow_up=follow_up, recorded_by="o-1",
            justification=JUSTIFICATION if method is ContactMethod.UNANNOUNCED_VISIT else None,
        )  # fmt: skip
        self._act(contact.check_contact, contact.apply_contact, report)

    @precondition(lambda self: self.state is not None)
    @rule(to=st.sampled_from([ConsentRecipient.SOCIAL_SERVICES, ConsentRecipient.LANDLORD]),
          purpose=st.sampled_from(list(ConsentPurpose)))  # fmt: skip
    def the_tenant_consents(self, to: ConsentRecipient, purpose: ConsentPurpose) -> None:
        given = ConsentGiven(recipient=to, purposes=[purpose], form=ConsentForm.ORAL, recorded_by="o-1")
        self._act(consent.check_consent, lambda s, a, n: consent.apply_consent(s, a, n), given, today=True)

    @precondition(lambda self: self.state is not None)
    @rule(investigate=st.booleans())
    def the_preassessment_ends(self, investigate: bool) -> None:
        end = (
            PreassessmentEnd(
                result=PreassessmentResult.OPEN_INVESTIGATION,
                subject=InvestigationSubject.ADULT,
                recorded_by="o-1",
            )
            if investigate
            else PreassessmentEnd(
                result=PreassessmentResult.CLOSE, reason=ClosingReason.NO_NEED, recorded_by="o-1"
            )
        )
        self._act(preassessment.check_end_preassessment, preassessment.apply_end_preassessment, end)

    @precondition(lambda self: self.state is not None)
    @rule(amount=st.sampled_from([5000.0, 14500.0]))
    def a_commitment_is_decided(self, amount: float) -> None:
        decision = PaymentCommitmentDecision(amount_sek=amount, recorded_by="o-1")
        if self._act(recovery_period.check_payment_commitment, recovery_period.apply_payment_commitment,
                     decision, today=True):  # fmt: skip
            # As the workflow does: the registered letter (consent checked by the decision) goes to
            # the landlord's known address, the commitment counts, and the tenant gets a copy.
            assert self.state is not None
            self.write(LetterKind.PAYMENT_COMMITMENT)
            recovery_period.commitment_sent(self.state, self.now)
            self.write(LetterKind.PAYMENT_COMMITMENT_TENANT_COPY)
            self.follow_the_standing_rules()

    @precondition(lambda self: self.state is not None)
    @rule(reason=st.sampled_from(list(PostponementReason)))
    def a_postponement_is_requested(self, reason: PostponementReason) -> None:
        from domain.actions import PostponementRequestReport
        from domain.eviction import apply_postponement_request, check_postponement_request

        request = PostponementRequestReport(reason=reason, recorded_by="o-1")
        if self._act(check_postponement_request, apply_postponement_request, request, today=True):
            assert self.state is not None
            self.carry_out(postponement_request_letter(self.state))

    @precondition(lambda self: self.state is not None)
    @rule()
    def the_tenants_new_address_is_recorded(self) -> None:
        from domain.actions import TenantAddressReport
        from domain.tenant_address import apply_tenant_address, check_tenant_address

        report = TenantAddressReport(
            street="Nygatan 7", postal_code="722 15", city="Västerås", recorded_by="o-1"
        )
        self._act(check_tenant_address, apply_tenant_address, report)

    @precondition(lambda self: self.state is not None)
    @rule(days_ago=st.integers(0, 30))
    def the_debt_is_reported_settled(self, days_ago: int) -> None:
        report = DebtSettled(settled_on=local_date(self.now) - timedelta(days=days_ago), recorded_by="o-1")
        self._act(recovery_period.check_debt_settled, recovery_period.apply_debt_settled, report, today=True)

    @precondition(lambda self: self.state is not None)
    @rule(years_ago=st.integers(0, 17))
    def the_landlord_reports_a_child(self, years_ago: int) -> None:
        facts = LandlordFactsReport(children_not_in_register=[self.now.year - years_ago], recorded_by="o-1")
        self._act(support.check_landlord_facts, support.apply_landlord_facts, facts, today=True)

    @precondition(lambda self: self.state is not None and self.state.period.eviction is not None)
    @rule(outcome=st.sampled_from(list(EvictionOutcome)))
    def the_eviction_outcome_is_recorded(self, outcome: EvictionOutcome) -> None:
        from domain.actions import EvictionOutcomeReport
        from domain.eviction import apply_eviction_outcome, check_eviction_outcome

        report = EvictionOutcomeReport(outcome=outcome, attended=False, recorded_by="o-1")
        self._act(check_eviction_outcome, apply_eviction_outcome, report)

    @precondition(lambda self: self.state is not None)
    @rule(subject=st.sampled_from(list(FollowUpSubject)))
    def a_follow_up_is_arranged(self, subject: FollowUpSubject) -> None:
        arrangement = FollowUpArrangement(subject=subject, decided_by_children_unit=True, recorded_by="o-1")
        self._act(closing.check_follow_up, closing.apply_follow_up, arrangement)

    @precondition(lambda self: self.state is not None)
    @rule(reason=st.sampled_from(list(ClosingReason)))
    def the_case_is_closed(self, reason: ClosingReason) -> None:
        self._act(
            closing.check_close_case, closing.apply_close, CaseClosing(reason=reason, recorded_by="o-1")
        )

    # ---- invariants ----------------------------------------------------------------------

    @invariant()
    def every_letter_written_is_true(self) -> None:
        assert self.lies == [], "a letter says what is not true: " + "; ".join(self.lies)

    @invariant()
    def phase_and_deadlines_agree(self) -> None:
        state = self.state
        if state is None or state.period.phase in (Phase.INTAKE, Phase.PREASSESSMENT):
            return
        for name in PREASSESSMENT_DEADLINES:
            if name in state.period.deadlines:
                assert state.period.deadlines[name].status is not DeadlineStatus.PENDING, (
                    f"phase {state.period.phase.value} with {name.value} still pending"
                )

    @invariant()
    def a_saved_tenancy_has_a_met_period_and_a_bar_only_for_a_cause(self) -> None:
        state = self.state
        recovery = state.period.recovery if state else None
        if state is None or recovery is None:
            return
        if recovery.outcome in SAVED:
            assert state.period.deadlines[DeadlineName.RECOVERY_PERIOD].status is not DeadlineStatus.PENDING
        if recovery.eviction_barred_for_debt:
            assert recovery.outcome in SAVED

    @invariant()
    def an_evicted_family_is_followed_up_before_it_closes(self) -> None:
        state = self.state
        if state is None or state.period.phase is not Phase.CLOSED or state.period.closure is None:
            return
        eviction = state.period.eviction
        if eviction and eviction.outcome is EvictionOutcome.EXECUTED and state.has_children:
            follow_up = state.period.follow_up
            assert (follow_up and follow_up.subject is FollowUpSubject.CHILD) or (
                state.period.closure.closed_by == "case"
            ), "closed over the children's unit's follow-up"

    def teardown(self) -> None:
        """`show` in Swedish prints no code, read at the end of each history: printing is the
        suite's slowest step (rich's tables), and the Swedish scan (tests/test_swedish_output.py)
        already holds a case with every code of every list."""
        if self.state is None:
            return
        # History lines too (domain/event_words.py): every line the history made reads in Swedish.
        view = case_view(self.state, self.now)
        untranslated = [e.what for e in view.history if e.what_sv.startswith(UNKNOWN_MARK)]
        assert untranslated == [], f"history lines without their Swedish: {untranslated}"
        shown = printed_in_swedish(view, self.state)
        assert codes_in(shown) == [], f"show prints codes {codes_in(shown)}:\n{shown}"
        # And no word it prints alike in English, unless the same in both or the case's own: read
        # where the Swedish printout has a word no earlier history's had (printing the English
        # too for every history doubled the machine's time).
        words = words_of(shown)
        if not words <= JUDGED_WORDS:
            alike = untranslated_words(view, self.state, shown)
            assert alike == [], f"show prints {alike} untranslated:\n{shown}"
            JUDGED_WORDS.update(words)


# The words of Swedish printouts already compared with their English (`teardown`).
JUDGED_WORDS: set[str] = set()

CaseHistory.TestCase.settings = settings(
    max_examples=HISTORIES,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestCaseHistory = CaseHistory.TestCase
