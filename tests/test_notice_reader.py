"""The notice reader against what a hostile tester fed it (issue 16, points 3 to 5): numbers too
long for Python, cells too long for the csv module, text after a JSON array, line separators
inside values, booleans and epoch counts where numbers and times belong, implausible people."""

import copy
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from domain.notice_files import MAX_CELL, read_notice_file
from tests.factories import FAMILY, Tenants, make_notice
from tests.test_properties import _flat

tenant = Tenants()  # unique households by name (tests/factories.py)


def _errors(path: Path) -> list[list[tuple[str, str]]]:
    return [[(e.field, e.reason) for e in item.errors] for item in read_notice_file(path)]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _csv(notices: list[dict[str, Any]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    rows = [_flat(notice) for notice in notices]
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def test_a_number_of_5000_digits_is_one_rejection_and_the_next_file_is_read(tmp_path: Path) -> None:
    huge = json.dumps(FAMILY).replace('"debt_sek": 14500', '"debt_sek": ' + "9" * 5000)
    assert "9" * 5000 in huge
    for suffix in ("json", "jsonl"):
        [[(field, reason)]] = _errors(_write(tmp_path, f"huge.{suffix}", huge))
        assert field == "notice" and "5000 digits" in reason
    good = _write(tmp_path, "good.json", json.dumps(FAMILY))
    assert _errors(good) == [[]]


def test_a_csv_cell_past_the_csv_modules_limit_is_refused_by_column_and_the_next_row_read(
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC) - timedelta(hours=1)
    first = make_notice("rent_arrears", now, notice_id="LONG-1", **tenant(901))
    second = make_notice("rent_arrears", now, notice_id="LONG-2", **tenant(902))
    first["tenant"]["name"] = "x" * 140_000
    read = read_notice_file(_write(tmp_path, "long.csv", _csv([first, second])))
    assert [(e.field, e.reason) for e in read[0].errors] == [
        ("tenant_name", f"is longer than {MAX_CELL} characters")
    ]
    assert read[1].notice is not None and read[1].notice.notice_id == "LONG-2"


@pytest.mark.parametrize("after", ["[]", '{"notice_id": "X"}', "garbage", "]"])
def test_anything_after_a_json_arrays_closing_bracket_is_refused(tmp_path: Path, after: str) -> None:
    text = json.dumps([FAMILY]) + "\n" + after + "\n"
    read = read_notice_file(_write(tmp_path, "two.json", text))
    assert read[0].notice is not None  # what came before is judged as usual
    assert [(e.field, e.reason) for e in read[-1].errors] == [
        ("file", "has more after the closing ']': one array of notices only")
    ]
    assert read[-1].source.line == 2


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029", "\x1c", "\r"])
def test_a_line_separator_inside_a_value_splits_no_record(tmp_path: Path, separator: str) -> None:
    """Inside a string or a quoted cell, such a character is text: the record stays whole, and
    the name is refused for holding a control character, naming the field."""
    notice = copy.deepcopy(FAMILY)
    notice["tenant"]["name"] = f"Amina{separator}Hassan"
    jsonl = _write(tmp_path, "sep.jsonl", json.dumps(notice, ensure_ascii=False) + "\n")
    csv_file = _write(tmp_path, "sep.csv", _csv([notice]))
    for path, field in ((jsonl, "tenant.name"), (csv_file, "tenant.name")):
        [errors] = _errors(path)
        assert [f for f, _ in errors] == [field], errors
        assert "control character" in errors[0][1]


def test_a_newline_in_a_description_is_prose_and_stays(tmp_path: Path) -> None:
    notice = make_notice(
        "disturbance", datetime.now(UTC) - timedelta(hours=1), notice_id="D-1", **tenant(903)
    )
    notice["disturbance"]["description"] = "Första stycket.\nAndra stycket."
    [item] = read_notice_file(_write(tmp_path, "d.json", json.dumps(notice)))
    assert item.notice is not None and item.notice.disturbance is not None
    assert item.notice.disturbance.description == "Första stycket.\nAndra stycket."


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        (("household", "adults"), True, "household.adults", "not true or false"),
        (("rent_arrears", "debt_sek"), True, "rent_arrears.debt_sek", "not true or false"),
        (("rent_arrears", "months"), False, "rent_arrears.months", "not true or false"),
        (
            ("household", "children_birth_years"),
            [True],
            "household.children_birth_years",
            "not true or false",
        ),
        (("received_at",), 1763283600, "received_at", "not a number"),
        (("received_at",), "1763283600", "received_at", "not a number"),
        (("received_at",), 1763283600.5, "received_at", "not a number"),
        (("rent_arrears", "served_on"), 20251110, "rent_arrears.served_on", "not a number"),
        (("tenant", "name"), "Amina\x00Hassan", "tenant.name", "control character"),
        (("notice_id",), "MIMER-1\nopened   forged", "notice_id", "control character"),
        (("address", "street"), "Exempelgatan \u202e12", "address.street", "control character"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_naming_its_field(
    path: tuple[str, ...], value: Any, field: str, words: str
) -> None:
    from domain.notices import validate_notice

    notice = copy.deepcopy(FAMILY)
    target = notice
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    found, errors = validate_notice(notice)
    assert found is None
    assert [e.field for e in errors] == [field], errors
    assert words in errors[0].reason


def test_people_who_cannot_be_are_refused() -> None:
    from domain.notices import validate_notice

    received = datetime.now(UTC) - timedelta(hours=1)
    baby = make_notice("rent_arrears", received, notice_id="P-1", born=(received - timedelta(days=1)).date())
    _, errors = validate_notice(baby)
    assert [(e.field, "too young" in e.reason) for e in errors] == [("tenant.personnummer", True)]
    older_child = make_notice("rent_arrears", received, notice_id="P-2", children=[1979])
    _, errors = validate_notice(older_child)
    assert [(e.field, e.reason) for e in errors] == [
        ("household.children_birth_years", "a child is born before the tenant")
    ]
    sixteen = make_notice(
        "rent_arrears", received, notice_id="P-3", born=received.date().replace(year=received.year - 17)
    )
    assert validate_notice(sixteen)[1] == []


def test_reading_grows_linearly_with_the_files_size(tmp_path: Path) -> None:
    """Four times the notices take about four times as long, not sixteen (the reader counted
    lines from the start for every notice: 20,000 notices took 71 s). A ratio, not a time: the
    figures are bench/reader_benchmark.py's."""

    def seconds(count: int) -> float:
        path = _write(tmp_path, f"empty-{count}.json", "[" + ",\n".join(["{}"] * count) + "]")
        started = time.process_time()
        assert len(read_notice_file(path)) == count
        return time.process_time() - started

    seconds(5_000)  # warm
    small, large = seconds(25_000), seconds(100_000)
    assert large / small < 8, (small, large)


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=30),
    after=st.text(max_size=20),
)
def test_no_text_in_a_value_splits_a_record_and_no_trailing_text_is_dropped_unread(
    tmp_path_factory: Any, name: str, after: str
) -> None:
    folder = tmp_path_factory.mktemp("sep")
    notice = copy.deepcopy(FAMILY)
    notice["tenant"]["name"] = name
    for path in (
        _write(folder, "n.jsonl", json.dumps(notice, ensure_ascii=False) + "\n"),
        _write(folder, "n.csv", _csv([notice])),
    ):
        assert len(read_notice_file(path)) == 1  # one record, whatever the name holds
    read = read_notice_file(_write(folder, "n.json", json.dumps([notice]) + after))
    if after.strip(" \t\r\n"):
        assert read[-1].errors and read[-1].errors[0].field == "file"
    else:
        assert len(read) == 1
