# ruff: noqa: E501  (a table of sentences, one per line, is read across)
"""A case's history lines in Swedish (issue 17): the case logs each event in English with its
codes (`CaseState.log`, kept as recorded: running cases hold months of them); what people read
is translated here, line by line, codes through the word catalogue. A line no pattern knows
comes back marked, and the truth suite fails on it (tests/test_truth.py), so a new event
without its Swedish is found by the histories that make it."""

import re
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from domain.correspondence import AlertUnit, LetterKind
from domain.local_time import STOCKHOLM
from domain.records.closing import ClosingReason, FollowUpSubject
from domain.records.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.records.contact import ContactMethod, ContactOutcome
from domain.records.eviction import EvictionOutcome, PostponementReason
from domain.records.preassessment import ExtensionReason, InvestigationSubject, PreassessmentResult
from domain.records.recovery_period import RecoveryOutcome
from domain.records.support import AgreementKind, InterventionKind
from domain.timers import TimerAction
from domain.words import WORDS

UNKNOWN_MARK = "(ej översatt) "


def _sv(kind: type[StrEnum], code: str) -> str:
    try:
        return WORDS[kind(code)].sv
    except (ValueError, KeyError):
        return code


def _codes(kind: type[StrEnum], codes: str) -> str:
    return ", ".join(_sv(kind, code.strip()) for code in codes.split(","))


def _moment(text: str) -> str:
    try:
        return datetime.fromisoformat(text).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")
    except ValueError:
        return text


def _yes_no(text: str) -> str:
    return {"True": "ja", "False": "nej", "None": "okänt"}.get(text, text)


