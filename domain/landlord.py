"""Letters to the landlord (PROCESS.md §3.8): to its postal address, with its own reference.

A letter with nowhere to go is held, and the case officer is asked to find the address; when
the officer records it, the held letters go.
"""

from __future__ import annotations

from datetime import datetime

from domain.actions import LandlordAddressReport
from domain.case import CaseState
from domain.consent import ConsentPurpose, landlord_letter_blocked
from domain.correspondence import LetterKind, ReminderTopic
from domain.effects import Effect, Remind, ResendHeldLetters, SendLandlordLetter, SendPaymentCommitment
from domain.language import Said, refuse
from domain.notices import PostalAddress, SenderKind


def landlord_reference(state: CaseState) -> str | None:
    """The landlord's own reference for the tenancy (the newest landlord notice's), so that the
    landlord can match a letter to it."""
    for notice in reversed(state.notices):
        if notice.sender.kind is SenderKind.LANDLORD and notice.sender.reference:
            return notice.sender.reference
    return None


def letter_held(state: CaseState, kind: LetterKind, now: datetime) -> list[Effect]:
    """No postal address anywhere: the letter waits, and the officer is asked to find one."""
    if kind not in state.period.letters_waiting:
        state.period.letters_waiting.append(kind)
    state.log(now, f"{kind.value} letter held: no postal address for the landlord")
    return [Remind(topic=ReminderTopic.LANDLORD_ADDRESS_MISSING)]


def check_landlord_address(state: CaseState, report: LandlordAddressReport) -> None:
    state.require_open()
    if not any(notice.landlord for notice in state.notices):
        raise refuse(en="this case names no landlord", sv="ärendet anger ingen hyresvärd")


def apply_landlord_address(state: CaseState, report: LandlordAddressReport, now: datetime) -> Said:
    state.landlord_address = PostalAddress(
        street=report.street, postal_code=report.postal_code, city=report.city
    )
    state.log(now, f"landlord's postal address recorded by {report.recorded_by}")
    waiting = bool(state.period.letters_waiting)
    return Said(
        en="the landlord's postal address is recorded" + ("; the held letters go now" if waiting else ""),
        sv="hyresvärdens postadress är registrerad" + ("; de väntande breven skickas nu" if waiting else ""),
    )


def letters_to_resend(state: CaseState) -> list[LetterKind]:
    """The held letters, taken off the waiting list to go again."""
    waiting, state.period.letters_waiting = state.period.letters_waiting, []
    return waiting


def held_letters_go(state: CaseState) -> list[Effect]:
    """The landlord's postal address is recorded: the letters that waited for it go."""
    return [ResendHeldLetters()] if state.period.letters_waiting else []


def held_letters_to_send(state: CaseState) -> list[Effect]:
    """The letters waiting when they are sent, off the waiting list, each as it first went."""
    return [
        SendPaymentCommitment()
        if kind is LetterKind.PAYMENT_COMMITMENT
        else SendLandlordLetter(kind=kind, purpose=ConsentPurpose.PLANNED_SUPPORT)
        for kind in letters_to_resend(state)
    ]


def landlord_letter_stopped(
    state: CaseState, kind: LetterKind, purpose: ConsentPurpose, now: datetime
) -> list[Effect] | None:
    """None while consent covers the letter's purpose; otherwise it does not go, and the officer
    is told (checked when it goes: a withdrawal stops it from then on)."""
    if not landlord_letter_blocked(state, purpose):
        return None
    state.log(now, f"{kind.value} letter stopped: no consent to the landlord for {purpose.value}")
    return [Remind(topic=ReminderTopic.LETTER_STOPPED_NO_CONSENT)]
