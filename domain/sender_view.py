"""What a sender may learn of its own notice (shared/spec/intake-api.md): whether the case has
it, the case number, and for Kronofogden's notice whether the same-day confirmation has gone.
Nothing else of the case: the tenant's data stays with social services."""

from datetime import datetime

from pydantic import BaseModel

from domain.case import CaseState
from domain.correspondence import LetterKind


class NoticeStatus(BaseModel):
    taken_in: bool
    case_number: str | None = None
    received_at: datetime | None = None
    confirmation_sent_at: datetime | None = None  # eviction notices: the letter to Kronofogden


def notice_status(state: CaseState, notice_id: str) -> NoticeStatus:
    notice = next((n for n in state.notices if n.notice_id == notice_id), None)
    if notice is None:
        return NoticeStatus(taken_in=False, case_number=state.case_number)
    sent = [
        letter.written_at
        for letter in state.letters
        if letter.kind is LetterKind.KFM_CONFIRMATION
        and letter.held is None
        and letter.written_at >= notice.received_at
    ]
    return NoticeStatus(
        taken_in=True,
        case_number=state.case_number,
        received_at=notice.received_at,
        confirmation_sent_at=min(sent) if sent else None,
    )
