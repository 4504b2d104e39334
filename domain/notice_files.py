"""Reading notice files (.json, .jsonl, .csv) into validated notices with their positions.

Each notice is judged on its own: one bad row never stops the rest of the file. A position
is the file and the line (and, for CSV, the data row), so an operator can find and fix it.
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.notice_reasons import RuleBroken
from domain.notices import FieldError, Notice, validate_notice


@dataclass(frozen=True)
class Source:
    file: str
    line: int | None = None
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"file": self.file}
        if self.line is not None:
            found["line"] = self.line
        if self.row is not None:
            found["row"] = self.row
        return found

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.line is not None:
            where += f" line {self.line}"
        return where


@dataclass
class ReadNotice:
    """One notice as read: either `notice` is set, or `errors` says why it was rejected."""

    source: Source
    notice_id: str | None
    notice: Notice | None = None
    errors: list[FieldError] = field(default_factory=list)
    # Where a rejected notice belongs, as sent (the report counts its rejection there, issue 19):
    # only ever matched against the municipality's own lists, never shown as given.
    landlord_as_sent: str | None = None
    district_as_sent: str | None = None


# CSV column -> path in the nested notice (shared/spec/examples/batch.csv plus optional extras).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "notice_id": ("notice_id",),
    "kind": ("kind",),
    "received_at": ("received_at",),
    "sender_kind": ("sender", "kind"),
    "sender_name": ("sender", "name"),
    "sender_reference": ("sender", "reference"),
    "landlord_name": ("landlord", "name"),
    "landlord_contact": ("landlord", "contact"),
    "landlord_street": ("landlord", "address", "street"),
    "landlord_postal_code": ("landlord", "address", "postal_code"),
    "landlord_city": ("landlord", "address", "city"),
    "tenant_personnummer": ("tenant", "personnummer"),
    "tenant_name": ("tenant", "name"),
    "tenant_phone": ("tenant", "phone"),
    "street": ("address", "street"),
    "apartment": ("address", "apartment"),
    "postal_code": ("address", "postal_code"),
    "city": ("address", "city"),
    "district": ("district",),
    "adults": ("household", "adults"),
    "children_birth_years": ("household", "children_birth_years"),
    "served_on": ("rent_arrears", "served_on"),
    "social_services_notified_on": ("rent_arrears", "social_services_notified_on"),
    "debt_sek": ("rent_arrears", "debt_sek"),
    "months_in_arrears": ("rent_arrears", "months"),
    "warning_given_on": ("disturbance", "warning_given_on"),
    "disturbance_description": ("disturbance", "description"),
    "eviction_scheduled_at": ("eviction", "scheduled_at"),
    "kfm_case_number": ("eviction", "kfm_case_number"),
}


class StrictJsonError(RuleBroken):
    """JSON that parses but must not be guessed at: a key given twice, a number that is not finite."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise StrictJsonError(en=f"key {key!r} given twice", sv=f"nyckeln {key!r} finns två gånger")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise StrictJsonError(
        en=f"{name} is not a number a notice can hold", sv=f"{name} är inget tal en underrättelse kan ha"
    )


UNITS_SV = {"digits": "siffror", "characters": "tecken"}
# No number a notice holds has more digits than this (an amount in kronor, a year, a count):
# a longer one is refused before Python's int() is asked (it raises past 4,300 digits).
MAX_NUMBER_LENGTH = 30


def _bounded(convert: Callable[[str], Any], unit: str) -> Callable[[str], Any]:
    """`convert`, for a number written in at most MAX_NUMBER_LENGTH characters."""

    def read(text: str) -> Any:
        if len(text) > MAX_NUMBER_LENGTH:
            raise StrictJsonError(
                en=f"a number of {len(text)} {unit} is not a number a notice can hold",
                sv=f"ett tal med {len(text)} {UNITS_SV[unit]} är inget tal en underrättelse kan ha",
            )
        return convert(text)

    return read


STRICT = json.JSONDecoder(
    object_pairs_hook=_no_duplicate_keys,
    parse_constant=_no_constant,
    parse_int=_bounded(int, "digits"),
    parse_float=_bounded(float, "characters"),
)
# The longest value a notice field holds is a description of 2,000 characters: a CSV cell far
# longer is refused (naming its column) before the csv module's own limit would stop the file.
MAX_CELL = 10_000


