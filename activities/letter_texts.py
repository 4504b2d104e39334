"""The Swedish texts of the letters, one function per letter kind.

People read these, so they are in plain Swedish; code and logs stay in English.
"""

from dataclasses import dataclass
from datetime import date, datetime

from domain.citations import CITATIONS
from domain.correspondence import LetterKind
from domain.deadlines import STOCKHOLM
from domain.notices import NoticeKind
from domain.requests import LetterRequest

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


def swedish_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def swedish_moment(moment: datetime) -> str:
    local = moment.astimezone(STOCKHOLM)
    return f"{swedish_date(local.date())} klockan {local:%H.%M}"


def compose(request: LetterRequest) -> LetterText:
    composer = {
        LetterKind.INFORMATION_LETTER: _information_letter,
        LetterKind.KFM_CONFIRMATION: _kfm_confirmation,
        LetterKind.KFM_CONFIRMATION_TENANT_COPY: _kfm_confirmation_tenant_copy,
        LetterKind.PAYMENT_COMMITMENT: _payment_commitment,
        LetterKind.HOME_VISIT_NOTICE: _home_visit_notice,
        LetterKind.PLANNED_SUPPORT: _planned_support,
        LetterKind.FOLLOW_UP_OFFER: _follow_up_offer,
    }[request.kind]
    return composer(request)


def _tenant_lines(request: LetterRequest) -> list[str]:
    notice = request.notice
    street = notice.address.street
    if notice.address.apartment:
        street += f", lgh {notice.address.apartment}"
    return [notice.tenant.name, street, f"{notice.address.postal_code} {notice.address.city}"]


def _contact(request: LetterRequest) -> str:
    routing = request.routing
    phone = f", telefon {routing.officer_phone}" if routing.officer_phone else ""
    return f"Din kontakt hos oss: {routing.officer_name}, {routing.unit}{phone}."


def _information_letter(request: LetterRequest) -> LetterText:
    notice = request.notice
    landlord = notice.landlord.name if notice.landlord else "din hyresvärd"
    reason = {
        NoticeKind.RENT_ARREARS: (
            f"Socialtjänsten har fått ett meddelande från {landlord} om att ditt "
            "hyreskontrakt har sagts upp på grund av obetald hyra."
        ),
        NoticeKind.DISTURBANCE: (
            f"Socialtjänsten har fått ett meddelande från {landlord} om att du har fått "
            "en uppmaning att se till att störningarna i ditt boende upphör."
        ),
        NoticeKind.EARLY_WARNING: (
            "Socialtjänsten har fått information om att du kan ha svårigheter att behålla din bostad."
        ),
        NoticeKind.EVICTION: (
            "Kronofogden har meddelat socialtjänsten att en avhysning från din bostad är "
            "planerad" + (f" {swedish_moment(request.eviction_at)}." if request.eviction_at else ".")
        ),
    }[notice.kind]
    paragraphs = [
        f"Hej {notice.tenant.name},",
        reason,
        "Vi skriver till dig för att erbjuda stöd så att du kan behålla din bostad. "
        "Kontakta oss så snart du kan. Vi kan till exempel hjälpa dig att se över din "
        "ekonomi, ansöka om ekonomiskt bistånd, göra en avbetalningsplan eller få "
        "budget- och skuldrådgivning.",
    ]
    if request.recovery_period_end:
        paragraphs.append(
            "Om hela hyresskulden betalas senast "
            f"{swedish_date(request.recovery_period_end)} får du behålla lägenheten "
            "(återvinningsfristen, 12 kap. 44 § jordabalken). Vänta inte till sista dagen."
        )
    paragraphs += [
        "Det är frivilligt att ta emot stöd från socialtjänsten. Vi berättar ingenting om "
        "dig för hyresvärden eller för andra myndigheter utan ditt samtycke.",
        _contact(request),
    ]
    return LetterText("Information från socialtjänsten", _tenant_lines(request), paragraphs)


def _kfm_confirmation_body(request: LetterRequest) -> list[str]:
    notice = request.notice
    routing = request.routing
    scheduled = swedish_moment(request.eviction_at) if request.eviction_at else "okänd tidpunkt"
    citation = CITATIONS["kfm_confirmation"]
    return [
        f"Ert målnummer: {request.kfm_case_number}",
        f"Socialtjänsten bekräftar att underrättelsen om avhysning av {notice.tenant.name} "
        f"({notice.tenant.personnummer}), {notice.address.street}, "
        f"{notice.address.postal_code} {notice.address.city}, planerad {scheduled}, "
        f"har tagits emot {swedish_date(notice.received_on)}.",
        f"Ansvarig handläggare: {routing.officer_name}, {routing.unit}"
        + (f", telefon {routing.officer_phone}." if routing.officer_phone else "."),
        f"Bekräftelsen lämnas enligt {citation.section} socialtjänstförordningen (2001:937).",
    ]


def _kfm_confirmation(request: LetterRequest) -> LetterText:
    return LetterText(
        "Bekräftelse av underrättelse om avhysning",
        ["Kronofogdemyndigheten"],
        _kfm_confirmation_body(request),
    )


def _kfm_confirmation_tenant_copy(request: LetterRequest) -> LetterText:
    paragraphs = [
        f"Hej {request.notice.tenant.name},",
        "Här är en kopia av socialtjänstens bekräftelse till Kronofogden. Vi vill gärna "
        "träffa dig innan dagen för avhysningen för att se vad vi kan göra tillsammans, "
        "till exempel söka anstånd hos Kronofogden eller ordna ett annat boende.",
        *_kfm_confirmation_body(request),
        _contact(request),
    ]
    return LetterText("Kopia: bekräftelse till Kronofogden", _tenant_lines(request), paragraphs)


