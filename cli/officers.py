"""The case officers' commands: one per action, each a Temporal update with a validator.

A refused action prints the case's reason and exits 1, and leaves no trace in the case; a
malformed one exits 2 naming the option; no server or no worker exits 3. `--json` prints one
object: {"case_id", "action", "status": "accepted"|"refused", "message"|"reason"} (English, the
contract), with the Swedish text beside it as "message_sv"|"reason_sv".
"""

import asyncio
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, NoReturn

import typer
from pydantic import BaseModel
from temporalio.client import WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from cli.codes import with_swedish_values
from cli.common import (
    CaseArgument,
    JsonFlag,
    PersonnummerOption,
    build,
    connect_or_fail,
    err,
    fail,
    find_case,
    json_mode,
    no_case,
    out,
    print_json,
    require_worker,
    resolve_case,
    user_name,
    within_answer_time,
)
from cli.language import t
from cli.plain import escape
from domain import actions as a
from domain.closing import ClosingReason, FollowUpSubject
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.contact import ContactMethod, ContactOutcome
from domain.deadlines import STOCKHOLM
from domain.eviction import EvictionOutcome, PostponementReason
from domain.preassessment import ExtensionReason, InvestigationSubject, PreassessmentResult
from domain.support import AgreementKind, InterventionKind
from infra.case_client import case_handle
from infra.settings import load_settings
from workflows.household_case import HouseholdCase


def opt(sv: str, en: str, *declarations: str, **settings: Any) -> Any:
    """An option with its help text in both languages."""
    return typer.Option(*declarations, help=t(sv=sv, en=en), **settings)


By = Annotated[
    str,
    opt(
        "Ditt handläggar-id, som registreras med åtgärden (standard: $EVICTION_OFFICER eller ditt användarnamn).",
        "Your officer id, recorded with the action (default: $EVICTION_OFFICER or your user name).",
        "--by",
        envvar="EVICTION_OFFICER",
        show_default=False,  # the user name at import: wrong where EVICTION_OFFICER is set
    ),
]
Note = Annotated[
    str | None,
    opt("Dina egna ord, sparas i ärendet.", "Your own words, kept in the case.", "--note"),
]
Day = Annotated[
    str | None,
    opt(
        "Ett datum ÅÅÅÅ-MM-DD (standard: i dag).",
        "A date YYYY-MM-DD (default: today).",
        "--on",
        show_default=False,
    ),
]
DEFAULT_OFFICER = user_name()
# Field names of the actions, as the options a person types.
OPTIONS = {
    "recorded_by": "--by", "amount_sek": "--amount", "officer_id": "--officer-id", "officer_name": "--officer-name",
    "officer_phone": "--phone", "purposes": "--purpose", "recipient": "--to", "given_on": "--given-on",
    "consent_id": "--consent", "withdrawn_on": "--on", "agreed_on": "--on", "requested_on": "--on",
    "settled_on": "--on", "new_scheduled_at": "--new-time", "children_not_in_register": "--child-born",
    "debt_settled_on": "--debt-settled-on", "subject": "--for", "months": "--months", "at": "--at",
}  # fmt: skip


def _date(option: str, text: str) -> date:
    """A day the person typed; a day left out is the case's own today (its clock decides)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(t(sv=f"{option} måste vara ett datum ÅÅÅÅ-MM-DD", en=f"{option} must be a date YYYY-MM-DD"))


def _moment(option: str, text: str) -> datetime:
    """An ISO date and time; without an offset it is Swedish time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(
            t(
                sv=f"{option} måste vara datum och tid, t.ex. 2026-12-03T10:00",
                en=f"{option} must be a date and time, e.g. 2026-12-03T10:00",
            )
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)


