"""The Swedish texts of the letters, one function per letter kind.

People read these, so they are in plain Swedish; code and logs stay in English. A letter says
only what is true of the case when it is written, and only what fits the case's tracks.
"""

from dataclasses import dataclass
from datetime import date, datetime

from domain.citations import CITATIONS
from domain.correspondence import LetterKind
from domain.deadlines import STOCKHOLM
from domain.notices import NoticeKind, PostalAddress
from domain.requests import LetterRequest
from domain.words import plural

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


def compose(request: LetterRequest, landlord_address: PostalAddress | None = None) -> LetterText:
    """The letter's text; letters to the landlord need its postal address (`NoPostalAddress`)."""
    if request.kind in (LetterKind.PAYMENT_COMMITMENT, LetterKind.PLANNED_SUPPORT):
        if landlord_address is None:
            raise NoPostalAddress
        return _to_landlord(request, landlord_address)
    composer = {
        LetterKind.INFORMATION_LETTER: _information_letter,
        LetterKind.KFM_CONFIRMATION: _kfm_confirmation,
        LetterKind.KFM_CONFIRMATION_TENANT_COPY: _kfm_confirmation_tenant_copy,
        LetterKind.HOME_VISIT_NOTICE: _home_visit_notice,
        LetterKind.FOLLOW_UP_OFFER: _follow_up_offer,
    }[request.kind]
    return composer(request)


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
    notice = request.notice
    street = notice.address.street
    if notice.address.apartment:
        street += f", lgh {notice.address.apartment}"
    return [notice.tenant.name, street, f"{notice.address.postal_code} {notice.address.city}"]


def _contact(request: LetterRequest) -> str:
    routing = request.routing
    phone = f", telefon {routing.officer_phone}" if routing.officer_phone else ""
    return f"Din kontakt hos oss: {routing.officer_name}, {routing.unit}{phone}."


def _landlord_name(request: LetterRequest) -> str:
    return request.notice.landlord.name if request.notice.landlord else "din hyresvärd"


# ---- the information letter: what applies to each track --------------------------------------


def _rent_arrears(request: LetterRequest) -> list[str]:
    arrears = request.notice.rent_arrears
    text = (
        f"{_landlord_name(request)} har meddelat socialtjänsten att ditt hyreskontrakt har sagts upp "
        "på grund av obetald hyra."
    )
    if arrears and arrears.debt_sek:
        months = f", för {plural(arrears.months, one='månad', many='månader')}" if arrears.months else ""
        text += f" Enligt hyresvärden är skulden {kronor(arrears.debt_sek)} kronor{months}."
    paragraphs = [
        text,
        "Vi kan hjälpa dig att se över din ekonomi, ansöka om ekonomiskt bistånd, göra en "
        "avbetalningsplan med hyresvärden eller få budget- och skuldrådgivning.",
    ]
    if request.recovery_period_end:
        paragraphs.append(
            "Om hela hyresskulden betalas senast "
            f"{swedish_date(request.recovery_period_end)} får du behålla lägenheten "
            "(återvinningsfristen, 12 kap. 44 § jordabalken). Vänta inte till sista dagen."
        )
    return paragraphs


def _disturbance(request: LetterRequest) -> list[str]:
    return [
        f"{_landlord_name(request)} har meddelat socialtjänsten att du har fått en uppmaning att se "
        "till att störningarna i ditt boende upphör. Om störningarna fortsätter kan hyresvärden säga "
        "upp ditt hyreskontrakt.",
        "Vi kan prata med dig om vad som ligger bakom störningarna och vilket stöd du kan behöva för "
        "att kunna bo kvar, till exempel hjälp i hemmet eller kontakt med andra verksamheter.",
    ]


def _early_warning(request: LetterRequest) -> list[str]:
    return [
        "Socialtjänsten har fått information om att du kan ha svårigheter att behålla din bostad.",
        "Vi kan prata med dig om din situation och vilket stöd du kan behöva för att bo kvar.",
    ]


def _eviction(request: LetterRequest) -> list[str]:
    when = f" {swedish_moment(request.eviction_at)}" if request.eviction_at else ""
    return [
        f"Kronofogden har meddelat socialtjänsten att en avhysning från din bostad är planerad{when}.",
        "Vi kan hjälpa dig att söka anstånd hos Kronofogden och att hitta ett annat boende.",
        # The handbook: the municipality has no legal ground to take care of a tenant's
        # belongings; what is left behind is Kronofogden's to handle (utsökningsbalken 16 kap.).
        "Flyttar du före avhysningen: lämna tillbaka nycklarna till hyresvärden före den dagen. "
        "Det som lämnas kvar i bostaden tar Kronofogden hand om; socialtjänsten kan inte ta hand om "
        "dina tillhörigheter, men vi hjälper dig gärna att planera flytten.",
        "Bor det barn i hushållet planerar vi tillsammans med dig, och med enheten för barn och unga, "
        "var barnen ska bo och vilket stöd de behöver.",
    ]


