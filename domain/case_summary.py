"""What the Temporal Web UI shows of a case, in Swedish, for those allowed to read it: the
case's current details, what its timer waits for, what each activity does.

These texts travel as payloads through the encrypting codec like everything else, so they may
name the tenant: only someone the codec server lets in reads them.
"""

from datetime import datetime

from domain.case import CaseState
from domain.case_view import open_tasks
from domain.correspondence import AlertUnit, LetterKind, ReminderTopic
from domain.deadlines import STOCKHOLM
from domain.supervision import overdue
from domain.swedish import DEADLINES, LETTERS, PHASES, STATUSES, TIMERS, TRACKS, UNITS
from domain.words import sv

STATIC_SUMMARY = "Hushållsärende: risk för vräkning"


def _when(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")


def case_details(state: CaseState, now: datetime) -> str:
    """The case in a few lines of Markdown: who, tracks and phase, every deadline with its date
    and status, what is due next, what is overdue, what the officer must do."""
    period = state.period
    tenant = state.notices[0].tenant.name if state.notices else "-"
    lines = [f"**{tenant}** · {state.case_number or state.case_id}"]
    tracks = ", ".join(TRACKS.get(track.value, track.value) for track in state.tracks) or "-"
    officer = state.routing.officer_name if state.routing else "-"
    lines.append(
        f"Spår: {tracks} · Fas: {PHASES.get(period.phase.value, period.phase.value)} · Ansvarig: {officer}"
    )
    if period.deadlines:
        lines.append("")
        lines.append("**Frister**")
        for name, deadline in sorted(period.deadlines.items(), key=lambda item: item[1].due_moment()):
            due = _when(deadline.due_at) if deadline.due_at else deadline.due_text()
            lines.append(
                f"- {DEADLINES.get(name.value, name.value)}: {due}, {STATUSES[deadline.status.value]}"
            )
    nxt = state.next_deadline()
    if nxt:
        due = _when(nxt[1].due_at) if nxt[1].due_at else nxt[1].due_text()
        lines.append(f"\n**Nästa:** {DEADLINES.get(nxt[0].value, nxt[0].value)} senast {due}")
    late = overdue(state, now)
    if late:
        lines.append("**Försenat:** " + ", ".join(DEADLINES.get(n.value, n.value) for n in late))
    tasks = open_tasks(state, now)
    if tasks:
        lines.append("\n**Att göra**")
        lines += [f"- {task.sv}" for task in tasks]
    return "\n".join(lines)


def waiting_for(state: CaseState) -> str:
    """What the case's one durable timer waits for, in words."""
    pending = [timer for timer in state.period.timers if not timer.done]
    if not pending:
        return "Väntar på nästa underrättelse eller åtgärd"
    timer = min(pending, key=lambda t: t.at)
    return f"Väntar till {_when(timer.at)}: {TIMERS.get(timer.action.value, timer.action.value)}"


def letter_summary(kind: LetterKind) -> str:
    return f"Brev: {LETTERS.get(kind.value, kind.value)}"


def alert_summary(unit: AlertUnit) -> str:
    return f"Underrättelse till {UNITS.get(unit.value, unit.value)}"


def reminder_summary(topic: ReminderTopic) -> str:
    return f"Påminnelse till handläggaren: {sv(topic)}"
