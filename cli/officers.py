"""The case officers' commands: one per action, each a Temporal update with a validator.

A refused action prints the case's reason and exits 1, and leaves no trace in the case; a
malformed one exits 2 naming the option; no server or no worker exits 3. `--json` prints one
object: {"case_id", "action", "status": "accepted"|"refused", "message"|"reason"} (English, the
contract), with the Swedish text beside it as "message_sv"|"reason_sv".
"""

import asyncio
import getpass
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.markup import escape
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from cli.common import (
    CaseArgument,
    JsonFlag,
    PersonnummerOption,
    build,
    connect_or_fail,
    err,
    fail,
    json_mode,
    out,
    print_json,
    require_worker,
    resolve_case,
    within_answer_time,
)
from cli.language import t
from domain import actions as a
from domain.closing import ClosingReason, FollowUpSubject
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.contact import ContactMethod, ContactOutcome
from domain.deadlines import STOCKHOLM, local_date
from domain.eviction import EvictionOutcome, PostponementReason
from domain.preassessment import ExtensionReason, InvestigationSubject, PreassessmentResult
from domain.support import AgreementKind, InterventionKind
from infra.case_client import case_handle
from infra.settings import load_settings
from workflows.household_case import HouseholdCase


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


By = Annotated[
    str,
    typer.Option(
        "--by",
        envvar="EVICTION_OFFICER",
        help=t(
            "Ditt handläggar-id, som registreras med åtgärden (standard: $EVICTION_OFFICER eller ditt användarnamn).",
            "Your officer id, recorded with the action (default: $EVICTION_OFFICER or your user name).",
        ),
    ),
]
Note = Annotated[
    str | None,
    typer.Option("--note", help=t("Dina egna ord, sparas i ärendet.", "Your own words, kept in the case.")),
]
Day = Annotated[
    str | None,
    typer.Option(
        "--on",
        help=t("Ett datum ÅÅÅÅ-MM-DD (standard: i dag).", "A date YYYY-MM-DD (default: today)."),
        show_default=False,
    ),
]
DEFAULT_OFFICER = _user_name()
# Field names of the actions, as the options a person types.
OPTIONS = {
    "recorded_by": "--by", "amount_sek": "--amount", "officer_id": "--officer-id", "officer_name": "--officer-name",
    "officer_phone": "--phone", "purposes": "--purpose", "recipient": "--to", "given_on": "--given-on",
    "consent_id": "--consent", "withdrawn_on": "--on", "agreed_on": "--on", "requested_on": "--on",
    "settled_on": "--on", "new_scheduled_at": "--new-time", "children_not_in_register": "--child-born",
    "debt_settled_on": "--debt-settled-on", "subject": "--for", "months": "--months", "at": "--at",
}  # fmt: skip


def _date(option: str, text: str | None) -> date:
    if text is None:
        return local_date(datetime.now(UTC))
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(t(f"{option} måste vara ett datum ÅÅÅÅ-MM-DD", f"{option} must be a date YYYY-MM-DD"))