TRACK_TEXTS = {
    NoticeKind.RENT_ARREARS: _rent_arrears,
    NoticeKind.DISTURBANCE: _disturbance,
    NoticeKind.EARLY_WARNING: _early_warning,
    NoticeKind.EVICTION: _eviction,
}
TRACK_HEADINGS = {
    NoticeKind.RENT_ARREARS: "Uppsägning för obetald hyra",
    NoticeKind.DISTURBANCE: "Störningar i boendet",
    NoticeKind.EARLY_WARNING: "Risk att förlora bostaden",
    NoticeKind.EVICTION: "Avhysning",
}


def _information_letter(request: LetterRequest) -> LetterText:
    tracks = request.tracks or [request.notice.kind]
    paragraphs = [
        f"Hej {request.notice.tenant.name},",
        "Vi skriver till dig för att erbjuda stöd så att du kan behålla din bostad. Kontakta oss så "
        "snart du kan.",
    ]
    if len(tracks) == 1:
        paragraphs += TRACK_TEXTS[tracks[0]](request)
    else:
        for track in tracks:
            body = TRACK_TEXTS[track](request)
            paragraphs += [f"{TRACK_HEADINGS[track]}: {body[0]}", *body[1:]]
    paragraphs += [
        "Det är frivilligt att ta emot stöd från socialtjänsten. Vi berättar ingenting om "
        "dig för hyresvärden eller för andra myndigheter utan ditt samtycke.",
        _contact(request),
    ]
    return LetterText("Information från socialtjänsten", _tenant_lines(request), paragraphs)


# ---- Kronofogden -----------------------------------------------------------------------------


def _kfm_confirmation_body(request: LetterRequest, *, to_kfm: bool) -> list[str]:
    """What the confirmation states; the copy tells the tenant the same, in words for the
    tenant (Kronofogden's case number is "Kronofogdens målnummer" to the tenant, and the
    officer is named once, in the contact line)."""
    notice = request.notice
    routing = request.routing
    scheduled = swedish_moment(request.eviction_at) if request.eviction_at else "okänd tidpunkt"
    citation = CITATIONS["kfm_confirmation"]
    body = [
        f"{'Ert målnummer' if to_kfm else 'Kronofogdens målnummer'}: {request.kfm_case_number}",
        f"Socialtjänsten bekräftar att underrättelsen om avhysning av {notice.tenant.name} "
        f"({notice.tenant.personnummer}), {notice.address.street}, "
        f"{notice.address.postal_code} {notice.address.city}, planerad {scheduled}, "
        f"har tagits emot {swedish_date(notice.received_on)}.",
    ]
    if to_kfm:
        body.append(
            f"Ansvarig handläggare: {routing.officer_name}, {routing.unit}"
            + (f", telefon {routing.officer_phone}." if routing.officer_phone else ".")
        )
    if citation.verified:  # an unchecked rule is not cited to anyone
        body.append(f"Bekräftelsen lämnas enligt {citation.section} {citation.act.lower()}.")
    return body


def _kfm_confirmation(request: LetterRequest) -> LetterText:
    return LetterText(
        "Bekräftelse av underrättelse om avhysning",
        ["Kronofogdemyndigheten"],
        _kfm_confirmation_body(request, to_kfm=True),
    )


def _kfm_confirmation_tenant_copy(request: LetterRequest) -> LetterText:
    paragraphs = [
        f"Hej {request.notice.tenant.name},",
        "Här är en kopia av socialtjänstens bekräftelse till Kronofogden. Vi vill gärna "
        "träffa dig innan dagen för avhysningen för att se vad vi kan göra tillsammans, "
        "till exempel söka anstånd hos Kronofogden eller ordna ett annat boende.",
        *_kfm_confirmation_body(request, to_kfm=False),
        _contact(request),
    ]
    return LetterText("Kopia: bekräftelse till Kronofogden", _tenant_lines(request), paragraphs)


# ---- the landlord: to its postal address, with its own reference ----------------------------

