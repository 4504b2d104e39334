"""The case's codes as the words a Swedish social worker reads: deadlines, phases, tracks,
letters, units. Used by the command line and by the Web UI's summaries."""

DEADLINES = {
    "recovery_period": "återvinningsfrist",
    "kfm_confirmation": "bekräftelse till Kronofogden",
    "preassessment_reminder": "förhandsbedömning, 14 dagar",
    "preassessment_limit": "förhandsbedömning, 4 veckor",
    "eviction": "avhysning",
}
PHASES = {
    "intake": "mottagning",
    "preassessment": "förhandsbedömning",
    "investigation": "utredning",
    "follow_up": "uppföljning",
    "closed": "avslutat",
}
TRACKS = {
    "rent_arrears": "hyresskuld",
    "disturbance": "störningar",
    "early_warning": "tidig signal",
    "eviction": "avhysning",
}
STATUSES = {"pending": "väntar", "met": "klar", "missed": "missad"}
LETTERS = {
    "information_letter": "informationsbrev till hyresgästen",
    "kfm_confirmation": "bekräftelse till Kronofogden",
    "kfm_confirmation_tenant_copy": "kopia av bekräftelsen till hyresgästen",
    "payment_commitment": "betalningsåtagande till hyresvärden (rekommenderat)",
    "home_visit_notice": "brev om hembesök",
    "planned_support": "brev till hyresvärden om planerat stöd",
    "follow_up_offer": "erbjudande om uppföljning",
    "payment_commitment_tenant_copy": "kopia av betalningsåtagandet till hyresgästen",
    "postponement_request": "begäran om anstånd till Kronofogden",
}
UNITS = {
    "children_unit": "enheten för barn och unga",
    "elderly_care_outreach": "äldreomsorgens uppsökare",
    "adult_intake_unit": "vuxenenhetens mottagning",
    "supervisor": "arbetsledaren",
}
TIMERS = {
    "recovery_reminder": "påminnelse om att återvinningsfristen snart går ut",
    "recovery_period_end": "återvinningsfristen går ut",
    "kfm_confirmation_check": "bekräftelsen till Kronofogden ska ha gått i dag",
    "preassessment_reminder": "förhandsbedömningen har pågått i 14 dagar",
    "preassessment_limit": "förhandsbedömningen har pågått i fyra veckor",
    "eviction_reminder": "påminnelse inför avhysningen",
    "eviction_day": "dagen för avhysningen",
    "eviction_outcome_chase": "utfallet av avhysningen ska vara registrerat",
    "contact_check": "kontrollen av personlig kontakt (kontakttrappan)",
    "visit_outcome_check": "utfallet av hembesöket ska vara registrerat",
    "follow_up_due": "uppföljningen",
    "retention_end": "gallringstiden för det avslutade ärendet löper ut",
}


def plural(count: int, *, one: str, many: str) -> str:
    """`1 underrättelse`, `2 underrättelser`: the count and the form that fits it. Here, in the
    light module, so that the supervisors' list may count without loading the case model."""
    return f"{count} {one if count == 1 else many}"
