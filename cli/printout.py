"""`show` for a person: the typed case view laid out as text, in the command line's language.

Everything that came from input (names, ids, reasons, notes) is printed as text, never as markup.
"""

from rich.table import Table

from cli import words
from cli.common import out
from cli.language import t, t_list, when
from cli.plain import escape
from cli.words import code, codes, yes_no
from domain.case import CaseState
from domain.case_view import CaseView
from domain.closing import ClosingReason, FollowUpSubject
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.contact import SENT_BY_THE_CASE, ContactMethod, ContactOutcome, VisitKind, VisitStatus
from domain.correspondence import AlertUnit, HeldReason, LetterKind, Recipient, ReminderTopic
from domain.eviction import EvictionOutcome
from domain.preassessment import ExtensionReason, InvestigationSubject
from domain.recovery_period import RecoveryOutcome
from domain.support import AgreementKind, InterventionKind
from domain.swedish import plural

COLOURS = {"pending": "yellow", "met": "green", "missed": "bold red"}


def _children_text(state: CaseState) -> str:
    if state.has_children:
        return t(sv="ja", en="yes")
    known = state.children_birth_years is not None or (
        state.register_check is not None and state.register_check.registered_at_address is not None
    )
    return t(sv="inga kända", en="none known") if known else t(sv="okänt", en="not known")


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


ENDED_WORDS = {
    "terminated": ("avbröts", "terminated"),
    "timed_out": ("tog slut på tid", "timed out"),
    "failed": ("misslyckades", "failed"),
    "canceled": ("avbröts", "cancelled"),
}


def print_case(view: CaseView, state: CaseState) -> None:
    number = f"{view.case_number}  ·  " if view.case_number else ""
    out.rule(f"[bold]{escape(number)}{escape(view.case_id)}")
    tracks = ", ".join(words.track(code) for code in view.tracks)
    phase = words.phase(view.phase)
    out.print(f"{t(sv='Spår', en='Tracks')}: [bold]{tracks}[/]   {t(sv='Fas', en='Phase')}: [bold]{phase}[/]")
    if view.execution_ended:
        how_sv, how_en = ENDED_WORDS.get(view.execution_ended, ENDED_WORDS["terminated"])
        how = t(sv=how_sv, en=how_en)
        out.print(
            t(
                sv=f"[bold red]Ärendet {how} i Temporal utan att avslutas: det körs inte längre, och inga "
                "frister bevakas eller brev skickas. Kontakta systemförvaltningen.[/]",
                en=f"[bold red]The case was {how} in Temporal without being closed: it runs no more, no "
                "deadline is watched and no letter is sent. Contact the system's administrators.[/]",
            )
        )
    out.print(
        f"{t(sv='Stadsdel', en='District')}: {escape(view.district or '-')}   "
        f"{t(sv='Hyresvärd', en='Landlord')}: {escape(view.landlord or '-')}"
    )
    if view.responsible:
        out.print(
            f"{t(sv='Ansvarig', en='Responsible')}: {escape(view.responsible.officer)} ({escape(view.responsible.unit)})"
        )
    if state.notices:
        tenant = state.notices[0].tenant
        out.print(
            f"{t(sv='Hyresgäst', en='Tenant')}: {escape(tenant.name)}, {tenant.personnummer[:8]}-XXXX   "
            f"{t(sv='Barn', en='Children')}: {_children_text(state)}"
        )
    nxt = view.next_deadline
    if nxt:
        out.print(
            f"{t(sv='Nästa', en='Next')}: [bold]{words.deadline(nxt.name)}[/] {t(sv='senast', en='by')} [bold]{_due(nxt.due)}[/]"
        )
    else:
        out.print(t(sv="Nästa: inget väntar", en="Next: nothing pending"))
    if view.eviction:
        eviction = view.eviction
        moved = t(
            sv=", uppskjuten " + plural(eviction.postponements, one="gång", many="gånger"),
            en=", postponed " + plural(eviction.postponements, one="time", many="times"),
        )
        outcome = (
            f", {t(sv='utfall', en='outcome')}: {code(EvictionOutcome, eviction.outcome)}"
            if eviction.outcome
            else ""
        )
        out.print(
            f"{t(sv='Avhysning', en='Eviction')}: [bold]{when(eviction.scheduled_at)}[/] "
            f"(Kronofogden {escape(eviction.kfm_case_number)}{moved if eviction.postponements else ''}{outcome})"
        )
    for task in t_list(sv=view.open_tasks_sv, en=view.open_tasks):
        out.print(f"{t(sv='Att göra', en='To do')}: {escape(task)}")
    _deadlines(view)
    _records(view)
    check = view.register_check
    if check:
        registered = {
            True: t(sv="ja", en="yes"),
            False: t(sv="NEJ (kontrollera andrahandsuthyrning)", en="NO (check for a sublet)"),
            None: t(sv="hittades inte", en="not found"),
        }[check.registered_at_address]
        known = escape(check.known_in_unit or "") if check.known_to_social_services else t(sv="nej", en="no")
        out.print(
            f"{t(sv='Folkbokföring: folkbokförd på adressen', en='Population register: registered at the address')}: "
            f"{registered}   {t(sv='Känd', en='Known')}: {known}"
        )
    for whom in t_list(sv=view.consent_needed_for_sv, en=view.consent_needed_for):
        out.print(
            f"[yellow]{t(sv='Kontakt bara med hyresgästens samtycke', en='Contact only with the tenant' + chr(39) + 's consent')}:[/] {escape(whom)}"
        )
    _casework(view)
    out.print(f"{t(sv='Underrättelser', en='Notices')}: {escape(', '.join(view.notices))}")
    if view.history:
        out.print(t(sv="Händelser:", en="History:"))
        for event in view.history:
            out.print(f"  {when(event.at)}  {escape(t(sv=event.what_sv or event.what, en=event.what))}")


