"""The letters' texts: one template file per letter kind (`activities/letters/`), rendered from
the facts the case gives the letter (`domain/letter_claims.py`) and the `[letters]`
configuration, nothing else.

People read these, so they are in plain Swedish, in files a lawyer can read and edit without
reading Python; code and logs stay in English.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from domain.calendar import add_working_days
from domain.correspondence import LetterKind, Recipient
from domain.deadlines import STOCKHOLM
from domain.letter_claims import LetterSettings, verified_citations
from domain.notices import PostalAddress
from domain.requests import LetterRequest
from domain.swedish import plural

TEMPLATES = Path(__file__).resolve().parent / "letters"

MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


@dataclass(frozen=True)
class LetterText:
    title: str
    recipient_lines: list[str]
    paragraphs: list[str]
    registered_mail: bool = False
    references: tuple[str, ...] = ()  # "Er referens: ...", shown under the case number


class Unprintable(Exception):
    """The letter holds characters no installed font can print (activities/fonts.py): written, it
    would show a blank where a name is. The message counts them, never names them (personal)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} character(s) that no installed font can print")


class NoPostalAddress(Exception):
    """A letter to the landlord with nowhere to send it: held, and the officer asked to find it."""


def swedish_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def swedish_moment(moment: datetime) -> str:
    local = moment.astimezone(STOCKHOLM)
    return f"{swedish_date(local.date())} klockan {local:%H.%M}"


def kronor(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", " ")


LANDLORD_LETTERS = (LetterKind.PAYMENT_COMMITMENT, LetterKind.PLANNED_SUPPORT)
KFM_LETTERS = (LetterKind.KFM_CONFIRMATION, LetterKind.POSTPONEMENT_REQUEST)


def compose(
    request: LetterRequest,
    landlord_address: PostalAddress | None = None,
    settings: LetterSettings | None = None,
) -> LetterText:
    """The letter's text; letters to the landlord need its postal address (`NoPostalAddress`)."""
    settings = settings or LetterSettings()
    if request.kind in LANDLORD_LETTERS:
        if landlord_address is None:
            raise NoPostalAddress
        landlord = request.notice.landlord.name if request.notice.landlord else "Hyresvärden"
        recipient = [landlord, *landlord_address.lines()]
    elif request.kind in KFM_LETTERS:
        recipient = list(settings.kronofogden_address)
    else:
        recipient = _tenant_lines(request)
    head, _, text = render(request, settings).partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in head.strip().splitlines())
    references = (
        (f"Er referens: {request.landlord_reference}",)
        if request.recipient is Recipient.LANDLORD and request.landlord_reference
        else ()
    )
    return LetterText(
        title=fields["rubrik"],
        recipient_lines=recipient,
        paragraphs=paragraphs(text),
        registered_mail=fields.get("rekommenderat") == "ja",
        references=references,
    )


def render(request: LetterRequest, settings: LetterSettings) -> str:
    """The template of the letter's kind, filled with the letter's facts."""
    return _environment().get_template(f"{request.kind.value}.txt").render(facts(request, settings))


def paragraphs(text: str) -> list[str]:
    """A blank line ends a paragraph; line breaks inside one are the template's, not the letter's."""
    blocks = (" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", text))
    return [re.sub(r" {2,}", " ", block).strip() for block in blocks if block.strip()]


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,  # a fact the letter was not given is an error, not a blank
        autoescape=False,  # plain text for a PDF, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        datum=swedish_date, tidpunkt=swedish_moment, kronor=kronor, lower_first=_lower_first
    )
    environment.globals["plural"] = plural
    return environment


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def facts(request: LetterRequest, settings: LetterSettings) -> dict[str, Any]:
    """Everything a template may render: the letter's claims and the municipality's settings."""
    notice = request.notice
    routing = request.routing
    arrears = notice.rent_arrears
    tracks = [track.value for track in (request.tracks or [notice.kind])]
    decided_on = request.commitment_decided_on
    return {
        "tenant": notice.tenant.name,
        "personnummer": notice.tenant.personnummer,
        "notice_address": f"{notice.address.street}, {notice.address.postal_code} {notice.address.city}",
        "tenant_at_home": _tenant_at_address(request),
        "new_address": request.tenant_address is not None,
        "landlord": notice.landlord.name if notice.landlord else None,
        "officer": {
            "name": routing.officer_name,
            "unit": routing.unit,
            "phone": routing.officer_phone,
        },
        "received_on": notice.received_on,
        "tracks": tracks,
        "several": len(tracks) > 1,
        "debt": arrears.debt_sek if arrears else None,
        "months": arrears.months if arrears else None,
        "served_on": arrears.served_on if arrears else None,
        "recovery_period_end": request.recovery_period_end,
        "eviction_at": request.eviction_at,
        "kfm_case_number": request.kfm_case_number,
        "amount": request.amount_sek,
        "visit_at": request.visit_at,
        "joint": request.joint_with_children_unit,
        "support": [SUPPORT_IN_SWEDISH.get(kind, kind) for kind in request.interventions],
        "follow_up_months": request.follow_up_months or 3,
        "threat_over": request.threat_over,
        "postponement_reason": request.postponement_reason,
        "cite": verified_citations(),
        "board": settings.board,
        "delegation": settings.delegation,
        "payment_method": settings.payment_method,
        "decided_on": decided_on,
        "payment_due": add_working_days(decided_on, settings.payment_working_days) if decided_on else None,
        "kfm_channel": settings.kronofogden_channel,
    }


def signature(request: LetterRequest) -> list[str]:
    """The responsible officer signs: name, title, unit, how to reach them."""
    routing = request.routing
    lines = [routing.officer_name, routing.officer_title, routing.unit]
    if routing.officer_phone:
        lines.append(f"Telefon {routing.officer_phone}")
    if routing.officer_email:
        lines.append(f"E-post {routing.officer_email}")
    return [line for line in lines if line]


def _tenant_lines(request: LetterRequest) -> list[str]:
    """The tenant's postal address: the new one once recorded, else the home the notice names."""
    notice = request.notice
    if request.tenant_address is not None:
        return [notice.tenant.name, *request.tenant_address.lines()]
    return [notice.tenant.name, _street(request), f"{notice.address.postal_code} {notice.address.city}"]


SUPPORT_IN_SWEDISH = {
    "action_plan": "en handlingsplan",
    "financial_aid": "ekonomiskt bistånd",
    "rent_payment_security": "hjälp att säkra hyresbetalningen (autogiro eller direktbetalning)",
    "debt_counselling": "budget- och skuldrådgivning",
    "eviction_prevention_team": "stöd från vräkningsförebyggande team",
    "home_help": "hemtjänst",
}


def _street(request: LetterRequest) -> str:
    """The home's street line, with the apartment number when the notice gives one."""
    address = request.notice.address
    return f"{address.street}, lgh {address.apartment}" if address.apartment else address.street


def _tenant_at_address(request: LetterRequest) -> str:
    notice = request.notice
    return f"{notice.tenant.name}, {_street(request)}, {notice.address.postal_code} {notice.address.city}"


def alert_document(
    *,
    unit: str,
    case_number: str,
    raised: datetime,
    why: str,
    officer: dict[str, str],
    household: dict[str, str] | None,
) -> str:
    """The Swedish document beside an alert's JSON: what the receiving unit reads."""
    return (
        _environment()
        .get_template("unit_alert.txt")
        .render(
            unit=unit, case_number=case_number, raised=raised, why=why, officer=officer, household=household
        )
    )