def read_notice_file(path: Path) -> list[ReadNotice]:
    """Every notice in a file, in file order; a file that cannot be read is one rejection."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        if isinstance(error, UnicodeDecodeError):
            return [_rejected(Source(name), "file", "not UTF-8 text", "är inte text i UTF-8")]
        return [_rejected(Source(name), "file", "cannot be read", "kan inte läsas")]
    suffix = path.suffix.lower()
    if suffix == ".json":
        return list(_read_json(name, text))
    if suffix == ".jsonl":
        return list(_read_jsonl(name, text))
    if suffix == ".csv":
        return list(_read_csv(name, text))
    return [
        _rejected(
            Source(name),
            "file",
            "must end in .json, .jsonl or .csv",
            "måste sluta på .json, .jsonl eller .csv",
        )
    ]


MAX_DEPTH = 6  # a notice nests three levels; anything deeper is not a notice


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _judge(source: Source, raw: Any) -> ReadNotice:
    if _depth(raw) > MAX_DEPTH:
        return _rejected(
            source,
            "notice",
            f"is nested deeper than {MAX_DEPTH} levels",
            f"är nästlad i fler än {MAX_DEPTH} nivåer",
        )
    notice_id = raw.get("notice_id") if isinstance(raw, dict) else None
    notice, errors = validate_notice(raw)
    landlord = raw.get("landlord") if isinstance(raw, dict) else None
    return ReadNotice(
        source=source,
        notice_id=str(notice_id) if notice_id not in (None, "") else None,
        notice=notice,
        errors=errors,
        landlord_as_sent=_text(landlord.get("name")) if isinstance(landlord, dict) else None,
        district_as_sent=_text(raw.get("district")) if isinstance(raw, dict) else None,
    )


class NotJson(ValueError):
    """A request body that is not one JSON value at all (the senders' API answers 400)."""


def parse_body(body: bytes) -> Any:
    """The JSON value of a request's body (the senders' API). Raises NotJson for a body that is
    not JSON, StrictJsonError for JSON that must not be guessed at (a key twice)."""
    try:
        return STRICT.decode(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise NotJson(type(error).__name__) from None


def read_notice_value(raw: Any, source: Source, received_at: str) -> ReadNotice:
    """One notice sent as a request's body, already parsed: judged by the same rules as a file's
    notice; `received_at` is the notice's when the sender left it out (the server's time of
    receipt, shared/spec/intake-api.md)."""
    if isinstance(raw, dict) and raw.get("received_at") is None:
        raw["received_at"] = received_at
    return _judge(source, raw)


def read_notice_body(body: bytes, source: Source, received_at: str) -> ReadNotice:
    """`read_notice_value` of the body; JSON that must not be guessed at is one rejection.
    Raises NotJson for a body that is not JSON."""
    try:
        raw = parse_body(body)
    except StrictJsonError as error:
        return _rejected(source, "notice", str(error), error.sv)
    return read_notice_value(raw, source, received_at)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= MAX_CELL else None


def _rejected(source: Source, field_name: str, reason: str, reason_sv: str) -> ReadNotice:
    return ReadNotice(source, None, errors=[FieldError(field=field_name, reason=reason, reason_sv=reason_sv)])


class _Lines:
    """Line numbers of offsets met in increasing order, counted once: linear in the file's size
    (counting from the start for every notice made a 20,000-notice array quadratic)."""

    def __init__(self, text: str) -> None:
        self._text, self._offset, self._line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self._offset:
            return self._text.count("\n", 0, offset) + 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _read_json(name: str, text: str) -> Iterator[ReadNotice]:
    lines = _Lines(text)
    start = _skip_space(text, 0)
    if start < len(text) and text[start] == "[":
        yield from _read_json_array(name, text, start, lines)
        return
    try:
        raw = STRICT.decode(text)
    except json.JSONDecodeError as error:
        yield _rejected(Source(name, error.lineno), "file", "invalid JSON", "är inte giltig JSON")
        return
    except StrictJsonError as error:
        yield _rejected(Source(name, lines.at(start)), "notice", str(error), error.sv)
        return
    except RecursionError:
        yield _rejected(Source(name, lines.at(start)), "notice", "is nested too deep", "är nästlad för djupt")
        return
    yield _judge(Source(name, lines.at(start)), raw)


def _read_json_array(name: str, text: str, start: int, lines: _Lines) -> Iterator[ReadNotice]:
    """Item by item, so each notice keeps the line it starts on; anything after the closing
    bracket but white space makes the file invalid (it would otherwise be dropped unread)."""
    position = _skip_space(text, start + 1)
    closed = position < len(text) and text[position] == "]"
    while not closed and position < len(text):
        try:
            raw, end = STRICT.raw_decode(text, position)
        except json.JSONDecodeError as error:
            yield _rejected(Source(name, lines.at(error.pos)), "file", "invalid JSON", "är inte giltig JSON")
            return
        except StrictJsonError as error:
            yield _rejected(Source(name, lines.at(position)), "notice", str(error), error.sv)
            return
        except RecursionError:
            yield _rejected(
                Source(name, lines.at(position)), "notice", "is nested too deep", "är nästlad för djupt"
            )
            return
        yield _judge(Source(name, lines.at(position)), raw)
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
        elif position < len(text) and text[position] == "]":
            closed = True
        else:
            yield _rejected(Source(name, lines.at(position)), "file", "invalid JSON", "är inte giltig JSON")
            return
    if not closed:
        yield _rejected(
            Source(name, lines.at(position)),
            "file",
            "invalid JSON: the array is not closed",
            "är inte giltig JSON: listan avslutas aldrig",
        )
        return
    after = _skip_space(text, position + 1)
    if after < len(text):
        yield _rejected(
            Source(name, lines.at(after)),
            "file",
            "has more after the closing ']': one array of notices only",
            "har mer efter den avslutande ']': bara en lista med underrättelser",
        )


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _read_jsonl(name: str, text: str) -> Iterator[ReadNotice]:
    # A record ends at a line feed only: U+2028, U+0085 and the like are text inside a string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            raw = STRICT.decode(line)
        except json.JSONDecodeError:
            yield _rejected(Source(name, number), "line", "invalid JSON", "är inte giltig JSON")
            continue
        except StrictJsonError as error:
            yield _rejected(Source(name, number), "notice", str(error), error.sv)
            continue
        except RecursionError:
            yield _rejected(Source(name, number), "notice", "is nested too deep", "är nästlad för djupt")
            continue
        yield _judge(Source(name, number), raw)


def _read_csv(name: str, text: str) -> Iterator[ReadNotice]:
    # The csv module's own limit (131,072 characters a cell) would end the file with an error;
    # above our own bound a cell is refused with its column instead.
    before = csv.field_size_limit(max(len(text), MAX_CELL) + 1)
    try:
        yield from _read_csv_rows(name, text)
    finally:
        csv.field_size_limit(before)


def _read_csv_rows(name: str, text: str) -> Iterator[ReadNotice]:
    # Records end where CSV says (a line break outside quotes), never at U+2028 or U+0085.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error:
        yield _rejected(Source(name, 1), "header", "is not valid CSV", "är inte giltig CSV")
        return
    unknown = [column for column in header if column not in CSV_COLUMNS]
    twice = sorted({column for column in header if header.count(column) > 1})
    if "notice_id" not in header:
        yield _rejected(Source(name, 1), "header", "has no notice_id column", "saknar kolumnen notice_id")
        return
    # A misspelt column would lose its data without a word (a family's children, say): every
    # notice of the file is rejected, naming the column, until the file is corrected.
    problems = [(f"unknown column {c!r}", f"okänd kolumn {c!r}") for c in unknown] + [
        (f"column {c!r} given twice", f"kolumnen {c!r} finns två gånger") for c in twice
    ]
    for row_number, row in enumerate(_rows(reader), start=1):
        source = Source(name, line=reader.line_num, row=row_number)
        if row is None:
            yield _rejected(source, "row", "is not valid CSV", "är inte giltig CSV")
            continue
        if None in row:
            yield _rejected(
                source,
                "row",
                "has more cells than the header has columns",
                "har fler celler än rubrikraden har kolumner",
            )
            continue
        if problems:
            notice_id = (row.get("notice_id") or "").strip()[:MAX_CELL] or None
            errors = [FieldError(field="header", reason=en, reason_sv=sv) for en, sv in problems]
            yield ReadNotice(source, notice_id, errors=errors)
            continue
        long = [column for column, value in row.items() if value is not None and len(value) > MAX_CELL]
        if long:
            errors = [
                FieldError(
                    field=c,
                    reason=f"is longer than {MAX_CELL} characters",
                    reason_sv=f"är längre än {MAX_CELL} tecken",
                )
                for c in long
            ]
            yield ReadNotice(source, None, errors=errors)
            continue
        raw: dict[str, Any] = {}
        for column, value in row.items():
            if column in unknown or value is None or value.strip() == "":
                continue
            _put(raw, CSV_COLUMNS[column], _csv_value(column, value.strip()))
        yield _judge(source, raw)


def _rows(reader: "csv.DictReader[str]") -> Iterator[dict[str | Any, str | Any] | None]:
    """The rows, with None for one the csv module cannot read (the next row is still read)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield None


def _csv_value(column: str, value: str) -> Any:
    if column == "children_birth_years":
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
