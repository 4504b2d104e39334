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
from domain.contact import ContactMethod, ContactOutcome, VisitKind, VisitStatus
from domain.correspondence import AlertUnit, HeldReason, LetterKind, Recipient, ReminderTopic
from domain.eviction import EvictionOutcome
from domain.preassessment import ExtensionReason, InvestigationSubject
from domain.recovery_period import RecoveryOutcome
from domain.support import AgreementKind, InterventionKind
from domain.words import plural

COLOURS = {"pending": "yellow", "met": "green", "missed": "bold red"}


def _children_text(state: CaseState) -> str:
    if state.has_children:
        return t("ja", "yes")
    known = state.children_birth_years is not None or (
        state.register_check is not None and state.register_check.registered_at_address is not None
    )
    return t("inga kända", "none known") if known else t("okänt", "not known")


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
    out.print(f"{t('Spår', 'Tracks')}: [bold]{tracks}[/]   {t('Fas', 'Phase')}: [bold]{phase}[/]")
    if view.execution_ended:
        how = t(*ENDED_WORDS.get(view.execution_ended, ENDED_WORDS["terminated"]))
        out.print(
            t(
                f"[bold red]Ärendet {how} i Temporal utan att avslutas: det körs inte längre, och inga "
                "frister bevakas eller brev skickas. Kontakta systemförvaltningen.[/]",
                f"[bold red]The case was {how} in Temporal without being closed: it runs no more, no "
                "deadline is watched and no letter is sent. Contact the system's administrators.[/]",
            )
        )
    out.print(
        f"{t('Stadsdel', 'District')}: {escape(view.district or '-')}   "
        f"{t('Hyresvärd', 'Landlord')}: {escape(view.landlord or '-')}"
    )
    if view.responsible:
        out.print(
            f"{t('Ansvarig', 'Responsible')}: {escape(view.responsible.officer)} ({escape(view.responsible.unit)})"
        )
    if state.notices:
        tenant = state.notices[0].tenant
        out.print(
            f"{t('Hyresgäst', 'Tenant')}: {escape(tenant.name)}, {tenant.personnummer[:8]}-XXXX   "
            f"{t('Barn', 'Children')}: {_children_text(state)}"
        )
    nxt = view.next_deadline
    if nxt:
        out.print(
            f"{t('Nästa', 'Next')}: [bold]{words.deadline(nxt.name)}[/] {t('senast', 'by')} [bold]{_due(nxt.due)}[/]"
        )
    else:
        out.print(t("Nästa: inget väntar", "Next: nothing pending"))
    if view.eviction:
        eviction = view.eviction
        moved = t(
            ", uppskjuten " + plural(eviction.postponements, one="gång", many="gånger"),
            ", postponed " + plural(eviction.postponements, one="time", many="times"),
        )
        outcome = (
            f", {t('utfall', 'outcome')}: {code(EvictionOutcome, eviction.outcome)}"
            if eviction.outcome
            else ""
        )
        out.print(
            f"{t('Avhysning', 'Eviction')}: [bold]{when(eviction.scheduled_at)}[/] "
            f"(Kronofogden {escape(eviction.kfm_case_number)}{moved if eviction.postponements else ''}{outcome})"
        )
    for task in t_list(view.open_tasks_sv, view.open_tasks):
        out.print(f"{t('Att göra', 'To do')}: {escape(task)}")
    _deadlines(view)
    _records(view)
    check = view.register_check
    if check:
        registered = {
            True: t("ja", "yes"),
            False: t("NEJ (kontrollera andrahandsuthyrning)", "NO (check for a sublet)"),
            None: t("hittades inte", "not found"),
        }[check.registered_at_address]
        known = escape(check.known_in_unit or "") if check.known_to_social_services else t("nej", "no")
        out.print(
            f"{t('Folkbokföring: folkbokförd på adressen', 'Population register: registered at the address')}: "
            f"{registered}   {t('Känd', 'Known')}: {known}"
        )
    for whom in t_list(view.consent_needed_for_sv, view.consent_needed_for):
        out.print(
            f"[yellow]{t('Kontakt bara med hyresgästens samtycke', 'Contact only with the tenant' + chr(39) + 's consent')}:[/] {escape(whom)}"
        )
    _casework(view)
    out.print(f"{t('Underrättelser', 'Notices')}: {escape(', '.join(view.notices))}")
    if view.history:
        out.print(t("Händelser:", "History:"))
        for event in view.history:
            out.print(f"  {when(event.at)}  {escape(t(event.what_sv or event.what, event.what))}")


def _due(due: str) -> str:
    return when(due) if "T" in due else due


def _deadlines(view: CaseView) -> None:
    table = _table(
        t("Frister", "Deadlines"), [t("frist", "deadline"), t("senast", "due"), "status", t("not", "note")]
    )
    for name, entry in sorted(view.deadlines.items(), key=lambda item: item[1].due):
        note = entry.note or ""
        if entry.earliest_eviction_decision:
            note = (
                t("beslut om avhysning tidigast ", "eviction decision from ")
                + entry.earliest_eviction_decision
            )
            if entry.outcome:
                note += f"; {t('utfall', 'outcome')} {code(RecoveryOutcome, entry.outcome)}"
        table.add_row(
            words.deadline(name),
            _due(entry.due),
            f"[{COLOURS[entry.status]}]{words.status(entry.status)}[/]",
            escape(note),
        )
    out.print(table)


