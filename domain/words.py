"""The catalogue of the case's codes as words people read: every member of every code list in
`domain/`, in Swedish and English side by side, and the Swedish value the command line accepts
for it beside the English code. Keyword arguments only, so no entry can swap its languages.

Why not gettext (.po files): these are closed lists keyed by the codes themselves, checked
whole by a test (every member, both languages), and used by the workflow's summaries too,
which must not read files at replay. Prose (receipts, refusals, letters) stays where its rule
is, in both languages, and names codes only through this catalogue.
"""

from dataclasses import dataclass
from enum import StrEnum

from domain.correspondence import AlertUnit, HeldReason, LetterKind, Recipient, ReminderTopic
from domain.deadlines import DeadlineName, DeadlineStatus
from domain.effects import LetterOutcome
from domain.notice_kind import NoticeKind
from domain.notices import SenderKind
from domain.phase import Phase
from domain.records.closing import ClosingReason, FollowUpSubject
from domain.records.consent import ConsentForm, ConsentPurpose, ConsentRecipient
from domain.records.contact import ContactMethod, ContactOutcome, VisitKind, VisitStatus
from domain.records.eviction import EvictionOutcome, PostponementReason
from domain.records.preassessment import ExtensionReason, InvestigationSubject, PreassessmentResult
from domain.records.recovery_period import RecoveryOutcome
from domain.records.support import AgreementKind, InterventionKind
from domain.timers import TimerAction


@dataclass(frozen=True, kw_only=True)
class Word:
    """A code as people read it; `option` is the Swedish value the command line accepts."""

    sv: str
    en: str
    option: str | None = None


def _w(sv: str, en: str, option: str | None = None) -> Word:
    return Word(sv=sv, en=en, option=option)