SUPPORT_IN_SWEDISH = {
    "action_plan": "en handlingsplan",
    "financial_aid": "ekonomiskt bistånd",
    "rent_payment_security": "hjälp att säkra hyresbetalningen (autogiro eller direktbetalning)",
    "debt_counselling": "budget- och skuldrådgivning",
    "eviction_prevention_team": "stöd från vräkningsförebyggande team",
    "home_help": "hemtjänst",
}


def _tenant_at_address(request: LetterRequest) -> str:
    notice = request.notice
    apartment = f", lgh {notice.address.apartment}" if notice.address.apartment else ""
    address = notice.address
    return f"{notice.tenant.name}, {address.street}{apartment}, {address.postal_code} {address.city}"


def _to_landlord(request: LetterRequest, address: PostalAddress) -> LetterText:
    landlord = request.notice.landlord.name if request.notice.landlord else "Hyresvärden"
    references = (f"Er referens: {request.landlord_reference}",) if request.landlord_reference else ()
    recipient = [landlord, *address.lines()]
    questions = f"Frågor besvaras av {request.routing.officer_name}, {request.routing.unit}" + (
        f", telefon {request.routing.officer_phone}." if request.routing.officer_phone else "."
    )
    if request.kind is LetterKind.PAYMENT_COMMITMENT:
        amount = kronor(request.amount_sek) if request.amount_sek else "-"
        served = request.notice.rent_arrears.served_on if request.notice.rent_arrears else None
        citation = CITATIONS["recovery_period"]
        paragraphs = [
            f"Socialnämnden åtar sig skriftligen att betala hyresskulden för {_tenant_at_address(request)}, "
            f"med {amount} kronor.",
            f"Åtagandet lämnas enligt {citation.section} jordabalken och avser den skuld som låg "
            "till grund för uppsägningen"
            + (f" som delgavs hyresgästen {swedish_date(served)}." if served else "."),
        ]
        if request.recovery_period_end:
            paragraphs.append(f"Återvinningsfristen löper ut {swedish_date(request.recovery_period_end)}.")
        paragraphs.append(questions)
        return LetterText(
            "Betalningsåtagande", recipient, paragraphs, registered_mail=True, references=references
        )
    support = (
        ", ".join(SUPPORT_IN_SWEDISH.get(kind, kind) for kind in request.interventions) or "stödinsatser"
    )
    paragraphs = [
        f"Gäller: {_tenant_at_address(request)}.",
        "Med hyresgästens samtycke meddelar socialtjänsten att vi planerar stöd till hyresgästen "
        f"för att hyresförhållandet ska kunna fortsätta: {support}.",
        "Vi lämnar inga andra uppgifter om hyresgästens förhållanden. Hyresgästen kan när som helst "
        "återkalla sitt samtycke.",
        questions,
    ]
    return LetterText("Planerat stöd till hyresgäst", recipient, paragraphs, references=references)


# ---- the tenant: home visit and follow-up ---------------------------------------------------


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


WHAT_IS_OVER = {
    "debt_settled": "Hyresskulden är betald, och du får bo kvar i din bostad.",
    "payment_commitment": (
        "Socialnämnden har lämnat ett betalningsåtagande till hyresvärden, så du kan inte vräkas för "
        "den skulden."
    ),
    "termination_withdrawn": "Hyresvärden har tagit tillbaka uppsägningen av ditt hyreskontrakt.",
    "cancelled": "Avhysningen från din bostad är inställd.",
    "keys_returned": "Du har lämnat tillbaka nycklarna, och avhysningen blir inte av.",
    "executed": "Avhysningen från din bostad har genomförts.",
    "agreement": "Du och hyresvärden har kommit överens om hur hyresförhållandet ska fortsätta.",
}


def _follow_up_offer(request: LetterRequest) -> LetterText:
    months = request.follow_up_months or 3
    over = WHAT_IS_OVER.get(request.threat_over or "", "Det akuta hotet mot ditt boende är över.")
    paragraphs = [
        f"Hej {request.notice.tenant.name},",
        over,
        f"Vi vill gärna höra hur det går för dig och erbjuder dig därför ett uppföljande samtal om "
        f"cirka {months} månader, i telefon, hemma hos dig eller på socialkontoret.",
        "Uppföljningen är frivillig och sker bara om du vill. Säg till om du vill ha den, så "
        "bokar vi en tid.",
        _contact(request),
    ]
    return LetterText("Erbjudande om uppföljning", _tenant_lines(request), paragraphs)
