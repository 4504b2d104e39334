"""Consent (PROCESS.md §3.3, §3.5, §3.8): who may be told what, for which purpose, since when.

A consent covers one recipient and named purposes; a withdrawal, whole or in part, stops what
it covered from then on. Letters to the landlord check consent again when they go.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.actions import ConsentGiven, ConsentWithdrawal
from domain.case import CaseState
from domain.correspondence import AlertUnit
from domain.deadlines import local_date
from domain.language import Said, refuse
from domain.records.consent import (
    PURPOSES_FOR as PURPOSES_FOR,
    Consent as Consent,
    ConsentForm as ConsentForm,
    ConsentPurpose as ConsentPurpose,
    ConsentRecipient as ConsentRecipient,
    ConsentWithdrawalRecord as ConsentWithdrawalRecord,
)
from domain.words import sv


def consent_hint(
    recipient: ConsentRecipient, purpose: ConsentPurpose, administration: str | None = None
) -> Said:
    """The officer's next step when consent is missing."""
    whom = f"{recipient.value} '{administration}'" if administration else recipient.value
    whom_sv = f"{sv(recipient)} '{administration}'" if administration else sv(recipient)
    return Said(
        en=f"record the tenant's consent to {whom} for '{purpose.value}' first",
        sv=f"registrera först hyresgästens samtycke till {whom_sv} för {sv(purpose)}",
    )


def refuse_without_consent(
    why_en: str, why_sv: str, recipient: ConsentRecipient, purpose: ConsentPurpose, admin: str | None = None
) -> Exception:
    hint = consent_hint(recipient, purpose, admin)
    return refuse(en=f"{why_en}: {hint.en}", sv=f"{why_sv}: {hint.sv}")


OLDEST_REPORTED = timedelta(days=2 * 365)


def recent_day(day: date, today: date, en: str, sv: str) -> None:
    """A day an officer reports (given, withdrawn, agreed, paid) has already happened, and not
    years ago: a date like 1900 is a typing error, never the case's."""
    if day > today:
        raise refuse(
            en=f"{en} cannot be a day still to come ({day.isoformat()})",
            sv=f"{sv} kan inte vara en dag som ännu inte har kommit ({day.isoformat()})",
        )
    if day < today - OLDEST_REPORTED:
        raise refuse(
            en=f"{en} cannot be more than two years ago ({day.isoformat()})",
            sv=f"{sv} kan inte ligga mer än två år tillbaka ({day.isoformat()})",
        )


def check_consent(state: CaseState, given: ConsentGiven, today: date) -> None:
    state.require_open()
    recent_day(given.given_on or today, today, "the day consent was given", "Dagen för samtycket")
    if given.recipient is ConsentRecipient.ADMINISTRATION and not (given.administration or "").strip():
        raise refuse(
            en="a consent to another administration must name the administration",
            sv="ett samtycke till en annan förvaltning måste ange vilken förvaltning",
        )
    policy = state.policy
    typed = (given.administration or "").strip()
    if typed and policy.own_units and policy.administration_of(typed) is None:
        known = ", ".join(policy.other_administrations)
        raise refuse(
            en=f"{typed} is not another administration by this municipality's configuration; "
            f"the others are: {known}",
            sv=f"{typed} är inte en annan förvaltning enligt kommunens konfiguration; de andra är: {known}",
        )
    if given.recipient is not ConsentRecipient.ADMINISTRATION and given.administration:
        raise refuse(
            en="only a consent to another administration names an administration",
            sv="bara ett samtycke till en annan förvaltning anger en förvaltning",
        )
    allowed = PURPOSES_FOR[given.recipient]
    wrong = [p for p in given.purposes if p not in allowed]
    if wrong:
        raise refuse(
            en=f"a consent to the {given.recipient.value} cannot be for {', '.join(p.value for p in wrong)}; "
            f"it can be for {', '.join(sorted(p.value for p in allowed))}",
            sv=f"ett samtycke till {sv(given.recipient)} kan inte gälla "
            f"{', '.join(sv(p) for p in wrong)}; det kan gälla "
            f"{', '.join(sorted(sv(p) for p in allowed))}",
        )


