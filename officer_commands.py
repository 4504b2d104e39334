"""The case officers' commands: one per action, each a Temporal update with a validator.

A refused action prints the case's reason and exits 1, and leaves no trace in the case; a
malformed one exits 2 naming the option; no server exits 3. `--json` prints one object:
{"case_id", "action", "status": "accepted"|"refused", "message"|"reason"}.
"""

import asyncio
import getpass
from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ValidationError
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from domain.case import EvictionOutcome
from domain.casework import (
    AgreementKind,
    ClosingReason,
    ConsentForm,
    ConsentPurpose,
    ConsentRecipient,
    ContactMethod,
    ContactOutcome,
    ExtensionReason,
    FollowUpSubject,
    InterventionKind,
    InvestigationSubject,
    PostponementReason,
    PreassessmentResult,
)
from domain.deadlines import STOCKHOLM, local_date
from domain.messages import Acknowledgement, DebtSettled, EvictionOutcomeReport, PaymentCommitmentDecision
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
from infra.case_client import case_handle
from infra.cli import (
    CaseArgument,
    JsonFlag,
    PersonnummerOption,
    connect_or_fail,
    err,
    fail,
    out,
    print_json,
    resolve_case,
)
from infra.settings import load_settings
from workflows.household_case import HouseholdCase

By = Annotated[
    str,
    typer.Option(
        "--by",
        envvar="EVICTION_OFFICER",
        help="Your officer id, recorded with the action (default: $EVICTION_OFFICER or your user name).",
    ),
]
Note = Annotated[str | None, typer.Option("--note", help="Your own words, kept in the case.")]
Day = Annotated[str | None, typer.Option(help="A date YYYY-MM-DD (default: today).", show_default=False)]


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


DEFAULT_OFFICER = _user_name()


def _date(option: str, text: str | None) -> date:
    if text is None:
        return local_date(datetime.now(UTC))
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} must be a date YYYY-MM-DD")


