"""Every patch id a running case's code path depends on, each defined once, with what it guards.

A case lives for months: a change to what it does goes behind `workflow.patched(ID)`, so a case
recorded before the change replays its old path and takes the new one only from then on. An id
is never reused or renamed; the recorded histories in tests/histories/ replay across all of them.
"""

from temporalio import workflow

# Issue 3: case officers' actions, the contact ladder, consent, follow-up and the standing rules.
CASEWORK_PATCH = "casework-v2"
# Issue 9: the supervisors' search attributes (case number, overdue deadlines, elderly, reached).
SUPERVISION_PATCH = "supervision-v3"
# Issue 10: each case publishes its facts to the reporting store.
REPORTING_PATCH = "reporting-v1"
# Issue 16: a run whose first notice never arrived (the server lost the update of an
# update-with-start) waits a while for it, then ends: it publishes nothing and never lists.
FIRST_NOTICE_PATCH = "first-notice-v1"
# Issue 18: a payment commitment whose letter is held (no postal address for the landlord) is
# not a commitment made: the recovery period runs on, and no follow-up offer tells the tenant
# the home is saved, until the letter is sent in time.
HELD_COMMITMENT_PATCH = "held-commitment-v1"
# Issue 18: a follow-up arranged during the preassessment ends its deadlines, so the phase and
# the deadlines shown agree (the timers settled them days later; the attributes said otherwise).
PHASES_AGREE_PATCH = "phases-agree-v1"
# Issue 18, letters fit to send: a Kronofogden case is registered before its confirmation (which
# then carries the case number); a letter with no true variant is not written (a tenant who left
# the home with no new address) and the standing rules of `STANDING_RULES_TRUE` apply; the
# tenant gets a copy of a payment commitment; a postponement requested goes to Kronofogden as a
# letter; a payment commitment ends the threat (and the follow-up offer may say so) once its
# letter has gone to the landlord, not when it is decided.
TRUE_LETTERS_PATCH = "true-letters-v1"
# Issue 19: the case meeting meets every N weeks counted from a fixed Monday (domain/meetings.py),
# not in ISO weeks divisible by N (week 53 of 2026 and week 1 of 2027 were both skipped).
MEETING_WEEKS_PATCH = "meeting-weeks-v1"
# Issue 19: the case publishes `CaseOverview`, its state in Swedish words for the Web UI's list.
OVERVIEW_PATCH = "overview-v1"
# Issue 21: a reminder that fires late behind a later timer due at the same time (workers were
# down) is not sent: "the recovery period ends on the 28th" after it ended was false.
CATCH_UP_PATCH = "catch-up-v1"
# Issue 20: a case that opens asks its policy, routing, registers and case number in one local
# activity (`look_up_opening`) instead of five: the sender's receipt waited for each in turn.
ONE_LOOK_UP_PATCH = "one-look-up-v1"
# Issue 20: the officer's reminder is a short file write: a local activity, run within the
# workflow task that decided it, not one more task and round trip through the server.
LOCAL_REMINDER_PATCH = "reminder-here-v1"
# Issue 20: the case's facts go to the reporting store as a local activity, tried once; a store
# that does not answer at once gets them as an activity, retried until it is back.
LOCAL_PUBLISH_PATCH = "publish-here-v1"
# Issue 20: an alert to a unit is a short file write: a local activity, like the reminders.
LOCAL_ALERT_PATCH = "alert-here-v1"
# Issue 20: a run that begins on code with every patch above takes them all as applied, with
# one marker instead of one for each (`CasePatches`). Only patches above this line belong to it.
ALL_CASE_PATCHES = "all-case-patches-v1"


class CasePatches:
    """Which of a case's patches apply in this run.

    Each `workflow.patched` asked outside replay records a marker, and the SDK upserts the
    `TemporalChangeVersion` search attribute with it: a new case asked eleven, eleven more
    history events and visibility writes before its first letter. A run that begins on this
    code records `ALL_CASE_PATCHES` once and takes every patch above as applied (outside replay
    each would answer yes); a run recorded before it finds no such marker and asks each patch
    where it always did, so its history replays.
    """

    def __init__(self) -> None:
        self._all = False

    def begin(self) -> None:
        """Asked first in every run, before any other patch."""
        self._all = workflow.patched(ALL_CASE_PATCHES)

    def __call__(self, patch_id: str) -> bool:
        return self._all or workflow.patched(patch_id)
