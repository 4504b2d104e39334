"""Swedish output carries no code (issue 17): `show` printed in Swedish for a case holding every
code of every list the view shows (each letter kind, unit, topic, contact method and outcome,
visit kind and status, consent recipient, purpose and form, decision, intervention, agreement,
closing reason, eviction outcome and postponement reason). Whatever prints an English code
where a person reads Swedish fails here, naming the code. A code from no list (the case's own
"case" where an officer's id goes went through) is found the other way: a word `show` prints
alike in Swedish and in English is untranslated, unless the same in both languages or the
case's own data (`untranslated_words`; the truth machine asks it of the histories it makes)."""

import functools
import io
import re
from datetime import timedelta

from rich.console import Console

from domain.case import CaseState
from domain.case_view import (
    AgreementView,
    AlertView,
    CaseView,
    ClosureView,
    ConsentView,
    ContactView,
    DecisionView,
    EvictionView,
    InterventionView,
    LetterView,
    PostponementRequestView,
    ReminderView,
    VisitView,
    case_view,
)
from domain.closing import ClosingReason
from domain.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.contact import SENT_BY_THE_CASE, ContactMethod, ContactOutcome, VisitKind, VisitStatus
from domain.correspondence import AlertUnit, HeldReason, LetterKind, Recipient, ReminderTopic
from domain.eviction import EvictionOutcome, PostponementReason
from domain.preassessment import InvestigationSubject, PreassessmentResult
from domain.support import AgreementKind, InterventionKind
from domain.words import WORDS
from tests.casework_factories import NOW, case
from tests.test_words import _code_lists


def _every_code_view() -> tuple[CaseView, CaseState]:
    state = case(children=[2015])
    at = NOW.isoformat()
    view = case_view(state, NOW).model_copy(
        update={
            "letters": [LetterView(kind=k.value, recipient=r.value, file="/x/L001.pdf") for k, r in zip(LetterKind, [*Recipient] * 3, strict=False)]
            + [LetterView(kind="payment_commitment", recipient="landlord", file="", held=h.value) for h in HeldReason],
            "alerts": [AlertView(unit=u.value, reason="barn i hushållet") for u in AlertUnit],
            "reminders": [ReminderView(topic=t.value, sent_at=at) for t in ReminderTopic],
            "contacts": [
                ContactView(contact_id=f"C{n}", method=m.value, outcome=o.value, at=at, by="o-1", personal_contact=False)
                for n, (m, o) in enumerate(zip(ContactMethod, [*ContactOutcome] * 2, strict=False))
            ] + [ContactView(contact_id="C9", method="letter", outcome="sent", at=at, by=SENT_BY_THE_CASE, personal_contact=False)],
            "visits": [
                VisitView(visit_id=f"V{n}", kind=k.value, at=at, with_children_unit=bool(n % 2), status=s.value, calendar_file=None)
                for n, (k, s) in enumerate(zip([*VisitKind] * 2, VisitStatus, strict=False))
            ],
            "consents": [
                ConsentView(consent_id=f"S{n}", to=r.value, administration=None, purposes=[p.value for p in ConsentPurpose],
                            active_purposes=[p.value for p in ConsentPurpose], given_on="2026-11-30", form=f.value)
                for n, (r, f) in enumerate(zip(ConsentRecipient, [*ConsentForm] * 2, strict=False))
            ],
            "preassessment_decision": DecisionView(result=PreassessmentResult.OPEN_INVESTIGATION.value, subject=InvestigationSubject.CHILD.value, reason=None, by="o-1"),
            "interventions": [InterventionView(kind=k.value, provider="Vuxenenheten", landlord_told=True) for k in InterventionKind],
            "agreements": [AgreementView(kind=k.value, agreed_on="2026-11-30") for k in AgreementKind],
            "closure": ClosureView(reason=ClosingReason.EVICTION_AVERTED.value, by="o-1"),
            "eviction": EvictionView(
                kfm_case_number="KFM-1", scheduled_at=(NOW + timedelta(days=8)).isoformat(), postponements=1,
                postponement_requests=[PostponementRequestView(reason=r.value, requested_on="2026-11-30", answer=None) for r in PostponementReason],
                outcome=EvictionOutcome.KEYS_RETURNED.value, attended=True, children_unit_attended=False,
            ),
        }
    )  # fmt: skip
    return view, state