@dataclass(frozen=True)
class Target:
    """What every officer's command shares: which case, who acts, and how to answer."""

    case_id: str | None
    personnummer: str | None
    by: str
    json_output: bool

    def act(self, name: str, update: Any, model: type[BaseModel], **fields: Any) -> None:
        """Builds the action (who acted: --by) and performs it."""
        self.perform(name, update, build(model, OPTIONS, recorded_by=self.by, **fields))

    def perform(self, name: str, update: Any, action: BaseModel) -> None:
        """Sends the action to the case and prints its answer: done, or refused with the reason."""
        settings = load_settings()
        case = resolve_case(self.case_id, self.personnummer, settings)

        async def run() -> a.Acknowledgement:
            nonlocal case
            _, client = await connect_or_fail()
            await require_worker(client, settings)
            case = await find_case(client, case)
            call = case_handle(client, case).execute_update(update, action)
            result: a.Acknowledgement = await within_answer_time(call, settings, client, case)
            return result

        try:
            ack = asyncio.run(run())
        except WorkflowUpdateFailedError as error:
            self._refused(case, name, error)
        except WorkflowUpdateRPCTimeoutOrCancelledError:
            fail(
                t(
                    sv="ärendet svarade inte i tid; åtgärden kan ändå ha registrerats: se efter med "
                    "'cases show' innan du försöker igen",
                    en="the case did not answer in time; the action may still have been recorded: check "
                    "with 'cases show' before trying again",
                ),
                3,
            )
        except RPCError as error:
            if error.status is RPCStatusCode.NOT_FOUND:
                no_case(case, self.personnummer)
            raise
        if self.json_output:
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
            out.print(
                f"[green]{t(sv='klart', en='done')}:[/] {escape(t(sv=ack.message_sv or ack.message, en=ack.message))}"
            )

    def _refused(self, case: str, name: str, error: WorkflowUpdateFailedError) -> NoReturn:
        cause = error.cause
        reason = cause.message if isinstance(cause, ApplicationError) else str(cause)
        details = cause.details if isinstance(cause, ApplicationError) else ()
        reason_sv = str(details[0]) if details else reason
        if self.json_output:
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
            err.print(f"[bold red]{t(sv='avböjt', en='refused')}:[/] {escape(t(sv=reason_sv, en=reason))}")
        raise typer.Exit(1)


_SHARED = [
    inspect.Parameter("case_id", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=CaseArgument),
    inspect.Parameter(
        "personnummer", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=PersonnummerOption
    ),
    inspect.Parameter("by", inspect.Parameter.KEYWORD_ONLY, default=DEFAULT_OFFICER, annotation=By),
    inspect.Parameter("json_output", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonFlag),
]


