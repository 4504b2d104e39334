"""What each letter asserts, from the case alone: the facts its template may render.

A letter is a pure function of the case at the moment of writing (`letter_request`): the dates
it asks the reader to meet, why the tenancy is saved, to whom and where it goes, what it offers.
Only facts true at that moment enter it: a date already past is not something to meet, a rule
nobody verified is not cited, an address the tenant has left is not one to write to. When no
true variant exists (the tenant's address is gone), `unwritable` says why and the letter is not
written; the officer gets a task instead. The templates (`activities/letters/`) render nothing
else, and the truth suite renders them and checks their claims against the case.
"""

from datetime import date, datetime

from pydantic import BaseModel, Field

from domain.case import CaseState
from domain.citations import CITATIONS
from domain.closing import threat_over_because
from domain.correspondence import RECIPIENT_OF, LetterKind, Recipient
from domain.deadlines import local_date
from domain.landlord import landlord_reference
from domain.language import Said
from domain.notices import Notice
from domain.records.contact import HomeVisit
from domain.requests import LetterRequest
from domain.tenant_address import tenant_unreachable_by_post


class LetterSettings(BaseModel):
    """The `[letters]` configuration: what letters say that is the municipality's, not the case's."""

    board: str = Field("Socialnämnden", min_length=1, max_length=200)
    delegation: str | None = Field(None, max_length=300)
    payment_method: str = Field("utbetalning till hyresvärdens bankgiro", min_length=1, max_length=300)
    payment_working_days: int = Field(5, ge=0, le=30)
    kronofogden_address: list[str] = Field(
        default_factory=lambda: ["Kronofogden", "Box 1050", "172 21 Sundbyberg"], min_length=2, max_length=6
    )
    kronofogden_channel: str | None = Field(None, max_length=300)


def verified_citations() -> dict[str, str]:
    """The citations a letter may make, by key: the section and act of each one checked against
    the statute in force, an empty text for one that is not (a template's `{% if cite.x %}`)."""
    return {
        key: f"{citation.section} {citation.act.split(' (')[0].lower()}" if citation.verified else ""
        for key, citation in CITATIONS.items()
    }


def unwritable(state: CaseState, kind: LetterKind) -> Said | None:
    """Why no true variant of the letter exists now, or None."""
    if RECIPIENT_OF[kind] is Recipient.TENANT and tenant_unreachable_by_post(state):
        return Said(
            en="the tenant has left the home and no new address is recorded",
            sv="hyresgästen har lämnat bostaden och ingen ny adress är registrerad",
        )
    return None


def _future(day: date | None, today: date) -> date | None:
    return day if day is not None and day >= today else None


def letter_request(
    state: CaseState,
    kind: LetterKind,
    notice: Notice,
    now: datetime,
    letter_id: str,
    visit: HomeVisit | None = None,
) -> LetterRequest:
    """The letter's claims, each true of the case now (the variant that is true)."""
    assert state.routing is not None
    today = local_date(now)
    recovery, eviction = state.period.recovery, state.period.eviction
    eviction_at = (
        notice.eviction.scheduled_at if notice.eviction else (eviction.scheduled_at if eviction else None)
    )
    if RECIPIENT_OF[kind] is Recipient.TENANT and eviction_at is not None and eviction_at < now:
        eviction_at = None  # never tell a tenant of an eviction "planned" for a time gone by
    pending = next((r for r in reversed(state.postponement_requests) if r.answer is None), None)
    return LetterRequest(
        case_id=state.case_id,
        letter_id=letter_id,
        kind=kind,
        recipient=RECIPIENT_OF[kind],
        written_on=today,
        routing=state.routing,
        notice=notice,
        recovery_period_end=_future(recovery.ends_on if recovery else None, today),
        eviction_at=eviction_at,
        kfm_case_number=_kfm_case_number(state, notice),
        amount_sek=recovery.commitment_amount_sek if recovery else None,
        visit_at=visit.at if visit else None,
        joint_with_children_unit=visit.with_children_unit if visit else False,
        interventions=[i.kind.value for i in state.interventions if i.landlord_told],
        follow_up_months=state.policy.follow_up_months,
        case_number=state.case_number,
        tracks=state.tracks,
        landlord_address=state.landlord_address,
        landlord_reference=landlord_reference(state),
        threat_over=threat_over_because(state),
        tenant_address=state.tenant_address,  # None: the notice's address, where the tenant lives
        commitment_decided_on=recovery.commitment_decided_on if recovery else None,
        postponement_reason=pending.reason.value if pending else None,
        postponement_requested_on=pending.requested_on if pending else None,
        has_children=state.has_children,
    )


def _kfm_case_number(state: CaseState, notice: Notice) -> str | None:
    """Kronofogden's case number: the notice's own, else the newest eviction notice's."""
    if notice.eviction:
        return notice.eviction.kfm_case_number
    return next((n.eviction.kfm_case_number for n in reversed(state.notices) if n.eviction), None)