def _moment(option: str, text: str | None) -> datetime:
    """An ISO date and time; without an offset it is Swedish time."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} must be a date and time, e.g. 2026-12-03T10:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)


def _build(model: type[BaseModel], **fields: Any) -> Any:
    """The action, or exit 2 naming what is wrong with it."""
    try:
        return model(**fields)
    except ValidationError as error:
        problems = "; ".join(
            (".".join(str(part) for part in e["loc"]) + ": " if e["loc"] else "")
            + e["msg"].removeprefix("Value error, ")
            for e in error.errors()
        )
        fail(problems)


def _perform(
    name: str,
    case_id: str | None,
    personnummer: str | None,
    update: Any,  # a HouseholdCase update method
    action: BaseModel,
    json_output: bool,
) -> None:
    case = resolve_case(case_id, personnummer, load_settings())

    async def run() -> Acknowledgement:
        _, client = await connect_or_fail()
        result: Acknowledgement = await case_handle(client, case).execute_update(update, action)
        return result

    try:
        ack = asyncio.run(run())
    except WorkflowUpdateFailedError as error:
        cause = error.cause
        reason = cause.message if isinstance(cause, ApplicationError) else str(cause)
        if json_output:
            print_json({"case_id": case, "action": name, "status": "refused", "reason": reason})
        else:
            err.print(f"[bold red]refused:[/] {reason}")
        raise typer.Exit(1) from None
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            fail("no case found for that personnummer" if personnummer else f"no case {case}", 1)
        raise
    if json_output:
        print_json({"case_id": case, "action": name, "status": "accepted", "message": ack.message})
    else:
        out.print(f"[green]done:[/] {ack.message}")


def register(app: typer.Typer) -> None:
    """Adds the case officers' commands to the command line."""

    @app.command("assign")
    def assign(
        officer_id: Annotated[str, typer.Option("--officer-id", help="The new responsible officer's id.")],
        officer_name: Annotated[str, typer.Option("--officer-name", help="Name as letters show it.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        unit: Annotated[str | None, typer.Option(help="The officer's unit, if it changes.")] = None,
        phone: Annotated[str | None, typer.Option(help="The officer's phone for letters.")] = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Make another case officer responsible for the case."""
        action = _build(
            AssignOfficer,
            officer_id=officer_id,
            officer_name=officer_name,
            unit=unit,
            officer_phone=phone,
            recorded_by=by,
        )
        _perform("assign", case_id, personnummer, HouseholdCase.assign_officer, action, json_output)

    @app.command("contact")
    def contact(
        method: Annotated[ContactMethod, typer.Option(help="How you tried to reach the tenant.")],
        outcome: Annotated[
            ContactOutcome,
            typer.Option(help="reached / declined (reached, support declined) / not_reached; letters: sent."),
        ],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        at: Annotated[str | None, typer.Option(help="When, e.g. 2026-12-03T10:00 (default: now).")] = None,
        justification: Annotated[
            str | None,
            typer.Option(help="Required for an unannounced visit: why the intrusion is warranted."),
        ] = None,
        follow_up: Annotated[
            bool, typer.Option("--follow-up", help="This is the arranged follow-up.")
        ] = False,
        note: Note = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record a contact attempt with the tenant and its outcome (the contact ladder)."""
        action = _build(
            ContactReport,
            method=method,
            outcome=outcome,
            at=_moment("--at", at),
            justification=justification,
            follow_up=follow_up,
            note=note,
            recorded_by=by,
        )
        _perform("contact", case_id, personnummer, HouseholdCase.record_contact, action, json_output)

    @app.command("consent")
    def consent(
        to: Annotated[
            ConsentRecipient, typer.Option("--to", help="Whom the consent lets you contact or inform.")
        ],
        purpose: Annotated[list[ConsentPurpose], typer.Option(help="What for; repeat for several.")],
        form: Annotated[ConsentForm, typer.Option(help="Written or oral.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        administration: Annotated[
            str | None, typer.Option(help="With --to administration: which one, e.g. 'Funktionsstöd'.")
        ] = None,
        given_on: Annotated[str | None, typer.Option(help="The day it was given (default: today).")] = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record the tenant's consent: to whom, for what, when, written or oral."""
        action = _build(
            ConsentGiven,
            recipient=to,
            administration=administration,
            purposes=purpose,
            given_on=_date("--given-on", given_on),
            form=form,
            recorded_by=by,
        )
        _perform("consent", case_id, personnummer, HouseholdCase.record_consent, action, json_output)

    @app.command("withdraw-consent")
    def withdraw_consent(
        consent_id: Annotated[str, typer.Option("--consent", help="The consent's id, as `show` lists it.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        purpose: Annotated[
            list[ConsentPurpose] | None, typer.Option(help="Withdraw only these purposes (default: all).")
        ] = None,
        on: Annotated[str | None, typer.Option(help="The day it was withdrawn (default: today).")] = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record that the tenant withdrew a consent, wholly or in part. It stops what it covered."""
        action = _build(
            ConsentWithdrawal,
            consent_id=consent_id,
            purposes=purpose or None,
            withdrawn_on=_date("--on", on),
            recorded_by=by,
        )
        _perform(
            "withdraw-consent", case_id, personnummer, HouseholdCase.withdraw_consent, action, json_output
        )

    @app.command("landlord-facts")
    def landlord_facts(
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        debt_settled_on: Annotated[str | None, typer.Option(help="The debt was paid on this day.")] = None,
        late_payments: Annotated[
            bool | None, typer.Option("--late-payments/--no-late-payments", help="Repeated late payments?")
        ] = None,
        child_born: Annotated[
            list[int] | None, typer.Option(help="Birth year of a child not in the register; repeat.")
        ] = None,
        sublet_suspected: Annotated[
            bool | None,
            typer.Option("--sublet-suspected/--no-sublet", help="Does the landlord suspect a sublet?"),
        ] = None,
        note: Note = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record supplementary facts from the landlord (needs consent when the landlord sent no notice)."""
        action = _build(
            LandlordFactsReport,
            debt_settled_on=_date("--debt-settled-on", debt_settled_on) if debt_settled_on else None,
            repeated_late_payments=late_payments,
            children_not_in_register=child_born or [],
            sublet_suspected=sublet_suspected,
            note=note,
            recorded_by=by,
        )
        _perform(
            "landlord-facts", case_id, personnummer, HouseholdCase.record_landlord_facts, action, json_output
        )

    @app.command("end-preassessment")
    def end_preassessment(
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        investigate: Annotated[
            InvestigationSubject | None,
            typer.Option(help="Open an investigation of the adult (needs consent) or a child."),
        ] = None,
        close: Annotated[
            ClosingReason | None,
            typer.Option(help="Close the case without an investigation, for this reason."),
        ] = None,
        note: Note = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Decide the preassessment: open an investigation, or close with a reason."""
        if (investigate is None) == (close is None):
            fail("give either --investigate adult|child or --close REASON")
        action = _build(
            PreassessmentEnd,
            result=PreassessmentResult.OPEN_INVESTIGATION if investigate else PreassessmentResult.CLOSE,
            subject=investigate,
            reason=close,
            note=note,
            recorded_by=by,
        )
        _perform(
            "end-preassessment", case_id, personnummer, HouseholdCase.end_preassessment, action, json_output
        )

    @app.command("extend-preassessment")
    def extend_preassessment(
        reason: Annotated[ExtensionReason, typer.Option(help="The special reason to run past four weeks.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        note: Note = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record why the preassessment runs past four weeks (no escalation to the supervisor then)."""
        action = _build(ExtensionReport, reason=reason, note=note, recorded_by=by)
        _perform(
            "extend-preassessment",
            case_id,
            personnummer,
            HouseholdCase.record_extension_reason,
            action,
            json_output,
        )

    @app.command("debt-settled")
    def debt_settled(
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        on: Annotated[str | None, typer.Option(help="The day the debt was paid (default: today).")] = None,
        note: Note = None,
        json_output: JsonFlag = False,
    ) -> None:
        """Record that the rent debt was paid (in the recovery period, the lease is saved)."""
        action = _build(DebtSettled, settled_on=_date("--on", on), note=note)
        _perform(
            "debt-settled", case_id, personnummer, HouseholdCase.record_debt_settled, action, json_output
        )

    @app.command("commit-payment")
    def commit_payment(
        amount: Annotated[float, typer.Option(help="The amount in kronor the board commits to pay.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Decide a payment commitment; the registered letter to the landlord goes out at once."""
        action = _build(PaymentCommitmentDecision, amount_sek=amount, decided_by=by)
        _perform("commit-payment", case_id, personnummer, HouseholdCase.commit_payment, action, json_output)

    @app.command("support")
    def support(
        kind: Annotated[InterventionKind, typer.Option(help="The intervention.")],
        provider: Annotated[str, typer.Option(help="The unit that gives it.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        tell_landlord: Annotated[
            bool, typer.Option("--tell-landlord", help="Send the landlord a letter about planned support.")
        ] = False,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Plan a support intervention (only in an investigation; consent rules apply)."""
        action = _build(
            SupportPlan, kind=kind, provider=provider, tell_landlord=tell_landlord, recorded_by=by
        )
        _perform("support", case_id, personnummer, HouseholdCase.plan_support, action, json_output)

    @app.command("agreement")
    def agreement(
        kind: Annotated[AgreementKind, typer.Option(help="What was agreed.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        on: Day = None,
        note: Note = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record an agreement: payment plan, termination withdrawn, or a short-term contract."""
        action = _build(AgreementReport, kind=kind, agreed_on=_date("--on", on), note=note, recorded_by=by)
        _perform("agreement", case_id, personnummer, HouseholdCase.record_agreement, action, json_output)

    @app.command("request-postponement")
    def request_postponement(
        reason: Annotated[PostponementReason, typer.Option(help="Why the eviction should wait.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        on: Day = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record that you asked Kronofogden to postpone the eviction."""
        action = _build(
            PostponementRequestReport, reason=reason, requested_on=_date("--on", on), recorded_by=by
        )
        _perform(
            "request-postponement",
            case_id,
            personnummer,
            HouseholdCase.request_postponement,
            action,
            json_output,
        )

    @app.command("postponement-answer")
    def postponement_answer(
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        granted: Annotated[
            bool | None, typer.Option("--granted/--refused", help="Kronofogden's answer.", show_default=False)
        ] = None,
        new_time: Annotated[
            str | None, typer.Option(help="If granted: the new date and time, e.g. 2027-01-20T09:00.")
        ] = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record Kronofogden's answer; a granted postponement moves the eviction and its reminders."""
        if granted is None:
            fail("give --granted (with --new-time) or --refused")
        action = _build(
            PostponementAnswer,
            granted=granted,
            new_scheduled_at=_moment("--new-time", new_time) if new_time else None,
            recorded_by=by,
        )
        _perform(
            "postponement-answer",
            case_id,
            personnummer,
            HouseholdCase.answer_postponement,
            action,
            json_output,
        )

    @app.command("eviction-outcome")
    def eviction_outcome(
        outcome: Annotated[EvictionOutcome, typer.Option(help="What happened.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        attended: Annotated[
            bool | None, typer.Option("--attended/--not-attended", help="Did social services attend?")
        ] = None,
        children_unit: Annotated[
            bool | None,
            typer.Option(
                "--children-unit-attended/--children-unit-absent",
                help="For a family: did the children's unit?",
            ),
        ] = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Record the eviction's outcome and who attended."""
        if attended is None:
            fail("give --attended or --not-attended")
        action = _build(
            EvictionOutcomeReport,
            outcome=outcome,
            attended=attended,
            children_unit_attended=children_unit,
            recorded_by=by,
        )
        _perform(
            "eviction-outcome",
            case_id,
            personnummer,
            HouseholdCase.record_eviction_outcome,
            action,
            json_output,
        )

    @app.command("follow-up")
    def follow_up(
        subject: Annotated[
            FollowUpSubject, typer.Option("--for", help="The adult (needs consent) or a child.")
        ],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        decided_by_children_unit: Annotated[
            bool, typer.Option("--decided-by-children-unit", help="For a child without consent.")
        ] = False,
        months: Annotated[
            int | None, typer.Option(help="Months from now (default: the municipality's).")
        ] = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Arrange the follow-up after the eviction was averted or carried out; a reminder comes then."""
        action = _build(
            FollowUpArrangement,
            subject=subject,
            decided_by_children_unit=decided_by_children_unit,
            months=months,
            recorded_by=by,
        )
        _perform("follow-up", case_id, personnummer, HouseholdCase.arrange_follow_up, action, json_output)

    @app.command("close")
    def close(
        reason: Annotated[ClosingReason, typer.Option(help="Why the case ends.")],
        case_id: CaseArgument = None,
        personnummer: PersonnummerOption = None,
        note: Note = None,
        by: By = DEFAULT_OFFICER,
        json_output: JsonFlag = False,
    ) -> None:
        """Close the case with an outcome (not while a legal deadline is still open)."""
        action = _build(CaseClosing, reason=reason, note=note, recorded_by=by)
        _perform("close", case_id, personnummer, HouseholdCase.close_case, action, json_output)
