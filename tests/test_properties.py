"""Property-based tests (issue 11): generated notice files, valid and broken (types, encodings,
sizes, dates, digit forms, markup and control characters, duplicate keys, unknown columns).

For every file: each notice is either accepted or rejected naming a field and a reason, never a
traceback and never the value. On the real dev server, through the command line: every receipt
is a clean rejection with nothing started, or a case that runs and can be shown; a person is
one case whatever digits their number is written in.

A fixed number of examples keeps the suite's time; EVICTION_PROPERTY_EXAMPLES raises it (the
reading properties run ten times as many as the server ones).
"""

import base64
import csv
import io
import json
import os
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from domain.identity import case_id_for, parse_identity_number
from domain.notice_files import CSV_COLUMNS, read_notice_file
from tests.devserver import Operator, running_dev_server
from tests.factories import make_notice, make_personnummer
from tests.helpers import TEST_CASE_ID_KEY

CASE_ID_KEY = base64.b64decode(TEST_CASE_ID_KEY)
SERVER_EXAMPLES = int(os.environ.get("EVICTION_PROPERTY_EXAMPLES", "6"))
READ_EXAMPLES = SERVER_EXAMPLES * 40
KINDS = ["rent_arrears", "eviction", "disturbance", "early_warning"]
DIGIT_FORMS = [
    str.maketrans("0123456789", "０１２３４５６７８９"),  # fullwidth
    str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),  # Arabic-Indic
    str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),  # Persian
    str.maketrans("0123456789", "०१२३४५६७८९"),  # Devanagari
]
HOSTILE = [
    "[/]", "[red]x[/red]", "\x1b[31mred", "\u202eevil", "a\x00b", "é" * 3000, "", " ", "𝔸" * 101,
    "a\u2028b", "a\u0085b", "a\nb", "王秀英", "محمد", "1763283600",
]  # fmt: skip
ODD_VALUES: list[Any] = [
    None, 0, -1, 1e308, float("inf"), True, False, [], {}, "9999-12-31", "0001-01-01", 10**40,
    1763283600, [True], *HOSTILE,
]  # fmt: skip
PATHS = [
    ("notice_id",),
    ("kind",),
    ("received_at",),
    ("sender", "kind"),
    ("sender", "name"),
    ("tenant", "personnummer"),
    ("tenant", "name"),
    ("tenant", "phone"),
    ("address", "street"),
    ("address", "postal_code"),
    ("district",),
    ("household", "children_birth_years"),
    ("household", "adults"),
    ("rent_arrears", "served_on"),
    ("rent_arrears", "debt_sek"),
    ("eviction", "scheduled_at"),
    ("landlord", "name"),
]