_ENTRIES: list[tuple[StrEnum, Word]] = [
    (DeadlineName.RECOVERY_PERIOD, _w("återvinningsfrist", "recovery period")),
    (DeadlineName.KFM_CONFIRMATION, _w("bekräftelse till Kronofogden", "confirmation to Kronofogden")),
    (DeadlineName.PREASSESSMENT_REMINDER, _w("förhandsbedömning, 14 dagar", "preassessment, 14 days")),
    (DeadlineName.PREASSESSMENT_LIMIT, _w("förhandsbedömning, 4 veckor", "preassessment, 4 weeks")),
    (DeadlineName.EVICTION, _w("avhysning", "eviction")),
    (DeadlineStatus.PENDING, _w("väntar", "pending")),
    (DeadlineStatus.MET, _w("klar", "met")),
    (DeadlineStatus.MISSED, _w("missad", "missed")),
    (Phase.INTAKE, _w("mottagning", "intake")),
    (Phase.PREASSESSMENT, _w("förhandsbedömning", "preassessment")),
    (Phase.INVESTIGATION, _w("utredning", "investigation")),
    (Phase.FOLLOW_UP, _w("uppföljning", "follow-up")),
    (Phase.CLOSED, _w("avslutat", "closed")),
    (NoticeKind.RENT_ARREARS, _w("hyresskuld", "rent arrears")),
    (NoticeKind.DISTURBANCE, _w("störningar", "disturbance")),
    (NoticeKind.EARLY_WARNING, _w("tidig signal", "early warning")),
    (NoticeKind.EVICTION, _w("avhysning", "eviction")),
    (SenderKind.LANDLORD, _w("hyresvärd", "landlord")),
    (SenderKind.KRONOFOGDEN, _w("Kronofogden", "Kronofogden")),
    (SenderKind.OTHER_ADMINISTRATION, _w("annan förvaltning", "other administration")),
    (SenderKind.RELATIVE, _w("anhörig", "relative")),
    (SenderKind.PRIVATE_PERSON, _w("privatperson", "private person")),
    (
        LetterKind.INFORMATION_LETTER,
        _w("informationsbrev till hyresgästen", "information letter to the tenant"),
    ),
    (LetterKind.KFM_CONFIRMATION, _w("bekräftelse till Kronofogden", "confirmation to Kronofogden")),
    (
        LetterKind.KFM_CONFIRMATION_TENANT_COPY,
        _w("kopia av bekräftelsen till hyresgästen", "copy of the confirmation to the tenant"),
    ),
    (
        LetterKind.PAYMENT_COMMITMENT,
        _w(
            "betalningsåtagande till hyresvärden (rekommenderat)",
            "payment commitment to the landlord (registered)",
        ),
    ),
    (LetterKind.HOME_VISIT_NOTICE, _w("brev om hembesök", "home visit notice")),
    (
        LetterKind.PLANNED_SUPPORT,
        _w("brev till hyresvärden om planerat stöd", "planned support letter to the landlord"),
    ),
    (LetterKind.FOLLOW_UP_OFFER, _w("erbjudande om uppföljning", "follow-up offer")),
    (
        LetterKind.PAYMENT_COMMITMENT_TENANT_COPY,
        _w("kopia av betalningsåtagandet till hyresgästen", "copy of the payment commitment to the tenant"),
    ),
    (
        LetterKind.POSTPONEMENT_REQUEST,
        _w("begäran om anstånd till Kronofogden", "postponement request to Kronofogden"),
    ),
    (
        HeldReason.NO_POSTAL_ADDRESS,
        _w("väntar på hyresvärdens postadress", "waits for the landlord's postal address"),
    ),
    (
        HeldReason.UNPRINTABLE,
        _w("skrivs för hand: tecken som inte kan skrivas ut", "to write by hand: unprintable characters"),
    ),
    (LetterOutcome.SENT, _w("skickat", "sent")),
    (LetterOutcome.STOPPED, _w("stoppat: samtycke saknas", "stopped: no consent")),
    (LetterOutcome.HELD, _w("väntar på en postadress", "held: no postal address")),
    (Recipient.TENANT, _w("hyresgästen", "tenant")),
    (Recipient.LANDLORD, _w("hyresvärden", "landlord")),
    (Recipient.KFM, _w("Kronofogden", "Kronofogden")),
    (AlertUnit.CHILDREN_UNIT, _w("enheten för barn och unga", "children's unit")),
    (AlertUnit.ELDERLY_CARE_OUTREACH, _w("äldreomsorgens uppsökare", "elderly care outreach")),
    (AlertUnit.ADULT_INTAKE_UNIT, _w("vuxenenhetens mottagning", "adult intake unit")),
    (AlertUnit.SUPERVISOR, _w("arbetsledaren", "supervisor")),
    (
        ReminderTopic.RECOVERY_PERIOD_ENDS_SOON,
        _w("återvinningsfristen går snart ut", "recovery period ends soon"),
    ),
    (ReminderTopic.RECOVERY_PERIOD_ENDED, _w("återvinningsfristen har gått ut", "recovery period ended")),
    (ReminderTopic.PREASSESSMENT_GUIDELINE, _w("förhandsbedömningen, 14 dagar", "preassessment, 14 days")),
    (ReminderTopic.EVICTION_SOON, _w("avhysning snart", "eviction soon")),
    (ReminderTopic.EVICTION_OUTCOME_NEEDED, _w("utfallet av avhysningen behövs", "eviction outcome needed")),
    (
        ReminderTopic.HOME_VISIT_OUTCOME_NEEDED,
        _w("utfallet av hembesöket behövs", "home visit outcome needed"),
    ),
    (ReminderTopic.FOLLOW_UP_DUE, _w("dags för uppföljning", "follow-up due")),
    (ReminderTopic.PHONE_TENANT, _w("ring hyresgästen", "phone the tenant")),
    (
        ReminderTopic.LETTER_STOPPED_NO_CONSENT,
        _w("brev stoppat: samtycke saknas", "letter stopped: no consent"),
    ),
    (
        ReminderTopic.LANDLORD_ADDRESS_MISSING,
        _w("hyresvärdens postadress saknas", "landlord's postal address missing"),
    ),
    (ReminderTopic.LETTER_UNPRINTABLE, _w("brev att skriva för hand", "letter to write by hand")),
    (ReminderTopic.COORDINATE_WITH_UNIT, _w("samråd med enheten som känner hyresgästen", "consult the unit")),
    (
        ReminderTopic.COORDINATE_WITH_OTHER_ADMINISTRATION,
        _w("samtycke till samråd med annan förvaltning", "consent to consult another administration"),
    ),
    (
        ReminderTopic.TENANT_ADDRESS_UNKNOWN,
        _w("hyresgästens nya adress saknas", "tenant's new address missing"),
    ),
    (
        TimerAction.RECOVERY_REMINDER,
        _w(
            "påminnelse om att återvinningsfristen snart går ut",
            "reminder that the recovery period ends soon",
        ),
    ),
    (TimerAction.RECOVERY_PERIOD_END, _w("återvinningsfristen går ut", "the recovery period ends")),
    (
        TimerAction.KFM_CONFIRMATION_CHECK,
        _w("bekräftelsen till Kronofogden ska ha gått i dag", "the confirmation to Kronofogden is due today"),
    ),
    (
        TimerAction.PREASSESSMENT_REMINDER,
        _w("förhandsbedömningen har pågått i 14 dagar", "the preassessment has run for 14 days"),
    ),
    (
        TimerAction.PREASSESSMENT_LIMIT,
        _w("förhandsbedömningen har pågått i fyra veckor", "the preassessment has run for four weeks"),
    ),
    (TimerAction.EVICTION_REMINDER, _w("påminnelse inför avhysningen", "reminder before the eviction")),
    (TimerAction.EVICTION_DAY, _w("dagen för avhysningen", "the eviction day")),
    (
        TimerAction.EVICTION_OUTCOME_CHASE,
        _w("utfallet av avhysningen ska vara registrerat", "the eviction's outcome is due"),
    ),
    (
        TimerAction.CONTACT_CHECK,
        _w(
            "kontrollen av personlig kontakt (kontakttrappan)",
            "the check for personal contact (contact ladder)",
        ),
    ),
    (
        TimerAction.VISIT_OUTCOME_CHECK,
        _w("utfallet av hembesöket ska vara registrerat", "the home visit's outcome is due"),
    ),
    (TimerAction.FOLLOW_UP_DUE, _w("uppföljningen", "the follow-up")),
    (
        TimerAction.RETENTION_END,
        _w("gallringstiden för det avslutade ärendet löper ut", "the closed case's retention ends"),
    ),
    (ClosingReason.NO_NEED, _w("inget behov", "no need", "inget_behov")),
    (ClosingReason.DEBT_SETTLED, _w("skulden betald", "debt settled", "skulden_betald")),
    (ClosingReason.SUPPORT_DECLINED, _w("stöd avböjt", "support declined", "stöd_avböjt")),
    (ClosingReason.MOVED, _w("flyttat", "moved", "flyttat")),
    (ClosingReason.HANDED_OVER, _w("överlämnat", "handed over", "överlämnat")),
    (ClosingReason.EVICTION_AVERTED, _w("avhysning avvärjd", "eviction averted", "avhysning_avvärjd")),
    (ClosingReason.EVICTED, _w("avhyst", "evicted", "avhyst")),
    (ClosingReason.OTHER, _w("annat", "other", "annat")),
    (FollowUpSubject.ADULT, _w("vuxen", "adult", "vuxen")),
    (FollowUpSubject.CHILD, _w("barn", "child", "barn")),
    (ConsentRecipient.LANDLORD, _w("hyresvärden", "landlord", "hyresvärd")),
    (ConsentRecipient.ADMINISTRATION, _w("annan förvaltning", "another administration", "förvaltning")),
    (ConsentRecipient.CHILDREN_UNIT, _w("enheten för barn och unga", "children's unit", "barn_och_unga")),
    (ConsentRecipient.SOCIAL_SERVICES, _w("socialtjänsten", "social services", "socialtjänsten")),
    (ConsentPurpose.CONTACT, _w("kontakt", "contact", "kontakt")),
    (ConsentPurpose.PLANNED_SUPPORT, _w("planerat stöd", "planned support", "planerat_stöd")),
    (ConsentPurpose.PAYMENT_COMMITMENT, _w("betalningsåtagande", "payment commitment", "betalningsåtagande")),
    (ConsentPurpose.INVESTIGATION, _w("utredning", "investigation", "utredning")),
    (ConsentPurpose.FOLLOW_UP, _w("uppföljning", "follow-up", "uppföljning")),
    (ConsentForm.WRITTEN, _w("skriftligt", "written", "skriftligt")),
    (ConsentForm.ORAL, _w("muntligt", "oral", "muntligt")),
    (ContactMethod.LETTER, _w("brev", "letter", "brev")),
    (ContactMethod.PHONE, _w("telefon", "phone", "telefon")),
    (ContactMethod.SMS, _w("sms", "SMS", "sms")),
    (ContactMethod.ANNOUNCED_VISIT, _w("aviserat hembesök", "announced home visit", "aviserat_hembesök")),
    (ContactMethod.UNANNOUNCED_VISIT, _w("oanmält hembesök", "unannounced home visit", "oanmält_hembesök")),
    (ContactMethod.MEETING, _w("möte", "meeting", "möte")),
    (ContactOutcome.SENT, _w("skickat", "sent", "skickat")),
    (ContactOutcome.REACHED, _w("nådd", "reached", "nådd")),
    (ContactOutcome.DECLINED, _w("nådd, avböjde stöd", "reached, declined support", "avböjde")),
    (ContactOutcome.NOT_REACHED, _w("inte nådd", "not reached", "inte_nådd")),
    (VisitKind.ANNOUNCED, _w("aviserat", "announced")),
    (VisitKind.UNANNOUNCED, _w("oanmält", "unannounced")),
    (VisitStatus.BOOKED, _w("bokat", "booked")),
    (VisitStatus.DONE, _w("genomfört", "done")),
    (VisitStatus.NOT_REACHED, _w("hyresgästen inte nådd", "tenant not reached")),
    (EvictionOutcome.EXECUTED, _w("verkställd", "executed", "verkställd")),
    (EvictionOutcome.CANCELLED, _w("inställd", "cancelled", "inställd")),
    (EvictionOutcome.KEYS_RETURNED, _w("nycklarna återlämnade", "keys returned", "nycklar_återlämnade")),
    (PostponementReason.NEW_HOUSING, _w("ny bostad ordnad", "new housing found", "ny_bostad")),
    (PostponementReason.ARRANGING_HOUSING, _w("bostad ordnas", "arranging housing", "ordnar_bostad")),
    (PostponementReason.SOCIAL_REASONS, _w("sociala skäl", "social reasons", "sociala_skäl")),
    (PreassessmentResult.OPEN_INVESTIGATION, _w("inled utredning", "open an investigation", "utredning")),
    (PreassessmentResult.CLOSE, _w("avsluta", "close", "avsluta")),
    (InvestigationSubject.ADULT, _w("vuxen", "adult", "vuxen")),
    (InvestigationSubject.CHILD, _w("barn", "child", "barn")),
    (ExtensionReason.HARD_TO_REACH, _w("svår att nå", "hard to reach", "svår_att_nå")),
    (
        ExtensionReason.AWAITING_RECOVERY_PERIOD,
        _w("inväntar återvinningsfristen", "awaiting the recovery period", "inväntar_fristen"),
    ),
    (
        ExtensionReason.MOTIVATIONAL_CONTACTS,
        _w("motiverande samtal", "motivational contacts", "motiverande_samtal"),
    ),
    (ExtensionReason.OTHER, _w("annat", "other", "annat")),
    (RecoveryOutcome.DEBT_SETTLED, _w("skulden betald", "debt settled")),
    (RecoveryOutcome.PAYMENT_COMMITMENT, _w("betalningsåtagande", "payment commitment")),
    (RecoveryOutcome.TERMINATION_WITHDRAWN, _w("uppsägningen återkallad", "termination withdrawn")),
    (RecoveryOutcome.NOT_SAVED, _w("hyresrätten inte räddad", "tenancy not saved")),
    (InterventionKind.ACTION_PLAN, _w("handlingsplan", "action plan", "handlingsplan")),
    (InterventionKind.FINANCIAL_AID, _w("ekonomiskt bistånd", "financial aid", "ekonomiskt_bistånd")),
    (InterventionKind.RENT_PAYMENT_SECURITY, _w("hyresgaranti", "rent payment security", "hyresgaranti")),
    (
        InterventionKind.DEBT_COUNSELLING,
        _w("budget- och skuldrådgivning", "debt counselling", "skuldrådgivning"),
    ),
    (
        InterventionKind.EVICTION_PREVENTION_TEAM,
        _w("vräkningsförebyggande team", "eviction prevention team", "vräkningsförebyggande"),
    ),
    (InterventionKind.HOME_HELP, _w("hemtjänst", "home help", "hemtjänst")),
    (AgreementKind.PAYMENT_PLAN, _w("avbetalningsplan", "payment plan", "avbetalningsplan")),
    (
        AgreementKind.WITHDRAWN_TERMINATION,
        _w("uppsägning återkallad", "termination withdrawn", "uppsägning_återkallad"),
    ),
    (AgreementKind.SHORT_TERM_CONTRACT, _w("korttidskontrakt", "short-term contract", "korttidskontrakt")),
]