def officer_command(command: Callable[..., None]) -> Callable[..., None]:
    """Gives a command the options every officer's action takes (the case or --personnummer,
    --by, --json), once, and hands them to it as a `Target`."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "target"]
    with_swedish_values(command)

    @functools.wraps(command)
    def with_target(**options: Any) -> None:
        target = Target(*(options.pop(p.name) for p in _SHARED))
        json_mode(target.json_output)
        command(target, **options)

    with_target.__signature__ = inspect.Signature([*own, *_SHARED])  # type: ignore[attr-defined]
    with_target.__annotations__ = {**command.__annotations__, **{p.name: p.annotation for p in _SHARED}}
    return with_target


@officer_command
def assign(
    target: Target,
    officer_id: Annotated[
        str,
        opt("Den nya ansvariga handläggarens id.", "The new responsible officer's id.", "--officer-id"),
    ],
    officer_name: Annotated[
        str, opt("Namnet som breven visar.", "Name as letters show it.", "--officer-name")
    ],
    unit: Annotated[
        str | None,
        opt("Handläggarens enhet, om den ändras.", "The officer's unit, if it changes."),
    ] = None,
    phone: Annotated[
        str | None,
        opt("Handläggarens telefon i breven.", "The officer's phone for letters."),
    ] = None,
) -> None:
    target.act(
        "assign",
        HouseholdCase.assign_officer,
        a.AssignOfficer,
        officer_id=officer_id,
        officer_name=officer_name,
        unit=unit,
        officer_phone=phone,
    )


@officer_command
def contact(
    target: Target,
    method: Annotated[
        ContactMethod,
        opt("Hur du försökte nå hyresgästen.", "How you tried to reach the tenant."),
    ],
    outcome: Annotated[
        ContactOutcome,
        opt(
            "Om hyresgästen nåddes (avböjde: nådd men tackade nej till stöd); för brev: skickat.",
            "reached / declined (reached, support declined) / not_reached; letters: sent.",
        ),
    ],
    at: Annotated[
        str | None,
        opt("När, t.ex. 2026-12-03T10:00 (standard: nu).", "When, e.g. 2026-12-03T10:00 (default: now)."),
    ] = None,
    justification: Annotated[
        str | None,
        opt(
            "Krävs för oanmält besök: varför intrånget är befogat.",
            "Required for an unannounced visit: why the intrusion is warranted.",
        ),
    ] = None,
    follow_up: Annotated[
        bool,
        opt("Detta är den ordnade uppföljningen.", "This is the arranged follow-up.", "--follow-up"),
    ] = False,
    note: Note = None,
) -> None:
    target.act(
        "contact",
        HouseholdCase.record_contact,
        a.ContactReport,
        method=method,
        outcome=outcome,
        at=_moment("--at", at) if at else None,
        justification=justification,
        follow_up=follow_up,
        note=note,
    )


@officer_command
def consent(
    target: Target,
    to: Annotated[
        ConsentRecipient,
        opt(
            "Vem samtycket låter dig kontakta eller informera.",
            "Whom the consent lets you contact or inform.",
            "--to",
        ),
    ],
    purpose: Annotated[
        list[ConsentPurpose],
        opt("För vad; upprepa för flera.", "What for; repeat for several."),
    ],
    form: Annotated[ConsentForm, opt("Skriftligt eller muntligt.", "Written or oral.")],
    administration: Annotated[
        str | None,
        opt(
            "Med --to administration: vilken, t.ex. 'Funktionsstöd'.",
            "With --to administration: which one, e.g. 'Funktionsstöd'.",
        ),
    ] = None,
    given_on: Annotated[
        str | None,
        opt("Dagen det gavs (standard: i dag).", "The day it was given (default: today)."),
    ] = None,
) -> None:
    target.act(
        "consent",
        HouseholdCase.record_consent,
        a.ConsentGiven,
        recipient=to,
        administration=administration,
        purposes=purpose,
        given_on=_date("--given-on", given_on) if given_on else None,
        form=form,
    )


@officer_command
def withdraw_consent(
    target: Target,
    consent_id: Annotated[
        str,
        opt("Samtyckets id, som `show` visar det.", "The consent's id, as `show` lists it.", "--consent"),
    ],
    purpose: Annotated[
        list[ConsentPurpose] | None,
        opt("Återkalla bara dessa ändamål (standard: alla).", "Withdraw only these purposes (default: all)."),
    ] = None,
    on: Day = None,
) -> None:
    target.act(
        "withdraw-consent",
        HouseholdCase.withdraw_consent,
        a.ConsentWithdrawal,
        consent_id=consent_id,
        purposes=purpose or None,
        withdrawn_on=_date("--on", on) if on else None,
    )


# A postal address on the command line: the landlord's (for registered mail) or the tenant's new one.
Street = Annotated[
    str, opt("Gatuadress eller box, med lägenhetsnummer om det behövs.", "Street address or box.")
]
PostalCode = Annotated[str, opt("Postnummer.", "Postal code.")]
City = Annotated[str, opt("Postort.", "City.")]


@officer_command
def landlord_address(target: Target, street: Street, postal_code: PostalCode, city: City) -> None:
    address = {"street": street, "postal_code": postal_code, "city": city}
    target.act("landlord-address", HouseholdCase.record_landlord_address, a.LandlordAddressReport, **address)


@officer_command
def tenant_address(target: Target, street: Street, postal_code: PostalCode, city: City) -> None:
    address = {"street": street, "postal_code": postal_code, "city": city}
    target.act("tenant-address", HouseholdCase.record_tenant_address, a.TenantAddressReport, **address)


@officer_command
def landlord_facts(
    target: Target,
    debt_settled_on: Annotated[
        str | None, opt("Skulden betalades den här dagen.", "The debt was paid on this day.")
    ] = None,
    late_payments: Annotated[
        bool | None,
        opt("Upprepade sena betalningar?", "Repeated late payments?", "--late-payments/--no-late-payments"),
    ] = None,
    child_born: Annotated[
        list[int] | None,
        opt(
            "Födelseår för ett barn som inte är folkbokfört; upprepa.",
            "Birth year of a child not in the register; repeat.",
        ),
    ] = None,
    sublet_suspected: Annotated[
        bool | None,
        opt(
            "Misstänker hyresvärden andrahandsuthyrning?",
            "Does the landlord suspect a sublet?",
            "--sublet-suspected/--no-sublet",
        ),
    ] = None,
    note: Note = None,
) -> None:
    settled = _date("--debt-settled-on", debt_settled_on) if debt_settled_on else None
    target.act(
        "landlord-facts",
        HouseholdCase.record_landlord_facts,
        a.LandlordFactsReport,
        debt_settled_on=settled,
        repeated_late_payments=late_payments,
        children_not_in_register=child_born or [],
        sublet_suspected=sublet_suspected,
        note=note,
    )


@officer_command
def end_preassessment(
    target: Target,
    investigate: Annotated[
        InvestigationSubject | None,
        opt(
            "Inled utredning av den vuxne (kräver samtycke) eller ett barn.",
            "Open an investigation of the adult (needs consent) or a child.",
        ),
    ] = None,
    close: Annotated[
        ClosingReason | None,
        opt(
            "Avsluta ärendet utan utredning, av detta skäl.",
            "Close the case without an investigation, for this reason.",
        ),
    ] = None,
    note: Note = None,
) -> None:
    if (investigate is None) == (close is None):
        fail(
            t(
                sv="ange antingen --investigate adult|child eller --close SKÄL",
                en="give either --investigate adult|child or --close REASON",
            )
        )
    result = PreassessmentResult.OPEN_INVESTIGATION if investigate else PreassessmentResult.CLOSE
    target.act(
        "end-preassessment",
        HouseholdCase.end_preassessment,
        a.PreassessmentEnd,
        result=result,
        subject=investigate,
        reason=close,
        note=note,
    )


@officer_command
def extend_preassessment(
    target: Target,
    reason: Annotated[
        ExtensionReason,
        opt(
            "Det särskilda skälet att pågå längre än fyra veckor.",
            "The special reason to run past four weeks.",
        ),
    ],
    note: Note = None,
) -> None:
    target.act(
        "extend-preassessment",
        HouseholdCase.record_extension_reason,
        a.ExtensionReport,
        reason=reason,
        note=note,
    )


@officer_command
def debt_settled(
    target: Target,
    on: Day = None,
    note: Note = None,
) -> None:
    target.act(
        "debt-settled",
        HouseholdCase.record_debt_settled,
        a.DebtSettled,
        settled_on=_date("--on", on) if on else None,
        note=note,
    )


@officer_command
def commit_payment(
    target: Target,
    amount: Annotated[
        float,
        opt(
            "Beloppet i kronor som nämnden åtar sig att betala.",
            "The amount in kronor the board commits to pay.",
        ),
    ],
) -> None:
    target.act("commit-payment", HouseholdCase.commit_payment, a.PaymentCommitmentDecision, amount_sek=amount)


@officer_command
def support(
    target: Target,
    kind: Annotated[InterventionKind, opt("Insatsen.", "The intervention.")],
    provider: Annotated[str, opt("Enheten som ger den.", "The unit that gives it.")],
    tell_landlord: Annotated[
        bool,
        opt(
            "Skicka hyresvärden ett brev om planerat stöd.",
            "Send the landlord a letter about planned support.",
            "--tell-landlord",
        ),
    ] = False,
) -> None:
    target.act(
        "support",
        HouseholdCase.plan_support,
        a.SupportPlan,
        kind=kind,
        provider=provider,
        tell_landlord=tell_landlord,
    )


@officer_command
def agreement(
    target: Target,
    kind: Annotated[AgreementKind, opt("Vad som överenskoms.", "What was agreed.")],
    on: Day = None,
    note: Note = None,
) -> None:
    target.act(
        "agreement",
        HouseholdCase.record_agreement,
        a.AgreementReport,
        kind=kind,
        agreed_on=_date("--on", on) if on else None,
        note=note,
    )


@officer_command
def request_postponement(
    target: Target,
    reason: Annotated[
        PostponementReason,
        opt("Varför avhysningen bör vänta.", "Why the eviction should wait."),
    ],
    on: Day = None,
) -> None:
    target.act(
        "request-postponement",
        HouseholdCase.request_postponement,
        a.PostponementRequestReport,
        reason=reason,
        requested_on=_date("--on", on) if on else None,
    )


@officer_command
def postponement_answer(
    target: Target,
    granted: Annotated[
        bool | None,
        opt("Kronofogdens svar.", "Kronofogden's answer.", "--granted/--refused", show_default=False),
    ] = None,
    new_time: Annotated[
        str | None,
        opt(
            "Om beviljat: ny dag och tid, t.ex. 2027-01-20T09:00.",
            "If granted: the new date and time, e.g. 2027-01-20T09:00.",
        ),
    ] = None,
) -> None:
    if granted is None:
        fail(
            t(
                sv="ange --granted (med --new-time) eller --refused",
                en="give --granted (with --new-time) or --refused",
            )
        )
    moved = _moment("--new-time", new_time) if new_time else None
    target.act(
        "postponement-answer",
        HouseholdCase.answer_postponement,
        a.PostponementAnswer,
        granted=granted,
        new_scheduled_at=moved,
    )


@officer_command
def eviction_outcome(
    target: Target,
    outcome: Annotated[EvictionOutcome, opt("Vad som hände.", "What happened.")],
    attended: Annotated[
        bool | None,
        opt("Var socialtjänsten på plats?", "Did social services attend?", "--attended/--not-attended"),
    ] = None,
    children_unit: Annotated[
        bool | None,
        opt(
            "För en familj: var enheten för barn och unga på plats?",
            "For a family: did the children's unit?",
            "--children-unit-attended/--children-unit-absent",
        ),
    ] = None,
) -> None:
    if attended is None:
        fail(t(sv="ange --attended eller --not-attended", en="give --attended or --not-attended"))
    target.act(
        "eviction-outcome",
        HouseholdCase.record_eviction_outcome,
        a.EvictionOutcomeReport,
        outcome=outcome,
        attended=attended,
        children_unit_attended=children_unit,
    )


@officer_command
def follow_up(
    target: Target,
    subject: Annotated[
        FollowUpSubject,
        opt("Den vuxne (kräver samtycke) eller ett barn.", "The adult (needs consent) or a child.", "--for"),
    ],
    decided_by_children_unit: Annotated[
        bool,
        opt("För ett barn utan samtycke.", "For a child without consent.", "--decided-by-children-unit"),
    ] = False,
    months: Annotated[
        int | None,
        opt("Månader från nu (standard: kommunens).", "Months from now (default: the municipality's)."),
    ] = None,
) -> None:
    target.act(
        "follow-up",
        HouseholdCase.arrange_follow_up,
        a.FollowUpArrangement,
        subject=subject,
        decided_by_children_unit=decided_by_children_unit,
        months=months,
    )


@officer_command
def close(
    target: Target,
    reason: Annotated[ClosingReason, opt("Varför ärendet avslutas.", "Why the case ends.")],
    note: Note = None,
) -> None:
    target.act("close", HouseholdCase.close_case, a.CaseClosing, reason=reason, note=note)


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
        "landlord-address",
        landlord_address,
        "Registrera hyresvärdens postadress; brev som väntar på den skickas då som rekommenderat brev.",
        "Record the landlord's postal address; letters waiting for it then go by registered mail.",
    ),
    (
        "tenant-address",
        tenant_address,
        "Registrera hyresgästens nya postadress (efter avhysning eller flytt); breven går dit från nu.",
        "Record the tenant's new postal address (after an eviction or a move); letters go there from now.",
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
        app.command(name, help=t(sv=help_sv, en=help_en))(command)