@st.composite
def notices(draw: st.DrawFn, prefix: str = "P") -> dict[str, Any]:
    """A notice as a sender might write it: valid, then perhaps broken in one or two places."""
    now = datetime.now(UTC)
    kind = draw(st.sampled_from(KINDS))
    received = now - timedelta(days=draw(st.integers(0, 40)), minutes=draw(st.integers(5, 600)))
    serial = draw(st.integers(1, 998))
    born = date(draw(st.integers(1925, 2005)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    notice = make_notice(
        kind,
        received,
        notice_id=f"{prefix}-{draw(st.integers(0, 10**9))}",
        serial=serial,
        born=born,
        children=draw(st.lists(st.integers(2008, 2025), max_size=4)),
        district=draw(st.sampled_from(["Farsta", "Västerås centrum", "Okänd stadsdel", None])),
        served_on=received.date() - timedelta(days=draw(st.integers(0, 10))),
        scheduled_at=received + timedelta(days=draw(st.integers(1, 60))),
    )
    for _ in range(draw(st.integers(0, 2))):
        path = draw(st.sampled_from(PATHS))
        target = notice
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(target, dict) else {}
        if not isinstance(target, dict):
            continue
        if draw(st.booleans()):
            target.pop(path[-1], None)
        else:
            target[path[-1]] = draw(st.sampled_from(ODD_VALUES))
    if draw(st.booleans()) and isinstance(notice.get("tenant"), dict):
        number = notice["tenant"].get("personnummer")
        if isinstance(number, str):
            notice["tenant"]["personnummer"] = number.translate(draw(st.sampled_from(DIGIT_FORMS)))
    return notice


def _flat(notice: dict[str, Any]) -> dict[str, str]:
    row: dict[str, str] = {}
    for column, path in CSV_COLUMNS.items():
        value: Any = notice
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        row[column] = "" if value is None else str(value)
    return row


@st.composite
def files(draw: st.DrawFn, prefix: str = "P") -> tuple[str, bytes]:
    """A file of notices: JSON, JSON lines or CSV; sometimes a key twice, an unknown column, a
    byte order mark, or bytes that are not UTF-8."""
    batch = draw(st.lists(notices(prefix), min_size=1, max_size=4))
    form = draw(st.sampled_from(["json", "jsonl", "csv"]))
    if form == "json":
        text = json.dumps(batch if len(batch) > 1 else batch[0], ensure_ascii=draw(st.booleans()))
        if draw(st.booleans()):
            text = text.replace('"kind": ', '"kind": "eviction", "kind": ', 1)
    elif form == "jsonl":
        text = "\n".join(json.dumps(notice) for notice in batch) + "\n"
    else:
        buffer = io.StringIO()
        columns = list(CSV_COLUMNS)
        if draw(st.booleans()):
            columns.append(draw(st.sampled_from(["children_birth_year", "notice_id", "extra"])))
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", restval="")
        writer.writeheader()
        for notice in batch:
            writer.writerow(_flat(notice))
        text = buffer.getvalue()
    data = text.encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        data = data.replace(b"e", b"\xe9", 1)  # Latin-1, not UTF-8
    return form, data


def _check_read(read: list[Any], data: bytes) -> None:
    assert read, "a file gives at least one receipt"
    for item in read:
        if item.notice is None:
            assert item.errors, "a rejection names what is wrong"
            for error in item.errors:
                assert error.field and error.reason
                assert len(error.reason) < 500
                for hostile in ("\x1b[31m", "\u202e", "é" * 100):
                    assert hostile not in error.reason
        else:
            assert not item.errors
            notice = item.notice
            assert parse_identity_number(notice.tenant.personnummer).normalised.isascii()
            # What was accepted is what a person can read: no control character in a one-line
            # field, no boolean taken for a number.
            for text in (notice.notice_id, notice.tenant.name, notice.address.street, notice.sender.name):
                assert not any(c in text for c in "\x00\n\r\u2028\u0085\u202e"), text
            if notice.household and notice.household.adults is not None:
                assert type(notice.household.adults) is int


@settings(max_examples=READ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_every_generated_file_reads_into_clean_receipts(
    tmp_path_factory: Any, generated: tuple[str, bytes]
) -> None:
    form, data = generated
    path = tmp_path_factory.mktemp("read") / f"notices.{form}"
    path.write_bytes(data)
    _check_read(read_notice_file(path), data)


@settings(max_examples=READ_EXAMPLES, deadline=None)
@given(
    st.integers(1925, 2005),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(1, 998),
    st.sampled_from(DIGIT_FORMS),
)
def test_a_person_is_one_case_whatever_digits_their_number_is_written_in(
    year: int, month: int, day: int, serial: int, form: dict[int, str]
) -> None:
    number = make_personnummer(date(year, month, day), serial)
    key = CASE_ID_KEY
    ascii_id = case_id_for(parse_identity_number(number).normalised, key)
    assert case_id_for(parse_identity_number(number.translate(form)).normalised, key) == ascii_id
    assert case_id_for(parse_identity_number(number.replace("-", "")).normalised, key) == ascii_id


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with running_dev_server(tmp_path_factory.mktemp("properties")) as running:
        yield running


@pytest.mark.devserver
@settings(
    max_examples=SERVER_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(files(prefix="S"))
def test_every_generated_file_is_taken_in_cleanly_and_every_case_runs(
    operator: Operator, tmp_path_factory: Any, generated: tuple[str, bytes]
) -> None:
    form, data = generated
    path = tmp_path_factory.mktemp("intake") / f"notices.{form}"
    path.write_bytes(data)
    done = operator.run("intake", str(path), "--json")
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    receipts = [json.loads(line) for line in done.stdout.splitlines()]  # stdout is JSON only
    expected = read_notice_file(path)
    assert len(receipts) == len(expected)
    for receipt, read in zip(receipts, expected, strict=True):
        if read.notice is None:
            assert receipt["status"] == "rejected" and receipt["errors"] and "case_id" not in receipt
        elif receipt["status"] == "rejected":  # refused by the case or in the future: named
            assert receipt["errors"][0]["reason"]
        else:
            assert receipt["status"] in ("opened", "joined", "duplicate")
            number = parse_identity_number(read.notice.tenant.personnummer).normalised
            assert receipt["case_id"] == case_id_for(number, CASE_ID_KEY)
    taken = [r["case_id"] for r in receipts if r["status"] in ("opened", "joined")]
    if taken:
        case_id = random.Random(len(data)).choice(taken)
        shown = operator.show_when(case_id, lambda view: view["phase"] != "intake")
        assert shown["case_id"] == case_id and shown["phase"] != "intake"