def _payment_commitment(request: LetterRequest) -> LetterText:
    notice = request.notice
    landlord = notice.landlord.name if notice.landlord else "Hyresvärden"
    amount = f"{request.amount_sek:,.0f}".replace(",", " ") if request.amount_sek else "-"
    served = notice.rent_arrears.served_on if notice.rent_arrears else None
    citation = CITATIONS["recovery_period"]
    paragraphs = [
        f"Socialnämnden åtar sig skriftligen att betala hyresskulden för {notice.tenant.name}, "
        f"{notice.address.street}"
        + (f", lgh {notice.address.apartment}" if notice.address.apartment else "")
        + f", {notice.address.postal_code} {notice.address.city}, med {amount} kronor.",
        f"Åtagandet lämnas enligt {citation.section} jordabalken och avser den skuld som låg "
        "till grund för uppsägningen"
        + (f" som delgavs hyresgästen {swedish_date(served)}." if served else "."),
    ]
    if request.recovery_period_end:
        paragraphs.append(f"Återvinningsfristen löper ut {swedish_date(request.recovery_period_end)}.")
    paragraphs.append(
        f"Frågor besvaras av {request.routing.officer_name}, {request.routing.unit}"
        + (f", telefon {request.routing.officer_phone}." if request.routing.officer_phone else ".")
    )
    return LetterText(
        "Betalningsåtagande",
        [
            landlord,
            *([notice.landlord.contact] if notice.landlord and notice.landlord.contact else []),
        ],
        paragraphs,
        registered_mail=True,
    )


def _landlord_lines(request: LetterRequest) -> list[str]:
    landlord = request.notice.landlord
    if landlord is None:
        return ["Hyresvärden"]
    return [landlord.name, *([landlord.contact] if landlord.contact else [])]


def _tenant_at_address(request: LetterRequest) -> str:
    notice = request.notice
    apartment = f", lgh {notice.address.apartment}" if notice.address.apartment else ""
    address = notice.address
    return f"{notice.tenant.name}, {address.street}{apartment}, {address.postal_code} {address.city}"


def _home_visit_notice(request: LetterRequest) -> LetterText:
    assert request.visit_at is not None
    together = (
        " Med mig kommer en kollega från enheten för barn och unga, eftersom det finns barn i familjen."
        if request.joint_with_children_unit
        else ""
    )
    paragraphs = [
        f"Hej {request.notice.tenant.name},",
        "Vi har skrivit till dig tidigare om risken att du förlorar din bostad, men vi har inte "
        "fått kontakt med dig. Därför vill vi besöka dig i ditt hem.",
        f"Vi kommer {swedish_moment(request.visit_at)}.{together} Besöket tar ungefär en timme. "
        "Vi kommer för att ge dig information och erbjuda stöd, inte för att kontrollera dig.",
        "Passar tiden inte, eller vill du hellre träffas på socialkontoret eller prata i telefon? "
        "Hör av dig så bokar vi en annan tid. Det är frivilligt att ta emot besöket.",
        _contact(request),
    ]
    return LetterText("Vi vill besöka dig", _tenant_lines(request), paragraphs)


SUPPORT_IN_SWEDISH = {
    "action_plan": "en handlingsplan",
    "financial_aid": "ekonomiskt bistånd",
    "rent_payment_security": "hjälp att säkra hyresbetalningen (autogiro eller direktbetalning)",
    "debt_counselling": "budget- och skuldrådgivning",
    "eviction_prevention_team": "stöd från vräkningsförebyggande team",
    "home_help": "hemtjänst",
}


def _planned_support(request: LetterRequest) -> LetterText:
    support = (
        ", ".join(SUPPORT_IN_SWEDISH.get(kind, kind) for kind in request.interventions) or "stödinsatser"
    )
    paragraphs = [
        f"Gäller: {_tenant_at_address(request)}.",
        "Med hyresgästens samtycke meddelar socialtjänsten att vi planerar stöd till hyresgästen "
        f"för att hyresförhållandet ska kunna fortsätta: {support}.",
        "Vi lämnar inga andra uppgifter om hyresgästens förhållanden. Hyresgästen kan när som helst "
        "återkalla sitt samtycke.",
        f"Frågor besvaras av {request.routing.officer_name}, {request.routing.unit}"
        + (f", telefon {request.routing.officer_phone}." if request.routing.officer_phone else "."),
    ]
    return LetterText("Planerat stöd till hyresgäst", _landlord_lines(request), paragraphs)


def _follow_up_offer(request: LetterRequest) -> LetterText:
    months = request.follow_up_months or 3
    paragraphs = [
        f"Hej {request.notice.tenant.name},",
        "Ärendet om risken att förlora din bostad är nu avslutat från vår sida. Vi vill gärna "
        f"höra hur det går för dig och erbjuder dig därför ett uppföljande samtal om cirka {months} "
        "månader, i telefon, hemma hos dig eller på socialkontoret.",
        "Uppföljningen är frivillig och sker bara om du vill. Säg till om du vill ha den, så "
        "bokar vi en tid.",
        _contact(request),
    ]
    return LetterText("Erbjudande om uppföljning", _tenant_lines(request), paragraphs)
