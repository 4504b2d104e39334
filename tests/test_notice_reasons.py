"""Every reason a notice is rejected for has its Swedish (issue 17 point 3, issue 22: the senders'
API answers `reason_sv`): notices broken in any field, with any JSON value, are judged, and every
reason people read is Swedish and none is the framework's English or the fallback."""

import copy
import json
import re
from typing import Any

from hypothesis import given, settings, strategies as st

from domain.notice_files import Source, read_notice_body
from domain.notice_reasons import UNLISTED_SV
from domain.notices import validate_notice
from tests.factories import DISTURBANCE, EVICTION, FAMILY

EXAMPLES = [FAMILY, EVICTION, DISTURBANCE]
# Words of pydantic's and this project's English messages: none may reach a Swedish reason.
ENGLISH = re.compile(
    r"\b(Input|should|must|valid|required|Field|is|the|characters|number|at least|at most|given)\b"
)


def _paths(value: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    return found


PATHS = sorted({path for example in EXAMPLES for path in _paths(example)})
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=300),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)
SPECIAL = st.sampled_from(
    [
        "",
        "x" * 250,
        "19000101-0000",
        "20991231-1234",
        "2026-13-45",
        "2026-11-16T09:30:00",
        "1700000000",
        "a\x00b",
        "rent_arrears",
        -1,
        10**12,
        [2090],
        [1800, 1801],
    ]
)


def _set(notice: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = notice
    for key in path[:-1]:
        target = target[key]
    if value is _DROP:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


_DROP = object()


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(EXAMPLES),
    st.lists(
        st.tuples(st.sampled_from(PATHS), st.just(_DROP) | SPECIAL | JSON_VALUES), min_size=1, max_size=3
    ),
)
def test_every_rejection_reason_reads_in_swedish(example: dict[str, Any], changes: list[Any]) -> None:
    notice = copy.deepcopy(example)
    for path, value in changes:
        try:
            _set(notice, path, value)
        except (KeyError, TypeError, AttributeError):
            continue  # an earlier change replaced a section by something that is not an object
    _, errors = validate_notice(notice)
    for error in errors:
        assert error.reason_sv and error.reason_sv != UNLISTED_SV, error
        assert not ENGLISH.search(error.reason_sv.replace(error.field, "")), error


def test_a_body_the_api_receives_is_judged_by_the_same_rules_in_both_languages() -> None:
    broken = copy.deepcopy(FAMILY)
    broken["tenant"]["personnummer"] = "19850101-0000"
    del broken["received_at"]
    read = read_notice_body(json.dumps(broken).encode(), Source("api"), "2026-11-16T09:30:00+01:00")
    assert [(e.field, e.reason_sv) for e in read.errors] == [
        ("tenant.personnummer", "har fel kontrollsiffra (sista siffran stämmer inte)")
    ]
    twice = b'{"notice_id": "a", "notice_id": "b"}'
    read = read_notice_body(twice, Source("api"), "2026-11-16T09:30:00+01:00")
    assert read.errors[0].reason_sv == "nyckeln 'notice_id' finns två gånger"
