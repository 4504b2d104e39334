"""Reading notice files (.json, .jsonl, .csv) into validated notices with their positions.

Each notice is judged on its own: one bad row never stops the rest of the file. A position
is the file and the line (and, for CSV, the data row), so an operator can find and fix it.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


class StrictJsonError(ValueError):
    """JSON that parses but must not be guessed at: a key given twice, a number that is not finite."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise StrictJsonError(f"key {key!r} given twice")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise StrictJsonError(f"{name} is not a number a notice can hold")


STRICT = json.JSONDecoder(object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)


def read_notice_file(path: Path) -> list[ReadNotice]:
    """Every notice in a file, in file order; a file that cannot be read is one rejection."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "cannot be read"
        return [_rejected(Source(name), "file", reason)]
    suffix = path.suffix.lower()
    if suffix == ".json":
        return list(_read_json(name, text))
    if suffix == ".jsonl":
        return list(_read_jsonl(name, text))
    if suffix == ".csv":
        return list(_read_csv(name, text))
    return [_rejected(Source(name), "file", "must end in .json, .jsonl or .csv")]


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
        return _rejected(source, "notice", f"is nested deeper than {MAX_DEPTH} levels")
    notice_id = raw.get("notice_id") if isinstance(raw, dict) else None
    notice, errors = validate_notice(raw)
    return ReadNotice(
        source=source,
        notice_id=str(notice_id) if notice_id not in (None, "") else None,
        notice=notice,
        errors=errors,
    )


def _rejected(source: Source, field_name: str, reason: str) -> ReadNotice:
    return ReadNotice(source, None, errors=[FieldError(field=field_name, reason=reason)])


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _read_json(name: str, text: str) -> Iterator[ReadNotice]:
    decoder = STRICT
    start = _skip_space(text, 0)
    if start < len(text) and text[start] == "[":
        # Decode item by item so each notice keeps the line it starts on.
        position = _skip_space(text, start + 1)
        if position < len(text) and text[position] == "]":
            return
        while position < len(text):
            try:
                raw, end = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                yield _rejected(Source(name, _line_of(text, error.pos)), "file", "invalid JSON")
                return
            except StrictJsonError as error:
                yield _rejected(Source(name, _line_of(text, position)), "notice", str(error))
                return
            except RecursionError:
                yield _rejected(Source(name, _line_of(text, position)), "notice", "is nested too deep")
                return
            yield _judge(Source(name, _line_of(text, position)), raw)
            position = _skip_space(text, end)
            if position < len(text) and text[position] == ",":
                position = _skip_space(text, position + 1)
            elif position < len(text) and text[position] == "]":
                return
            else:
                yield _rejected(Source(name, _line_of(text, position)), "file", "invalid JSON")
                return
        yield _rejected(Source(name, _line_of(text, position)), "file", "invalid JSON")
        return
    try:
        raw = STRICT.decode(text)
    except json.JSONDecodeError as error:
        yield _rejected(Source(name, error.lineno), "file", "invalid JSON")
        return
    except StrictJsonError as error:
        yield _rejected(Source(name, _line_of(text, start)), "notice", str(error))
        return
    except RecursionError:
        yield _rejected(Source(name, _line_of(text, start)), "notice", "is nested too deep")
        return
    yield _judge(Source(name, _line_of(text, start)), raw)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _read_jsonl(name: str, text: str) -> Iterator[ReadNotice]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = STRICT.decode(line)
        except json.JSONDecodeError:
            yield _rejected(Source(name, number), "line", "invalid JSON")
            continue
        except StrictJsonError as error:
            yield _rejected(Source(name, number), "notice", str(error))
            continue
        except RecursionError:
            yield _rejected(Source(name, number), "notice", "is nested too deep")
            continue
        yield _judge(Source(name, number), raw)


def _read_csv(name: str, text: str) -> Iterator[ReadNotice]:
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    unknown = [column for column in header if column not in CSV_COLUMNS]
    twice = sorted({column for column in header if header.count(column) > 1})
    if "notice_id" not in header:
        yield _rejected(Source(name, 1), "header", "has no notice_id column")
        return
    # A misspelt column would lose its data without a word (a family's children, say): every
    # notice of the file is rejected, naming the column, until the file is corrected.
    problems = [f"unknown column {column!r}" for column in unknown] + [
        f"column {c!r} given twice" for c in twice
    ]
    for row_number, row in enumerate(reader, start=1):
        source = Source(name, line=reader.line_num, row=row_number)
        if None in row:
            yield _rejected(source, "row", "has more cells than the header has columns")
            continue
        if problems:
            notice_id = (row.get("notice_id") or "").strip() or None
            errors = [FieldError(field="header", reason=problem) for problem in problems]
            yield ReadNotice(source, notice_id, errors=errors)
            continue
        raw: dict[str, Any] = {}
        for column, value in row.items():
            if column in unknown or value is None or value.strip() == "":
                continue
            _put(raw, CSV_COLUMNS[column], _csv_value(column, value.strip()))
        yield _judge(source, raw)


def _csv_value(column: str, value: str) -> Any:
    if column == "children_birth_years":
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