def apply_consent(state: CaseState, given: ConsentGiven, now: datetime) -> str:
    consent = Consent(
        consent_id=state.next_id("K"),
        recipient=given.recipient,
        # The board the configuration knows it as ("Hemtjänsten" is a unit of elderly care).
        administration=(
            state.policy.administration_of(given.administration.strip()) or given.administration.strip()
            if given.administration
            else None
        ),
        purposes=list(dict.fromkeys(given.purposes)),
        given_on=given.given_on or local_date(now),
        form=given.form,
        recorded_by=given.recorded_by,
        recorded_at=now,
    )
    state.consents.append(consent)
    purposes = ", ".join(p.value for p in consent.purposes)
    state.log(
        now,
        f"consent {consent.consent_id} recorded: {given.recipient.value} ({purposes}), {given.form.value}",
    )
    return consent.consent_id


def consent_recorded(consent_id: str) -> Said:
    return Said(en=f"consent {consent_id} recorded", sv=f"samtycke {consent_id} registrerat")


def _consent(state: CaseState, consent_id: str) -> Consent:
    for consent in state.consents:
        if consent.consent_id == consent_id:
            return consent
    raise refuse(en=f"this case has no consent {consent_id}", sv=f"ärendet har inget samtycke {consent_id}")


def check_withdrawal(state: CaseState, withdrawal: ConsentWithdrawal, today: date) -> None:
    consent = _consent(state, withdrawal.consent_id)
    day = withdrawal.withdrawn_on or today
    recent_day(day, today, "the day consent was withdrawn", "Dagen för återkallelsen")
    active = consent.active_purposes()
    if not active:
        raise refuse(
            en=f"consent {consent.consent_id} is already withdrawn",
            sv=f"samtycke {consent.consent_id} är redan återkallat",
        )
    not_covered = [p for p in withdrawal.purposes or [] if p not in active]
    if not_covered:
        raise refuse(
            en=f"consent {consent.consent_id} does not cover "
            f"{', '.join(p.value for p in not_covered)} (any more)",
            sv=f"samtycke {consent.consent_id} omfattar inte (längre) "
            f"{', '.join(sv(p) for p in not_covered)}",
        )


def apply_withdrawal(state: CaseState, withdrawal: ConsentWithdrawal, now: datetime) -> Said:
    consent = _consent(state, withdrawal.consent_id)
    purposes = withdrawal.purposes or consent.active_purposes()
    consent.withdrawals.append(
        ConsentWithdrawalRecord(
            purposes=purposes, withdrawn_on=withdrawal.withdrawn_on or local_date(now), recorded_at=now
        )
    )
    whole = "wholly" if not consent.active_purposes() else "in part"
    state.log(now, f"consent {consent.consent_id} withdrawn {whole}: {', '.join(p.value for p in purposes)}")
    return Said(
        en=f"consent {withdrawal.consent_id} withdrawn; it stops what it covered from now on",
        sv=f"samtycke {withdrawal.consent_id} återkallat; det som det omfattade upphör från och med nu",
    )


def alert_needs_consent(state: CaseState, unit: AlertUnit) -> bool:
    """An alert to a unit under another board, without the tenant's consent to contact it.
    The report of concern to the children's unit is a duty and never waits."""
    if unit in (AlertUnit.CHILDREN_UNIT, AlertUnit.SUPERVISOR):
        return False
    return state.policy.is_other_administration(unit.value) and not state.consented(
        ConsentRecipient.ADMINISTRATION, ConsentPurpose.CONTACT, unit.value
    )


def landlord_letter_blocked(state: CaseState, purpose: ConsentPurpose) -> bool:
    """Checked again when the letter goes: a withdrawal stops it from then on."""
    return not state.consented(ConsentRecipient.LANDLORD, purpose)


def consent_needed_for(state: CaseState) -> list[Said]:
    """Whom the officer may contact only with the tenant's consent (PROCESS.md §3, steps 3 and 5)."""
    needed = []
    if state.notices and not state.landlord_contact_allowed():
        needed.append(Said(en="landlord", sv="hyresvärden"))  # the landlord did not send the notice
    if state.register_check and state.register_check.known_in_other_administration:
        unit = state.register_check.known_in_unit
        needed.append(
            Said(
                en=f"other administration: {unit or 'unknown unit'}",
                sv=f"annan förvaltning: {unit or 'okänd enhet'}",
            )
        )
    return needed