# Codes of different lists can share a value ("other", "adult", "not_reached") and a StrEnum
# member is equal to its value, so the catalogue is keyed by the list and the value together.
# (Written as one literal above, an entry of one list would silently replace another's.)
Key = tuple[type[StrEnum], str]


def _key(code: StrEnum) -> Key:
    return type(code), code.value


class Catalogue(dict[Key, Word]):
    """The words, keyed by (code list, code): `WORDS[ContactOutcome.NOT_REACHED]` works too."""

    def __getitem__(self, code: Key | StrEnum) -> Word:
        return super().__getitem__(_key(code) if isinstance(code, StrEnum) else code)

    def __contains__(self, code: object) -> bool:
        return super().__contains__(_key(code) if isinstance(code, StrEnum) else code)


WORDS = Catalogue({_key(code): entry for code, entry in _ENTRIES})


def known(code: StrEnum) -> bool:
    return _key(code) in WORDS


def sv(code: StrEnum) -> str:
    """The Swedish word for a code (the catalogue holds every code: tests/test_words.py)."""
    return WORDS[code].sv


def en(code: StrEnum) -> str:
    return WORDS[code].en


def word(code: StrEnum, language: str) -> str:
    return WORDS[code].sv if language == "sv" else WORDS[code].en


def sv_of(code_text: str, kind: type[StrEnum]) -> str:
    """The Swedish word for a code given as text (a view's field); the text itself if unknown."""
    try:
        return WORDS[kind(code_text)].sv
    except (ValueError, KeyError):
        return code_text


def option_value(code: StrEnum) -> str:
    """What the command line accepts in Swedish for the code (the code itself stays accepted)."""
    return WORDS[code].option or code.value
