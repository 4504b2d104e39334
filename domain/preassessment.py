"""The preassessment (förhandsbedömning, PROCESS.md §3, §6): decide whether to open an
investigation; the guideline is 14 days, the limit four weeks unless a special reason.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.actions import ExtensionReport, PreassessmentEnd
from domain.case import CaseState
from domain.closing import check_close, close
from domain.consent import ConsentPurpose, ConsentRecipient, refuse_without_consent
from domain.correspondence import AlertUnit, ReminderFacts, ReminderTopic
from domain.deadlines import (
    Deadline,
    DeadlineName,
    DeadlineStatus,
    preassessment_limit,
    preassessment_reminder,
    settle,
)
from domain.effects import Alert, Effect, Remind
from domain.language import Said, refuse
from domain.phase import Phase
from domain.records.preassessment import (
    ExtensionReason as ExtensionReason,
    InvestigationSubject as InvestigationSubject,
    PreassessmentDecision as PreassessmentDecision,
    PreassessmentExtension as PreassessmentExtension,
    PreassessmentResult as PreassessmentResult,
)
from domain.timers import TimerAction, morning_timer
from domain.words import sv


def plan_preassessment(state: CaseState, registered_on: date) -> None:
    period = state.period
    period.registered_on = registered_on
    reminder_on = preassessment_reminder(registered_on)
    limit_on = preassessment_limit(registered_on)
    period.deadlines[DeadlineName.PREASSESSMENT_REMINDER] = Deadline(due_on=reminder_on)
    period.deadlines[DeadlineName.PREASSESSMENT_LIMIT] = Deadline(due_on=limit_on)
    period.timers += [
        morning_timer("preassessment-reminder", reminder_on, TimerAction.PREASSESSMENT_REMINDER),
        morning_timer("preassessment-limit", limit_on, TimerAction.PREASSESSMENT_LIMIT),
    ]


def check_end_preassessment(state: CaseState, end: PreassessmentEnd) -> None:
    state.require_open()
    if state.period.phase is not Phase.PREASSESSMENT:
        raise refuse(
            en=f"the preassessment has already ended (the case is in {state.period.phase.value})",
            sv=f"förhandsbedömningen är redan avslutad (ärendet är i {sv(state.period.phase)})",
        )
    if end.result is PreassessmentResult.CLOSE:
        check_close(state)
    elif end.subject is InvestigationSubject.ADULT and not state.consented(
        ConsentRecipient.SOCIAL_SERVICES, ConsentPurpose.INVESTIGATION
    ):
        raise refuse_without_consent(
            "an investigation of an adult needs their consent",
            "en utredning av en vuxen kräver den vuxnes samtycke",
            ConsentRecipient.SOCIAL_SERVICES,
            ConsentPurpose.INVESTIGATION,
        )
    elif end.subject is InvestigationSubject.CHILD and not state.has_children:
        raise refuse(en="no children are known in this household", sv="inga barn är kända i hushållet")


def apply_end_preassessment(state: CaseState, end: PreassessmentEnd, now: datetime) -> Said:
    period = state.period
    period.preassessment_decision = PreassessmentDecision(
        result=end.result,
        subject=end.subject,
        reason=end.reason,
        decided_by=end.recorded_by,
        decided_at=now,
        note=end.note,
    )
    for name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
        if name in period.deadlines:
            settle(period.deadlines[name], DeadlineStatus.MET, now)
    if end.result is PreassessmentResult.OPEN_INVESTIGATION:
        period.phase = Phase.INVESTIGATION
        assert end.subject is not None
        state.log(now, f"preassessment ended: investigation opened ({end.subject.value})")
    else:
        assert end.reason is not None
        state.log(now, f"preassessment ended without investigation: {end.reason.value}")
        close(state, end.reason, end.recorded_by, end.note, now)
    return Said(
        en=f"preassessment ended: {end.result.value}",
        sv="förhandsbedömningen avslutad: "
        + (
            "utredning inleds" if end.result is PreassessmentResult.OPEN_INVESTIGATION else "ärendet avslutas"
        ),
    )


def check_extension(state: CaseState, report: ExtensionReport) -> None:
    state.require_open()
    if state.period.phase is not Phase.PREASSESSMENT:
        raise refuse(
            en=f"only a running preassessment can be extended (the case is in {state.period.phase.value})",
            sv=f"bara en pågående förhandsbedömning kan förlängas (ärendet är i {state.period.phase.value})",
        )


def apply_extension(state: CaseState, report: ExtensionReport, now: datetime) -> Said:
    state.period.extension = PreassessmentExtension(
        reason=report.reason, recorded_by=report.recorded_by, recorded_at=now, note=report.note
    )
    limit = state.period.deadlines.get(DeadlineName.PREASSESSMENT_LIMIT)
    if limit is not None:
        limit.note = f"may run longer: {report.reason.value}"
    state.log(now, f"preassessment extension reason recorded: {report.reason.value}")
    return Said(
        en=f"the preassessment may run past four weeks: {report.reason.value}",
        sv=f"förhandsbedömningen får pågå längre än fyra veckor: {report.reason.value}",
    )


def on_preassessment_reminder(state: CaseState, now: datetime) -> list[Effect]:
    deadlines = state.period.deadlines
    if state.period.phase is not Phase.PREASSESSMENT:
        settle(deadlines[DeadlineName.PREASSESSMENT_REMINDER], DeadlineStatus.MET, now)
        return []
    settle(deadlines[DeadlineName.PREASSESSMENT_REMINDER], DeadlineStatus.MISSED, now)
    limit = deadlines[DeadlineName.PREASSESSMENT_LIMIT].due_text()
    return [
        Remind(topic=ReminderTopic.PREASSESSMENT_GUIDELINE, facts=ReminderFacts(preassessment_limit=limit))
    ]


def on_preassessment_limit(state: CaseState, now: datetime) -> list[Effect]:
    period = state.period
    deadline = period.deadlines[DeadlineName.PREASSESSMENT_LIMIT]
    if period.phase is Phase.PREASSESSMENT and period.extension is not None:
        settle(deadline, DeadlineStatus.MET, now)  # a special reason is recorded
        state.log(now, f"preassessment runs past four weeks: {period.extension.reason.value}")
        return []
    if period.phase is Phase.PREASSESSMENT:
        settle(deadline, DeadlineStatus.MISSED, now)
        return [
            Alert(
                unit=AlertUnit.SUPERVISOR,
                reason="preassessment over four weeks",
                about_household=False,
                reason_sv="Förhandsbedömningen har pågått mer än fyra veckor utan registrerat särskilt skäl.",
            )
        ]
    settle(deadline, DeadlineStatus.MET, now)
    return []