def _moment(option: str, text: str | None) -> datetime:
    """An ISO date and time; without an offset it is Swedish time."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(
            t(
                f"{option} måste vara datum och tid, t.ex. 2026-12-03T10:00",
                f"{option} must be a date and time, e.g. 2026-12-03T10:00",
            )
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)


def _perform(
    name: str,
    case_id: str | None,
    personnummer: str | None,
    update: Any,
    action: BaseModel,
    json_output: bool,
) -> None:
    """Sends the action to the case and prints its answer: done, or refused with the reason."""
    json_mode(json_output)
    settings = load_settings()
    case = resolve_case(case_id, personnummer, settings)

    async def run() -> a.Acknowledgement:
        _, client = await connect_or_fail()
        await require_worker(client, settings)
        result: a.Acknowledgement = await within_answer_time(
            case_handle(client, case).execute_update(update, action), settings
        )
        return result

    try:
        ack = asyncio.run(run())
    except WorkflowUpdateFailedError as error:
        cause = error.cause
        reason = cause.message if isinstance(cause, ApplicationError) else str(cause)
        details = cause.details if isinstance(cause, ApplicationError) else ()
        reason_sv = str(details[0]) if details else reason
        if json_output:
            print_json(
                {
                    "case_id": case,
                    "action": name,
                    "status": "refused",
                    "reason": reason,
                    "reason_sv": reason_sv,
                }
            )
        else:
            err.print(f"[bold red]{t('avböjt', 'refused')}:[/] {escape(t(reason_sv, reason))}")
        raise typer.Exit(1) from None
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            fail(
                t("inget ärende för det personnumret", "no case found for that personnummer")
                if personnummer
                else t(f"inget ärende {case}", f"no case {case}"),
                1,
            )
        raise
    if json_output:
        print_json(
            {
                "case_id": case,
                "action": name,
                "status": "accepted",
                "message": ack.message,
                "message_sv": ack.message_sv,
            }
        )
    else:
        out.print(f"[green]{t('klart', 'done')}:[/] {escape(t(ack.message_sv or ack.message, ack.message))}")


def assign(
    officer_id: Annotated[
        str,
        typer.Option(
            "--officer-id", help=t("Den nya ansvariga handläggarens id.", "The new responsible officer's id.")
        ),
    ],
    officer_name: Annotated[
        str, typer.Option("--officer-name", help=t("Namnet som breven visar.", "Name as letters show it."))
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    unit: Annotated[
        str | None,
        typer.Option(help=t("Handläggarens enhet, om den ändras.", "The officer's unit, if it changes.")),
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option(help=t("Handläggarens telefon i breven.", "The officer's phone for letters.")),
    ] = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.AssignOfficer,
        OPTIONS,
        officer_id=officer_id,
        officer_name=officer_name,
        unit=unit,
        officer_phone=phone,
        recorded_by=by,
    )
    _perform("assign", case_id, personnummer, HouseholdCase.assign_officer, action, json_output)


def contact(
    method: Annotated[
        ContactMethod,
        typer.Option(help=t("Hur du försökte nå hyresgästen.", "How you tried to reach the tenant.")),
    ],
    outcome: Annotated[
        ContactOutcome,
        typer.Option(
            help=t(
                "reached / declined (nådd, tackade nej) / not_reached; brev: sent.",
                "reached / declined (reached, support declined) / not_reached; letters: sent.",
            )
        ),
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    at: Annotated[
        str | None,
        typer.Option(
            help=t(
                "När, t.ex. 2026-12-03T10:00 (standard: nu).", "When, e.g. 2026-12-03T10:00 (default: now)."
            )
        ),
    ] = None,
    justification: Annotated[
        str | None,
        typer.Option(
            help=t(
                "Krävs för oanmält besök: varför intrånget är befogat.",
                "Required for an unannounced visit: why the intrusion is warranted.",
            )
        ),
    ] = None,
    follow_up: Annotated[
        bool,
        typer.Option(
            "--follow-up", help=t("Detta är den ordnade uppföljningen.", "This is the arranged follow-up.")
        ),
    ] = False,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.ContactReport,
        OPTIONS,
        method=method,
        outcome=outcome,
        at=_moment("--at", at),
        justification=justification,
        follow_up=follow_up,
        note=note,
        recorded_by=by,
    )
    _perform("contact", case_id, personnummer, HouseholdCase.record_contact, action, json_output)


def consent(
    to: Annotated[
        ConsentRecipient,
        typer.Option(
            "--to",
            help=t(
                "Vem samtycket låter dig kontakta eller informera.",
                "Whom the consent lets you contact or inform.",
            ),
        ),
    ],
    purpose: Annotated[
        list[ConsentPurpose],
        typer.Option(help=t("För vad; upprepa för flera.", "What for; repeat for several.")),
    ],
    form: Annotated[ConsentForm, typer.Option(help=t("Skriftligt eller muntligt.", "Written or oral."))],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    administration: Annotated[
        str | None,
        typer.Option(
            help=t(
                "Med --to administration: vilken, t.ex. 'Funktionsstöd'.",
                "With --to administration: which one, e.g. 'Funktionsstöd'.",
            )
        ),
    ] = None,
    given_on: Annotated[
        str | None,
        typer.Option(help=t("Dagen det gavs (standard: i dag).", "The day it was given (default: today).")),
    ] = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.ConsentGiven,
        OPTIONS,
        recipient=to,
        administration=administration,
        purposes=purpose,
        given_on=_date("--given-on", given_on),
        form=form,
        recorded_by=by,
    )
    _perform("consent", case_id, personnummer, HouseholdCase.record_consent, action, json_output)


def withdraw_consent(
    consent_id: Annotated[
        str,
        typer.Option(
            "--consent",
            help=t("Samtyckets id, som `show` visar det.", "The consent's id, as `show` lists it."),
        ),
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    purpose: Annotated[
        list[ConsentPurpose] | None,
        typer.Option(
            help=t(
                "Återkalla bara dessa ändamål (standard: alla).",
                "Withdraw only these purposes (default: all).",
            )
        ),
    ] = None,
    on: Day = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.ConsentWithdrawal,
        OPTIONS,
        consent_id=consent_id,
        purposes=purpose or None,
        withdrawn_on=_date("--on", on),
        recorded_by=by,
    )
    _perform("withdraw-consent", case_id, personnummer, HouseholdCase.withdraw_consent, action, json_output)


def landlord_facts(
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    debt_settled_on: Annotated[
        str | None, typer.Option(help=t("Skulden betalades den här dagen.", "The debt was paid on this day."))
    ] = None,
    late_payments: Annotated[
        bool | None,
        typer.Option(
            "--late-payments/--no-late-payments",
            help=t("Upprepade sena betalningar?", "Repeated late payments?"),
        ),
    ] = None,
    child_born: Annotated[
        list[int] | None,
        typer.Option(
            help=t(
                "Födelseår för ett barn som inte är folkbokfört; upprepa.",
                "Birth year of a child not in the register; repeat.",
            )
        ),
    ] = None,
    sublet_suspected: Annotated[
        bool | None,
        typer.Option(
            "--sublet-suspected/--no-sublet",
            help=t("Misstänker hyresvärden andrahandsuthyrning?", "Does the landlord suspect a sublet?"),
        ),
    ] = None,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    settled = _date("--debt-settled-on", debt_settled_on) if debt_settled_on else None
    action = build(
        a.LandlordFactsReport,
        OPTIONS,
        debt_settled_on=settled,
        repeated_late_payments=late_payments,
        children_not_in_register=child_born or [],
        sublet_suspected=sublet_suspected,
        note=note,
        recorded_by=by,
    )
    _perform(
        "landlord-facts", case_id, personnummer, HouseholdCase.record_landlord_facts, action, json_output
    )


def end_preassessment(
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    investigate: Annotated[
        InvestigationSubject | None,
        typer.Option(
            help=t(
                "Inled utredning av den vuxne (kräver samtycke) eller ett barn.",
                "Open an investigation of the adult (needs consent) or a child.",
            )
        ),
    ] = None,
    close: Annotated[
        ClosingReason | None,
        typer.Option(
            help=t(
                "Avsluta ärendet utan utredning, av detta skäl.",
                "Close the case without an investigation, for this reason.",
            )
        ),
    ] = None,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    if (investigate is None) == (close is None):
        fail(
            t(
                "ange antingen --investigate adult|child eller --close SKÄL",
                "give either --investigate adult|child or --close REASON",
            )
        )
    result = PreassessmentResult.OPEN_INVESTIGATION if investigate else PreassessmentResult.CLOSE
    action = build(
        a.PreassessmentEnd,
        OPTIONS,
        result=result,
        subject=investigate,
        reason=close,
        note=note,
        recorded_by=by,
    )
    _perform("end-preassessment", case_id, personnummer, HouseholdCase.end_preassessment, action, json_output)


def extend_preassessment(
    reason: Annotated[
        ExtensionReason,
        typer.Option(
            help=t(
                "Det särskilda skälet att pågå längre än fyra veckor.",
                "The special reason to run past four weeks.",
            )
        ),
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(a.ExtensionReport, OPTIONS, reason=reason, note=note, recorded_by=by)
    _perform(
        "extend-preassessment",
        case_id,
        personnummer,
        HouseholdCase.record_extension_reason,
        action,
        json_output,
    )


def debt_settled(
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    on: Day = None,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(a.DebtSettled, OPTIONS, settled_on=_date("--on", on), note=note, recorded_by=by)
    _perform("debt-settled", case_id, personnummer, HouseholdCase.record_debt_settled, action, json_output)


def commit_payment(
    amount: Annotated[
        float,
        typer.Option(
            help=t(
                "Beloppet i kronor som nämnden åtar sig att betala.",
                "The amount in kronor the board commits to pay.",
            )
        ),
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(a.PaymentCommitmentDecision, OPTIONS, amount_sek=amount, recorded_by=by)
    _perform("commit-payment", case_id, personnummer, HouseholdCase.commit_payment, action, json_output)


def support(
    kind: Annotated[InterventionKind, typer.Option(help=t("Insatsen.", "The intervention."))],
    provider: Annotated[str, typer.Option(help=t("Enheten som ger den.", "The unit that gives it."))],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    tell_landlord: Annotated[
        bool,
        typer.Option(
            "--tell-landlord",
            help=t(
                "Skicka hyresvärden ett brev om planerat stöd.",
                "Send the landlord a letter about planned support.",
            ),
        ),
    ] = False,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.SupportPlan, OPTIONS, kind=kind, provider=provider, tell_landlord=tell_landlord, recorded_by=by
    )
    _perform("support", case_id, personnummer, HouseholdCase.plan_support, action, json_output)


def agreement(
    kind: Annotated[AgreementKind, typer.Option(help=t("Vad som överenskoms.", "What was agreed."))],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    on: Day = None,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.AgreementReport, OPTIONS, kind=kind, agreed_on=_date("--on", on), note=note, recorded_by=by
    )
    _perform("agreement", case_id, personnummer, HouseholdCase.record_agreement, action, json_output)


def request_postponement(
    reason: Annotated[
        PostponementReason,
        typer.Option(help=t("Varför avhysningen bör vänta.", "Why the eviction should wait.")),
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    on: Day = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.PostponementRequestReport, OPTIONS, reason=reason, requested_on=_date("--on", on), recorded_by=by
    )
    _perform(
        "request-postponement", case_id, personnummer, HouseholdCase.request_postponement, action, json_output
    )


def postponement_answer(
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    granted: Annotated[
        bool | None,
        typer.Option(
            "--granted/--refused", help=t("Kronofogdens svar.", "Kronofogden's answer."), show_default=False
        ),
    ] = None,
    new_time: Annotated[
        str | None,
        typer.Option(
            help=t(
                "Om beviljat: ny dag och tid, t.ex. 2027-01-20T09:00.",
                "If granted: the new date and time, e.g. 2027-01-20T09:00.",
            )
        ),
    ] = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    if granted is None:
        fail(
            t(
                "ange --granted (med --new-time) eller --refused",
                "give --granted (with --new-time) or --refused",
            )
        )
    moved = _moment("--new-time", new_time) if new_time else None
    action = build(a.PostponementAnswer, OPTIONS, granted=granted, new_scheduled_at=moved, recorded_by=by)
    _perform(
        "postponement-answer", case_id, personnummer, HouseholdCase.answer_postponement, action, json_output
    )


def eviction_outcome(
    outcome: Annotated[EvictionOutcome, typer.Option(help=t("Vad som hände.", "What happened."))],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    attended: Annotated[
        bool | None,
        typer.Option(
            "--attended/--not-attended", help=t("Var socialtjänsten på plats?", "Did social services attend?")
        ),
    ] = None,
    children_unit: Annotated[
        bool | None,
        typer.Option(
            "--children-unit-attended/--children-unit-absent",
            help=t(
                "För en familj: var enheten för barn och unga på plats?",
                "For a family: did the children's unit?",
            ),
        ),
    ] = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    if attended is None:
        fail(t("ange --attended eller --not-attended", "give --attended or --not-attended"))
    action = build(
        a.EvictionOutcomeReport,
        OPTIONS,
        outcome=outcome,
        attended=attended,
        children_unit_attended=children_unit,
        recorded_by=by,
    )
    _perform(
        "eviction-outcome", case_id, personnummer, HouseholdCase.record_eviction_outcome, action, json_output
    )


def follow_up(
    subject: Annotated[
        FollowUpSubject,
        typer.Option(
            "--for",
            help=t("Den vuxne (kräver samtycke) eller ett barn.", "The adult (needs consent) or a child."),
        ),
    ],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    decided_by_children_unit: Annotated[
        bool,
        typer.Option(
            "--decided-by-children-unit",
            help=t("För ett barn utan samtycke.", "For a child without consent."),
        ),
    ] = False,
    months: Annotated[
        int | None,
        typer.Option(
            help=t("Månader från nu (standard: kommunens).", "Months from now (default: the municipality's).")
        ),
    ] = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(
        a.FollowUpArrangement,
        OPTIONS,
        subject=subject,
        decided_by_children_unit=decided_by_children_unit,
        months=months,
        recorded_by=by,
    )
    _perform("follow-up", case_id, personnummer, HouseholdCase.arrange_follow_up, action, json_output)


def close(
    reason: Annotated[ClosingReason, typer.Option(help=t("Varför ärendet avslutas.", "Why the case ends."))],
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    note: Note = None,
    by: By = DEFAULT_OFFICER,
    json_output: JsonFlag = False,
) -> None:
    action = build(a.CaseClosing, OPTIONS, reason=reason, note=note, recorded_by=by)
    _perform("close", case_id, personnummer, HouseholdCase.close_case, action, json_output)


COMMANDS: list[tuple[str, Callable[..., None], str, str]] = [
    (
        "assign",
        assign,
        "Gör en annan handläggare ansvarig för ärendet.",
        "Make another case officer responsible for the case.",
    ),
    (
        "contact",
        contact,
        "Registrera ett kontaktförsök med hyresgästen och dess utfall (kontakttrappan).",
        "Record a contact attempt with the tenant and its outcome (the contact ladder).",
    ),
    (
        "consent",
        consent,
        "Registrera hyresgästens samtycke: till vem, för vad, när, skriftligt eller muntligt.",
        "Record the tenant's consent: to whom, for what, when, written or oral.",
    ),
    (
        "withdraw-consent",
        withdraw_consent,
        "Registrera att hyresgästen återkallade ett samtycke, helt eller delvis.",
        "Record that the tenant withdrew a consent, wholly or in part. It stops what it covered.",
    ),
    (
        "landlord-facts",
        landlord_facts,
        "Registrera kompletterande uppgifter från hyresvärden (kräver samtycke om hyresvärden inte skickade underrättelsen).",
        "Record supplementary facts from the landlord (needs consent when the landlord sent no notice).",
    ),
    (
        "end-preassessment",
        end_preassessment,
        "Besluta förhandsbedömningen: inled utredning, eller avsluta med skäl.",
        "Decide the preassessment: open an investigation, or close with a reason.",
    ),
    (
        "extend-preassessment",
        extend_preassessment,
        "Registrera varför förhandsbedömningen pågår längre än fyra veckor.",
        "Record why the preassessment runs past four weeks (no escalation to the supervisor then).",
    ),
    (
        "debt-settled",
        debt_settled,
        "Registrera att hyresskulden betalades (inom återvinningsfristen räddas kontraktet).",
        "Record that the rent debt was paid (in the recovery period, the lease is saved).",
    ),
    (
        "commit-payment",
        commit_payment,
        "Besluta om betalningsåtagande; det rekommenderade brevet till hyresvärden går genast.",
        "Decide a payment commitment; the registered letter to the landlord goes out at once.",
    ),
    (
        "support",
        support,
        "Planera en stödinsats (bara under utredning; reglerna om samtycke gäller).",
        "Plan a support intervention (only in an investigation; consent rules apply).",
    ),
    (
        "agreement",
        agreement,
        "Registrera en överenskommelse: avbetalningsplan, återtagen uppsägning eller korttidskontrakt.",
        "Record an agreement: payment plan, termination withdrawn, or a short-term contract.",
    ),
    (
        "request-postponement",
        request_postponement,
        "Registrera att du begärt anstånd med avhysningen hos Kronofogden.",
        "Record that you asked Kronofogden to postpone the eviction.",
    ),
    (
        "postponement-answer",
        postponement_answer,
        "Registrera Kronofogdens svar; beviljat anstånd flyttar avhysningen och dess påminnelser.",
        "Record Kronofogden's answer; a granted postponement moves the eviction and its reminders.",
    ),
    (
        "eviction-outcome",
        eviction_outcome,
        "Registrera avhysningens utfall och vem som var på plats.",
        "Record the eviction's outcome and who attended.",
    ),
    (
        "follow-up",
        follow_up,
        "Ordna uppföljning när avhysningen avvärjts eller verkställts; en påminnelse kommer då.",
        "Arrange the follow-up after the eviction was averted or carried out; a reminder comes then.",
    ),
    (
        "close",
        close,
        "Avsluta ärendet med ett skäl (inte medan en laglig frist är öppen).",
        "Close the case with an outcome (not while a legal deadline is still open).",
    ),
]


def register(app: typer.Typer) -> None:
    for name, command, help_sv, help_en in COMMANDS:
        app.command(name, help=t(help_sv, help_en))(command)