Translate = Callable[[re.Match[str]], str]
_LINES: list[tuple[str, Translate]] = [
    (r"responsible officer is now (?P<o>.+) \(by (?P<by>.+)\)", lambda m: f"ansvarig handläggare är nu {m['o']} (av {m['by']})"),
    (r"case reopened by a new notice", lambda m: "ärendet öppnat igen av en ny underrättelse"),
    (r"notice (?P<id>.+) \((?P<kind>\w+)\) received", lambda m: f"underrättelse {m['id']} ({_notice_kind(m['kind'])}) mottagen"),
    (r"the tenant is known to another unit: the officer is asked to consult it",
     lambda m: "hyresgästen är känd av en annan enhet: handläggaren ombeds samråda med den"),
    (r"(?P<unit>\w+) not alerted: another administration, consent needed",
     lambda m: f"{_sv(AlertUnit, m['unit'])} underrättades inte: annan förvaltning, samtycke behövs"),
    (r"reminder not sent, late: (?P<a>\w+) \(a later one due now says it\)",
     lambda m: f"inte skickad i efterhand: {_sv(TimerAction, m['a'])} (en senare tidpunkt som också har passerat säger det som gäller nu)"),
    (r"recovery period runs until (?P<d>[\d-]+)", lambda m: f"återvinningsfristen löper till {m['d']}"),
    (r"recovery period outcome: (?P<o>\w+) on (?P<d>[\d-]+)",
     lambda m: f"återvinningsfristens utfall: {_sv(RecoveryOutcome, m['o'])} den {m['d']}"),
    (r"payment commitment decided, its letter held: it counts once sent in time",
     lambda m: "betalningsåtagande beslutat, brevet hålls kvar: det gäller när det har skickats i tid"),
    (r"payment commitment sent after the recovery period: it does not bar the eviction",
     lambda m: "betalningsåtagandet skickades efter återvinningsfristen: det hindrar inte avhysningen"),
    (r"payment commitment sent: no eviction for this debt",
     lambda m: "betalningsåtagandet skickat: ingen avhysning för den här skulden"),
    (r"payment commitment not sent: the recovery period has no outcome",
     lambda m: "betalningsåtagandet skickades inte: återvinningsfristen har inget utfall"),
    (r"recovery period ended without payment or commitment",
     lambda m: "återvinningsfristen gick ut utan betalning eller betalningsåtagande"),
    (r"(?P<k>\w+) letter held: no postal address for the landlord",
     lambda m: f"brevet {_sv(LetterKind, m['k'])} hålls kvar: hyresvärdens postadress saknas"),
    (r"landlord's postal address recorded by (?P<by>.+)", lambda m: f"hyresvärdens postadress registrerad av {m['by']}"),
    (r"contact (?P<id>\S+): (?P<m>\w+), (?P<o>\w+)",
     lambda m: f"kontakt {m['id']}: {_sv(ContactMethod, m['m'])}, {_sv(ContactOutcome, m['o'])}"),
    (r"no personal contact: home visit (?P<id>\S+) announced for (?P<at>\S+)",
     lambda m: f"ingen personlig kontakt: hembesök {m['id']} aviserat till {_moment(m['at'])}"),
    (r"no contact with a single adult before eviction: handed to adult intake",
     lambda m: "ingen kontakt med en ensamstående vuxen före avhysningen: överlämnat till vuxenenheten"),
    (r"(?P<k>\w+) letter not written: characters no installed font can print",
     lambda m: f"brevet {_sv(LetterKind, m['k'])} skrevs inte: tecken som inget installerat typsnitt kan skriva ut"),
    (r"(?P<k>\w+) letter not written: the tenant has left the home and no new address is recorded",
     lambda m: f"brevet {_sv(LetterKind, m['k'])} skrevs inte: hyresgästen har lämnat bostaden och ingen ny adress "
     "är registrerad"),
    (r"(?P<k>\w+) letter stopped: no consent to the landlord for (?P<p>\w+)",
     lambda m: f"brevet {_sv(LetterKind, m['k'])} stoppat: inget samtycke till hyresvärden för {_sv(ConsentPurpose, m['p'])}"),
    (r"support (?P<id>\S+) planned: (?P<k>\w+)", lambda m: f"stödinsats {m['id']} planerad: {_sv(InterventionKind, m['k'])}"),
    (r"agreement recorded: (?P<k>\w+) on (?P<d>[\d-]+)",
     lambda m: f"överenskommelse registrerad: {_sv(AgreementKind, m['k'])} den {m['d']}"),
    (r"landlord reports (?P<n>\d+) child\(ren\) not in the register",
     lambda m: f"hyresvärden uppger {m['n']} barn som inte finns i folkbokföringen"),
    (r"landlord suspects a sublet", lambda m: "hyresvärden misstänker andrahandsuthyrning"),
    (r"landlord reports repeated late payments", lambda m: "hyresvärden uppger upprepade sena betalningar"),
    (r"preassessment ended: investigation opened \((?P<s>\w+)\)",
     lambda m: f"förhandsbedömningen avslutad: utredning inledd ({_sv(InvestigationSubject, m['s'])})"),
    (r"preassessment ended without investigation: (?P<r>\w+)",
     lambda m: f"förhandsbedömningen avslutad utan utredning: {_result(m['r'])}"),
    (r"preassessment extension reason recorded: (?P<r>\w+)",
     lambda m: f"skäl för förlängd förhandsbedömning registrerat: {_sv(ExtensionReason, m['r'])}"),
    (r"preassessment runs past four weeks: (?P<r>\w+)",
     lambda m: f"förhandsbedömningen pågår längre än fyra veckor: {_sv(ExtensionReason, m['r'])}"),
    (r"the tenant left the home: letters wait for a new address",
     lambda m: "hyresgästen har lämnat bostaden: breven väntar på en ny adress"),
    (r"the tenant's new postal address recorded by (?P<by>.+)", lambda m: f"hyresgästens nya postadress registrerad av {m['by']}"),
    (r"follow-up offered to the tenant", lambda m: "uppföljning erbjuden hyresgästen"),
    (r"follow-up \((?P<s>\w+)\) arranged for (?P<d>[\d-]+)",
     lambda m: f"uppföljning ({_sv(FollowUpSubject, m['s'])}) ordnad till {m['d']}"),
    (r"case closed: (?P<r>\w+)", lambda m: f"ärendet avslutat: {_result(m['r'])}"),
    (r"eviction postponed to (?P<at>\S+)", lambda m: f"avhysningen uppskjuten till {_moment(m['at'])}"),
    (r"postponement requested from Kronofogden: (?P<r>\w+)",
     lambda m: f"anstånd begärt hos Kronofogden: {_sv(PostponementReason, m['r'])}"),
    (r"Kronofogden refused the postponement", lambda m: "Kronofogden avslog begäran om anstånd"),
    (r"eviction outcome: (?P<o>\w+), attended: (?P<a>\w+)",
     lambda m: f"avhysningens utfall: {_sv(EvictionOutcome, m['o'])}, närvarande: {_yes_no(m['a'])}"),
    (r"consent (?P<id>\S+) recorded: (?P<to>\w+) \((?P<p>[\w, ]+)\), (?P<f>\w+)",
     lambda m: f"samtycke {m['id']} registrerat: {_sv(ConsentRecipient, m['to'])} ({_codes(ConsentPurpose, m['p'])}), "
     f"{_sv(ConsentForm, m['f'])}"),
    (r"consent (?P<id>\S+) withdrawn (?P<w>wholly|in part): (?P<p>[\w, ]+)",
     lambda m: f"samtycke {m['id']} återkallat {'helt' if m['w'] == 'wholly' else 'delvis'}: {_codes(ConsentPurpose, m['p'])}"),
    (r"case registered; preassessment started", lambda m: "ärendet registrerat; förhandsbedömningen påbörjad"),
    (r"tenant not registered at the address: check for a sublet",
     lambda m: "hyresgästen är inte folkbokförd på adressen: kontrollera om lägenheten hyrs ut i andra hand"),
    (r"(?P<what>.+) failed: (?P<why>.+)", lambda m: f"{m['what']} misslyckades: {m['why']}"),
]  # fmt: skip
_COMPILED = [(re.compile(pattern + r"\Z"), translate) for pattern, translate in _LINES]


def _notice_kind(code: str) -> str:
    from domain.notice_kind import NoticeKind

    return _sv(NoticeKind, code)


def _result(code: str) -> str:
    """A preassessment's result or a closing reason (the same codes end both)."""
    for kind in (PreassessmentResult, ClosingReason):
        try:
            return WORDS[kind(code)].sv
        except (ValueError, KeyError):
            continue
    return code


def event_in_swedish(line: str) -> str:
    """The Swedish of one history line; one no pattern knows is marked (never passed as Swedish)."""
    for pattern, translate in _COMPILED:
        found = pattern.match(line)
        if found:
            return translate(found)
    return UNKNOWN_MARK + line
