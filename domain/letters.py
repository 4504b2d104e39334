"""A letter that could not be written as it must read: the case does not count it as sent, and
the case officer is asked to write it by hand."""

from datetime import datetime

from domain.case import CaseState
from domain.correspondence import LetterKind, ReminderTopic
from domain.effects import Effect, Remind


def letter_unprintable(state: CaseState, kind: LetterKind, now: datetime) -> list[Effect]:
    """No installed font prints every character of the letter (the tenant's name, say): it is
    not sent with blanks; the officer gets a task and a reminder to write it by hand."""
    if kind not in state.period.letters_unprintable:
        state.period.letters_unprintable.append(kind)
    state.log(now, f"{kind.value} letter not written: characters no installed font can print")
    return [Remind(topic=ReminderTopic.LETTER_UNPRINTABLE)]
