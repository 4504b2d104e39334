"""The catalogue of codes as words (issue 17): every code of every list in `domain/` has both
languages, and the Swedish values the command line accepts are unambiguous."""

import enum
import importlib
import inspect
import pkgutil

import domain
import domain.records
from domain.words import WORDS, known, option_value


def _code_lists() -> list[type[enum.StrEnum]]:
    found: list[type[enum.StrEnum]] = []
    for package in (domain, domain.records):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, enum.StrEnum)
                    and value.__module__ == module.__name__
                    and value not in found
                ):
                    found.append(value)
    return found


def test_every_code_of_every_list_has_a_word_in_both_languages() -> None:
    lists = _code_lists()
    assert len(lists) >= 25  # the walk found the code lists at all
    missing = [f"{kind.__name__}.{code.name}" for kind in lists for code in kind if not known(code)]
    assert missing == []
    for kind in lists:
        for code in kind:
            word = WORDS[code]
            assert word.sv.strip() and word.en.strip(), code
            assert word.sv != code.value or code.value in ("sms",), f"{code!r}: the Swedish is the code"


def test_the_light_copy_the_supervisors_list_reads_is_the_catalogues() -> None:
    from domain import swedish
    from domain.correspondence import AlertUnit, LetterKind
    from domain.deadlines import DeadlineName, DeadlineStatus
    from domain.notice_kind import NoticeKind
    from domain.phase import Phase
    from domain.timers import TimerAction

    for copy, kind in (
        (swedish.DEADLINES, DeadlineName),
        (swedish.PHASES, Phase),
        (swedish.TRACKS, NoticeKind),
        (swedish.STATUSES, DeadlineStatus),
        (swedish.LETTERS, LetterKind),
        (swedish.UNITS, AlertUnit),
        (swedish.TIMERS, TimerAction),
    ):
        assert copy == {code.value: WORDS[code].sv for code in kind}, kind.__name__


def test_the_swedish_values_of_a_list_name_one_code_each() -> None:
    for kind in _code_lists():
        spellings: dict[str, str] = {}
        for code in kind:
            for spelling in {code.value, option_value(code)}:
                assert spellings.setdefault(spelling.casefold(), code.value) == code.value, (kind, spelling)
