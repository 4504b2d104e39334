"""The Swedish texts of the case officer's reminders, one per topic, beside the letters' texts.

The case says why it reminds (a topic) and which dates matter; the words are written here.
"""

from collections.abc import Callable

from domain.correspondence import ReminderFacts, ReminderTopic
from domain.deadlines import STOCKHOLM


def _recovery_period_ends_soon(facts: ReminderFacts) -> str:
    assert facts.recovery_period_end is not None
    return (
        f"Återvinningsfristen löper ut {facts.recovery_period_end.isoformat()}. Är skulden betald, "
        "eller ska nämnden lämna ett betalningsåtagande?"
    )


def _recovery_period_ended(facts: ReminderFacts) -> str:
    assert facts.recovery_period_end is not None and facts.earliest_eviction_decision is not None
    return (
        f"Återvinningsfristen löpte ut {facts.recovery_period_end.isoformat()} utan att skulden "
        "betalades eller ett betalningsåtagande lämnades. Kronofogden kan besluta om "
        f"avhysning från {facts.earliest_eviction_decision.isoformat()}."
    )


def _preassessment_guideline(facts: ReminderFacts) -> str:
    return (
        "Förhandsbedömningen har nått riktmärket 14 dagar. Besluta om utredning ska inledas, "
        f"senast {facts.preassessment_limit}."
    )


def _eviction_soon(facts: ReminderFacts) -> str:
    assert facts.eviction_at is not None
    return (
        f"Avhysning är planerad {facts.eviction_at.astimezone(STOCKHOLM):%Y-%m-%d %H.%M}. "
        "Planera närvaro (med enheten för barn och unga om barn berörs)."
    )


FIXED = {
    ReminderTopic.EVICTION_OUTCOME_NEEDED: (
        "Dagen för avhysningen är här. Registrera utfallet och om socialtjänsten var på plats."
    ),
    ReminderTopic.HOME_VISIT_OUTCOME_NEEDED: (
        "Hembesöket har ägt rum enligt bokningen. Registrera om hyresgästen träffades."
    ),
    ReminderTopic.FOLLOW_UP_DUE: (
        "Dags för den uppföljning som hyresgästen tackade ja till. Registrera kontakten som "
        "uppföljning, eller avsluta ärendet."
    ),
    ReminderTopic.PHONE_TENANT: (
        "Ring hyresgästen i dag för att erbjuda stöd (telefonnumret finns i underrättelsen). "
        "Ett informationsbrev räknas inte som personlig kontakt."
    ),
    ReminderTopic.LANDLORD_ADDRESS_MISSING: (
        "Brevet till hyresvärden har inte skickats: hyresvärdens postadress saknas i underrättelsen och "
        "i kommunens register. Ta reda på adressen och registrera den med `cases landlord-address`; "
        "brevet går då som rekommenderat brev."
    ),
    ReminderTopic.LETTER_UNPRINTABLE: (
        "Ett brev har inte skrivits: hyresgästens namn eller adress innehåller tecken som inget "
        "teckensnitt på servern kan skriva ut, och ett brev med tomrum där namnet ska stå skickas "
        "inte. Skriv brevet för hand (se ärendets att göra-lista) och registrera kontakten."
    ),
    ReminderTopic.TENANT_ADDRESS_UNKNOWN: (
        "Hyresgästen har lämnat bostaden (avhysningen är genomförd eller nycklarna är återlämnade) "
        "och ingen ny adress är registrerad. Inga brev skickas till den gamla adressen. Ta reda på "
        "den nya adressen och registrera den med `cases tenant-address`; erbjudandet om uppföljning "
        "går då dit."
    ),
    ReminderTopic.LETTER_STOPPED_NO_CONSENT: (
        "Brevet till hyresvärden skickades inte: hyresgästens samtycke saknas eller har återkallats."
    ),
}


def _coordinate_with_unit(facts: ReminderFacts) -> str:
    return (
        f"Hyresgästen är aktuell hos {facts.unit or 'en annan enhet'}. Samråd med enheten om ärendets "
        "fortsatta handläggning (rutinen för intern samordning) och anteckna samrådet i ärendet."
    )


def _coordinate_with_other_administration(facts: ReminderFacts) -> str:
    return (
        f"Hyresgästen är aktuell hos {facts.unit or 'en annan förvaltning'}, som hör till en annan "
        "nämnd. Fråga hyresgästen om samtycke innan du tar kontakt (`cases consent`); samråd sedan "
        "om ärendets fortsatta handläggning."
    )


WRITTEN: dict[ReminderTopic, Callable[[ReminderFacts], str]] = {
    ReminderTopic.COORDINATE_WITH_UNIT: _coordinate_with_unit,
    ReminderTopic.COORDINATE_WITH_OTHER_ADMINISTRATION: _coordinate_with_other_administration,
    ReminderTopic.RECOVERY_PERIOD_ENDS_SOON: _recovery_period_ends_soon,
    ReminderTopic.RECOVERY_PERIOD_ENDED: _recovery_period_ended,
    ReminderTopic.PREASSESSMENT_GUIDELINE: _preassessment_guideline,
    ReminderTopic.EVICTION_SOON: _eviction_soon,
}


def reminder_text(topic: ReminderTopic, facts: ReminderFacts) -> str:
    if topic in FIXED:
        return FIXED[topic]
    return WRITTEN[topic](facts)