def _due(due: str) -> str:
    return when(due) if "T" in due else due


def _deadlines(view: CaseView) -> None:
    table = _table(
        t(sv="Frister", en="Deadlines"),
        [t(sv="frist", en="deadline"), t(sv="senast", en="due"), "status", t(sv="not", en="note")],
    )
    for name, entry in sorted(view.deadlines.items(), key=lambda item: item[1].due):
        note = entry.note or ""
        if entry.earliest_eviction_decision:
            note = (
                t(sv="beslut om avhysning tidigast ", en="eviction decision from ")
                + entry.earliest_eviction_decision
            )
            if entry.outcome:
                note += f"; {t(sv='utfall', en='outcome')} {code(RecoveryOutcome, entry.outcome)}"
        table.add_row(
            words.deadline(name),
            _due(entry.due),
            f"[{COLOURS[entry.status]}]{words.status(entry.status)}[/]",
            escape(note),
        )
    out.print(table)


def _records(view: CaseView) -> None:
    listings = [
        (t(sv="Brev", en="Letters"), [t(sv="slag", en="kind"), t(sv="mottagare", en="recipient"), t(sv="fil", en="file")],
         [[code(LetterKind, x.kind), code(Recipient, x.recipient), x.file or t(sv="hålls: ", en="held: ") + code(HeldReason, x.held)] for x in view.letters]),
        (t(sv="Underrättelser till enheter", en="Alerts"), [t(sv="enhet", en="unit"), t(sv="skäl", en="reason")],
         [[code(AlertUnit, a.unit), t(sv=a.reason_sv or a.reason, en=a.reason)] for a in view.alerts]),
        (t(sv="Påminnelser till handläggaren", en="Reminders to the case officer"), [t(sv="ämne", en="topic"), t(sv="skickad", en="sent_at")],
         [[code(ReminderTopic, r.topic), when(r.sent_at)] for r in view.reminders]),
        (t(sv="Kontaktförsök", en="Contact attempts"), ["id", t(sv="när", en="at"), t(sv="sätt", en="method"), t(sv="utfall", en="outcome"), t(sv="av", en="by")],
         [[c.contact_id, when(c.at), code(ContactMethod, c.method), code(ContactOutcome, c.outcome), _contact_by(c.by)] for c in view.contacts]),
        (t(sv="Hembesök", en="Home visits"), ["id", t(sv="när", en="at"), t(sv="slag", en="kind"), t(sv="med barn och unga", en="with children unit"), "status"],
         [[v.visit_id, when(v.at), code(VisitKind, v.kind), yes_no(v.with_children_unit), code(VisitStatus, v.status)] for v in view.visits]),
    ]  # fmt: skip
    for title, columns, rows in listings:
        if not rows:
            out.print(f"{title}: {t(sv='inga', en='none')}")
            continue
        table = _table(title, columns)
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        out.print(table)