@functools.cache
def _codes() -> dict[str, str]:
    """Every code a person must not read in Swedish, with its list (codes that are Swedish too,
    like 'sms', are left out)."""
    found: dict[str, str] = {}
    for kind in _code_lists():
        for code in kind:
            if WORDS[code].sv.casefold() != code.value.casefold():
                found[code.value] = kind.__name__
    # What the case itself writes where an officer's id goes (a letter it sent counts as a
    # contact attempt "by" it): a word of the code, not one a person should read.
    found[SENT_BY_THE_CASE] = "SENT_BY_THE_CASE"
    return found


def printed_in_swedish(view: CaseView, state: CaseState) -> str:
    """`show` as a person reads it, into a string (the printer's console, for this read)."""
    return printed_in(view, state, "sv")


def printed_in(view: CaseView, state: CaseState, language: str) -> str:
    """`show` in this language (the command line's is chosen once; here it is switched for one
    read: every text the printout writes is chosen when it prints)."""
    import cli.language
    import cli.printout as printout

    buffer = io.StringIO()
    saved = printout.__dict__["out"], cli.language.LANGUAGE
    setattr(printout, "out", Console(file=buffer, width=200, color_system=None))  # noqa: B010
    cli.language.LANGUAGE = language
    try:
        printout.print_case(view, state)
    finally:
        setattr(printout, "out", saved[0])  # noqa: B010
        cli.language.LANGUAGE = saved[1]
    return buffer.getvalue()


# Words a Swedish printout may share with the English one: the same in both languages.
SAME_IN_BOTH = frozenset({"id", "status", "not", "form", "sms", "e-post", "kr", "Kronofogden"})


def without_paths(text: str) -> str:
    """A printout without its file paths, which hold letter kinds (codes) by design."""
    return re.sub(r"\S*/\S*", " ", text)


def words_of(text: str) -> set[str]:
    """The words of a printout, paths left out."""
    return set(re.findall(r"(?<![\w-])[^\W\d_][\w-]*(?![\w-])", without_paths(text)))


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []


def untranslated_words(view: CaseView, state: CaseState, swedish: str | None = None) -> list[str]:
    """The words `show` prints alike in Swedish and in English that are neither the same in both
    languages nor the case's own data (names, places, free text, ids): a text or a code that the
    printout does not translate, whatever list it comes from (the codes' check above knows only
    the code lists)."""
    own = {state.case_id}
    for value in _strings(state.model_dump(mode="json")) + _strings(view.model_dump(mode="json")):
        # Free text (a note, a reason, an address) and names are the case's own; a single
        # lowercase word is a code, which the printout must put in words.
        if any(c.isspace() for c in value) or not value.islower():
            own |= words_of(value)
    swedish = printed_in(view, state, "sv") if swedish is None else swedish
    shared = words_of(swedish) & words_of(printed_in(view, state, "en"))
    return sorted(word for word in shared - SAME_IN_BOTH - own if not any(c.isdigit() for c in word))


@functools.cache
def _any_code() -> re.Pattern[str]:
    """One pattern for every code (a search per code was most of the truth suite's time)."""
    codes = sorted(_codes(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, codes)) + r")(?![\w-])")


def codes_in(text: str) -> list[str]:
    """Every code of any list the text shows as a word ("code (List)"); file paths, which hold
    letter kinds by design, are left out."""
    words = without_paths(text)
    found = {match.group(1) for match in _any_code().finditer(words)}
    return sorted(f"{code} ({_codes()[code]})" for code in found)


def test_show_in_swedish_prints_no_code_of_any_list() -> None:
    view, state = _every_code_view()
    text = printed_in_swedish(view, state)
    assert codes_in(text) == [], "\n".join(codes_in(text)) + "\n\n" + text
    assert untranslated_words(view, state) == [], text
    assert "True" not in text and "False" not in text
