"""The codes a case uses, as the words a Swedish social worker reads (English: the codes)."""

from cli.language import t

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


def deadline(code: str) -> str:
    return t(DEADLINES.get(code, code), code)


def phase(code: str) -> str:
    return t(PHASES.get(code, code), code)


def track(code: str) -> str:
    return t(TRACKS.get(code, code), code)