def _records(view: CaseView) -> None:
    listings = [
        (t("Brev", "Letters"), [t("slag", "kind"), t("mottagare", "recipient"), t("fil", "file")],
         [[code(LetterKind, x.kind), code(Recipient, x.recipient), x.file or t("hålls: ", "held: ") + code(HeldReason, x.held)] for x in view.letters]),
        (t("Underrättelser till enheter", "Alerts"), [t("enhet", "unit"), t("skäl", "reason")],
         [[code(AlertUnit, a.unit), t(a.reason_sv or a.reason, a.reason)] for a in view.alerts]),
        (t("Påminnelser till handläggaren", "Reminders to the case officer"), [t("ämne", "topic"), t("skickad", "sent_at")],
         [[code(ReminderTopic, r.topic), when(r.sent_at)] for r in view.reminders]),
        (t("Kontaktförsök", "Contact attempts"), ["id", t("när", "at"), t("sätt", "method"), t("utfall", "outcome"), t("av", "by")],
         [[c.contact_id, when(c.at), code(ContactMethod, c.method), code(ContactOutcome, c.outcome), c.by] for c in view.contacts]),
        (t("Hembesök", "Home visits"), ["id", t("när", "at"), t("slag", "kind"), t("med barn och unga", "with children unit"), "status"],
         [[v.visit_id, when(v.at), code(VisitKind, v.kind), yes_no(v.with_children_unit), code(VisitStatus, v.status)] for v in view.visits]),
    ]  # fmt: skip
    for title, columns, rows in listings:
        if not rows:
            out.print(f"{title}: {t('inga', 'none')}")
            continue
        table = _table(title, columns)
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        out.print(table)


def _casework(view: CaseView) -> None:
    """The case officers' record: contact, consents, decisions, follow-up."""
    reached = (
        f"[green]{t('ja', 'yes')}[/]"
        if view.personally_reached
        else f"[bold yellow]{t('inte än', 'not yet')}[/]"
    )
    out.print(f"{t('Personlig kontakt med hyresgästen', 'Personal contact with the tenant')}: {reached}")
    if view.consents:
        table = _table(
            t("Samtycken", "Consents"),
            [
                "id",
                t("till", "to"),
                t("ändamål som gäller", "purposes in force"),
                t("återkallade", "withdrawn"),
                t("givet", "given"),
                t("form", "form"),
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
        out.print(t("Samtycken: inga registrerade", "Consents: none recorded"))
    decision = view.preassessment_decision
    if decision:
        what = (
            t(
                f"utredning ({code(InvestigationSubject, decision.subject)})",
                f"investigation ({decision.subject})",
            )
            if decision.result == "open_investigation"
            else t("avslutad", "closed")
        )
        reason = f", {code(ClosingReason, decision.reason)}" if decision.reason else ""
        out.print(
            f"{t('Förhandsbedömning beslutad', 'Preassessment decided')}: {what}{reason} {t('av', 'by')} {escape(decision.by)}"
        )
    if view.extension_reason:
        out.print(
            f"{t('Förhandsbedömningen får pågå längre än fyra veckor', 'Preassessment may run past four weeks')}: {code(ExtensionReason, view.extension_reason)}"
        )
    for item in view.interventions:
        told = (
            t(" (hyresvärden informerad, med samtycke)", " (landlord told, with consent)")
            if item.landlord_told
            else ""
        )
        out.print(
            f"{t('Stöd', 'Support')}: {code(InterventionKind, item.kind)} {t('av', 'by')} {escape(item.provider)}{told}"
        )
    for agreement in view.agreements:
        out.print(
            f"{t('Överenskommelse', 'Agreement')}: {code(AgreementKind, agreement.kind)} {agreement.agreed_on}"
        )
    if view.eviction_barred_for_debt:
        out.print(t(
            "[green]Betalningsåtagande skickat: hyresgästen kan inte vräkas för den här skulden.[/]",
            "[green]Payment commitment sent: the tenant cannot be evicted for this debt.[/]",
        ))  # fmt: skip
    follow_up = view.follow_up
    if follow_up:
        if follow_up.done:
            state = t("genomförd", "done")
        elif follow_up.due:
            state = t(f"planerad {follow_up.due}", f"due {follow_up.due}")
        else:
            state = t("erbjuden", "offered")
        out.print(
            f"{t('Uppföljning', 'Follow-up')}: {state}"
            + (f" ({code(FollowUpSubject, follow_up.subject)})" if follow_up.subject else "")
        )
    if view.closure:
        out.print(
            f"[bold]{t('Avslutat', 'Closed')}:[/] {code(ClosingReason, view.closure.reason)} {t('av', 'by')} {escape(view.closure.by)}"
        )