def _contact_by(by: str) -> str:
    """An officer's id as recorded; a letter the case sent by itself says so in words."""
    return t(sv="ärendet självt", en="the case itself") if by == SENT_BY_THE_CASE else by


def _casework(view: CaseView) -> None:
    """The case officers' record: contact, consents, decisions, follow-up."""
    reached = (
        f"[green]{t(sv='ja', en='yes')}[/]"
        if view.personally_reached
        else f"[bold yellow]{t(sv='inte än', en='not yet')}[/]"
    )
    out.print(
        f"{t(sv='Personlig kontakt med hyresgästen', en='Personal contact with the tenant')}: {reached}"
    )
    if view.consents:
        table = _table(
            t(sv="Samtycken", en="Consents"),
            [
                "id",
                t(sv="till", en="to"),
                t(sv="ändamål som gäller", en="purposes in force"),
                t(sv="återkallade", en="withdrawn"),
                t(sv="givet", en="given"),
                t(sv="form", en="form"),
            ],
        )
        for consent in view.consents:
            whom = code(ConsentRecipient, consent.to) + (
                f": {consent.administration}" if consent.administration else ""
            )
            withdrawn = [p for p in consent.purposes if p not in consent.active_purposes]
            table.add_row(
                consent.consent_id, escape(whom), codes(ConsentPurpose, consent.active_purposes),
                codes(ConsentPurpose, withdrawn), consent.given_on, code(ConsentForm, consent.form),
            )  # fmt: skip
        out.print(table)
    else:
        out.print(t(sv="Samtycken: inga registrerade", en="Consents: none recorded"))
    decision = view.preassessment_decision
    if decision:
        what = (
            t(
                sv=f"utredning ({code(InvestigationSubject, decision.subject)})",
                en=f"investigation ({decision.subject})",
            )
            if decision.result == "open_investigation"
            else t(sv="avslutad", en="closed")
        )
        reason = f", {code(ClosingReason, decision.reason)}" if decision.reason else ""
        out.print(
            f"{t(sv='Förhandsbedömning beslutad', en='Preassessment decided')}: {what}{reason} {t(sv='av', en='by')} {escape(decision.by)}"
        )
    if view.extension_reason:
        out.print(
            f"{t(sv='Förhandsbedömningen får pågå längre än fyra veckor', en='Preassessment may run past four weeks')}: {code(ExtensionReason, view.extension_reason)}"
        )
    for item in view.interventions:
        told = (
            t(sv=" (hyresvärden informerad, med samtycke)", en=" (landlord told, with consent)")
            if item.landlord_told
            else ""
        )
        out.print(
            f"{t(sv='Stöd', en='Support')}: {code(InterventionKind, item.kind)} {t(sv='av', en='by')} {escape(item.provider)}{told}"
        )
    for agreement in view.agreements:
        out.print(
            f"{t(sv='Överenskommelse', en='Agreement')}: {code(AgreementKind, agreement.kind)} {agreement.agreed_on}"
        )
    if view.eviction_barred_for_debt:
        out.print(t(
            sv="[green]Betalningsåtagande skickat: hyresgästen kan inte vräkas för den här skulden.[/]",
            en="[green]Payment commitment sent: the tenant cannot be evicted for this debt.[/]",
        ))  # fmt: skip
    follow_up = view.follow_up
    if follow_up:
        if follow_up.done:
            state = t(sv="genomförd", en="done")
        elif follow_up.due:
            state = t(sv=f"planerad {follow_up.due}", en=f"due {follow_up.due}")
        else:
            state = t(sv="erbjuden", en="offered")
        out.print(
            f"{t(sv='Uppföljning', en='Follow-up')}: {state}"
            + (f" ({code(FollowUpSubject, follow_up.subject)})" if follow_up.subject else "")
        )
    if view.closure:
        out.print(
            f"[bold]{t(sv='Avslutat', en='Closed')}:[/] {code(ClosingReason, view.closure.reason)} {t(sv='av', en='by')} {escape(view.closure.by)}"
        )
