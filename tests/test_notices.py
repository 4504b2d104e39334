"""The notice contract (shared/spec/notices.md): every example accepted, every rule enforced."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from domain.notice_files import read_notice_file
from domain.notices import NoticeKind, validate_notice
from tests.factories import DISTURBANCE, EVICTION, EXAMPLES, FAMILY


def test_every_example_file_is_accepted() -> None:
    read = [item for path in sorted(EXAMPLES.iterdir()) for item in read_notice_file(path)]
    assert [item.errors for item in read] == [[]] * 6
    kinds = {item.notice_id: item.notice.kind for item in read if item.notice}
    assert kinds["SOC-2026-11-0007"] is NoticeKind.EARLY_WARNING
    assert kinds["KFM-2026-1234567"] is NoticeKind.EVICTION


def test_csv_empty_cells_are_not_given_and_children_split_on_semicolons() -> None:
    batch = {item.notice_id: item.notice for item in read_notice_file(EXAMPLES / "batch.csv")}
    lars, sara, nils = (
        batch["MIMER-2026-11-0501"],
        batch["MIMER-2026-11-0502"],
        batch["SOC-2026-11-0007"],
    )
    assert lars and sara and nils
    assert lars.tenant.phone is None and lars.children_birth_years() is None  # unknown, not "none"
    assert sara.children_birth_years() == [2021]
    assert nils.landlord is not None and nils.rent_arrears is None
    assert lars.tenant_age() == 66 and lars.rent_arrears and lars.rent_arrears.months == 1


def test_household_absent_is_unknown_and_empty_list_is_no_children() -> None:
    eviction, _ = validate_notice(EVICTION)
    disturbance, _ = validate_notice(DISTURBANCE)
    assert eviction and eviction.children_birth_years() is None
    assert disturbance and disturbance.children_birth_years() == []


def broken(base: dict[str, Any], path: str, value: Any = ...) -> dict[str, Any]:
    """A copy of `base` with the field at `path` removed (no value) or replaced."""
    notice = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = notice
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return notice


@pytest.mark.parametrize(
    ("notice", "field", "reason"),
    [
        (broken(FAMILY, "notice_id"), "notice_id", "is required"),
        (broken(FAMILY, "notice_id", "  "), "notice_id", "at least 1 character"),
        (broken(FAMILY, "kind", "eviction_soon"), "kind", "Input should be"),
        (broken(FAMILY, "received_at", "2026-11-23T09:12:00"), "received_at", "timezone"),
        (broken(FAMILY, "received_at", "yesterday"), "received_at", "datetime"),
        (broken(FAMILY, "sender.kind", "neighbour"), "sender.kind", "Input should be"),
        (broken(FAMILY, "sender.name"), "sender.name", "is required"),
        (broken(FAMILY, "landlord"), "landlord", "required unless an early warning"),
        (broken(FAMILY, "landlord.name"), "landlord.name", "is required"),
        (
            broken(FAMILY, "tenant.personnummer", "19850412-2387"),
            "tenant.personnummer",
            "check digit",
        ),
        (
            broken(FAMILY, "tenant.personnummer", "19850231-2386"),
            "tenant.personnummer",
            "real date",
        ),
        (broken(FAMILY, "tenant.personnummer", "1985-04-12"), "tenant.personnummer", "12 digits"),
        (broken(FAMILY, "tenant.personnummer"), "tenant.personnummer", "is required"),
        (broken(FAMILY, "tenant.name"), "tenant.name", "is required"),
        (broken(FAMILY, "address.street"), "address.street", "is required"),
        (broken(FAMILY, "address.postal_code"), "address.postal_code", "is required"),
        (broken(FAMILY, "address.city"), "address.city", "is required"),
        (broken(FAMILY, "household.adults", -1), "household.adults", "greater than or equal to 0"),
        (
            broken(FAMILY, "household.children_birth_years", [2030]),
            "household.children_birth_years",
            "future",
        ),
        (broken(FAMILY, "rent_arrears"), "rent_arrears", "required for a rent_arrears notice"),
        (broken(FAMILY, "rent_arrears.served_on"), "rent_arrears.served_on", "is required"),
        (
            broken(FAMILY, "rent_arrears.social_services_notified_on"),
            "rent_arrears.social_services_notified_on",
            "is required",
        ),
        (
            broken(FAMILY, "rent_arrears.served_on", "2026-11-24"),
            "rent_arrears.served_on",
            "after received_at",
        ),
        (
            broken(FAMILY, "rent_arrears.social_services_notified_on", "2026-12-01"),
            "rent_arrears.social_services_notified_on",
            "after received_at",
        ),
        (
            broken(FAMILY, "rent_arrears.debt_sek", -5),
            "rent_arrears.debt_sek",
            "greater than or equal to 0",
        ),
        (broken(DISTURBANCE, "disturbance"), "disturbance", "required for a disturbance notice"),
        (
            broken(DISTURBANCE, "disturbance.warning_given_on"),
            "disturbance.warning_given_on",
            "is required",
        ),
        (broken(EVICTION, "eviction"), "eviction", "required for a eviction notice"),
        (broken(EVICTION, "eviction.scheduled_at"), "eviction.scheduled_at", "is required"),
        (broken(EVICTION, "eviction.kfm_case_number"), "eviction.kfm_case_number", "is required"),
        (
            broken(EVICTION, "eviction.scheduled_at", "2026-11-13T09:00:00+01:00"),
            "eviction.scheduled_at",
            "after received_at",
        ),
    ],
)
def test_each_rule_broken_once_is_named(notice: dict[str, Any], field: str, reason: str) -> None:
    parsed, errors = validate_notice(notice)
    assert parsed is None
    assert field in [error.field for error in errors], errors
    assert any(reason in error.reason for error in errors if error.field == field), errors
    personnummer = notice.get("tenant", {}).get("personnummer", "-")
    assert all(personnummer not in error.reason for error in errors)


def test_early_warning_from_others_needs_no_landlord_but_from_a_landlord_it_does() -> None:
    early = {
        "notice_id": "SOC-1", "kind": "early_warning", "received_at": "2026-11-26T11:00:00+01:00",
        "sender": {"kind": "relative", "name": "En anhörig"},
        "tenant": FAMILY["tenant"], "address": FAMILY["address"],
    }  # fmt: skip
    assert validate_notice(early)[1] == []
    from_landlord = dict(early, sender={"kind": "landlord", "name": "Mimer"})
    assert [e.field for e in validate_notice(from_landlord)[1]] == ["landlord"]


def test_ten_digit_personnummer_is_normalised() -> None:
    notice, _ = validate_notice(broken(FAMILY, "tenant.personnummer", "850412-2386"))
    assert notice and notice.tenant.personnummer == "19850412-2386"


def test_extra_fields_from_senders_are_accepted() -> None:
    notice, errors = validate_notice(dict(FAMILY, sender_system="hyra-2.1"))
    assert notice and not errors


def test_files_report_positions_and_go_on_after_a_bad_notice(tmp_path: Path) -> None:
    array = tmp_path / "two.json"
    array.write_text(
        "[\n" + json.dumps(FAMILY, indent=1) + ",\n" + json.dumps(broken(FAMILY, "kind", "x")) + "\n]\n"
    )
    first, second = read_notice_file(array)
    assert first.notice and first.source.line == 2
    assert (
        second.notice is None
        and second.source.line == FAMILY_LINES + 2
        and second.notice_id == "MIMER-2026-11-0412"
    )

    lines = tmp_path / "n.jsonl"
    lines.write_text(json.dumps(FAMILY) + "\n\n{broken\n" + json.dumps(EVICTION) + "\n")
    read = read_notice_file(lines)
    assert [(r.source.line, bool(r.notice)) for r in read] == [(1, True), (3, False), (4, True)]
    assert read[1].errors[0].reason == "invalid JSON"

    wrong = tmp_path / "notice.xml"
    wrong.write_text("<notice/>")
    assert read_notice_file(wrong)[0].errors[0].reason == "must end in .json, .jsonl or .csv"
    assert read_notice_file(tmp_path / "missing.json")[0].errors[0].reason == "cannot be read"

    short_csv = tmp_path / "short.csv"
    short_csv.write_text("kind,received_at\nrent_arrears,2026-11-26T08:30:00+01:00\n")
    assert read_notice_file(short_csv)[0].errors[0].field == "header"


FAMILY_LINES = len(json.dumps(FAMILY, indent=1).splitlines())


def test_consent_is_flagged_when_the_landlord_did_not_send_the_notice() -> None:
    from domain.case import CaseState, RegisterCheck
    from domain.consent import consent_needed_for

    early, _ = validate_notice(
        {
            "notice_id": "SOC-2",
            "kind": "early_warning",
            "received_at": "2026-11-26T11:00:00+01:00",
            "sender": {"kind": "other_administration", "name": "Äldreförvaltningen"},
            "tenant": FAMILY["tenant"],
            "address": FAMILY["address"],
        }
    )
    landlord, _ = validate_notice(FAMILY)
    assert early and landlord
    state = CaseState(case_id="household-x", notices=[early])
    state.register_check = RegisterCheck(
        known_in_unit="Äldreförvaltningen", known_in_other_administration=True
    )
    assert [whom.en for whom in consent_needed_for(state)] == [
        "landlord",
        "other administration: Äldreförvaltningen",
    ]
    assert [whom.sv for whom in consent_needed_for(state)] == [
        "hyresvärden",
        "annan förvaltning: Äldreförvaltningen",
    ]
    assert consent_needed_for(CaseState(case_id="household-y", notices=[landlord])) == []


def test_a_notice_received_later_than_it_is_taken_in_is_from_the_future() -> None:
    from datetime import datetime, timedelta

    from domain.notices import Notice, received_in_the_future

    notice = Notice.model_validate(FAMILY)
    taken_in = notice.received_at + timedelta(days=6)
    assert received_in_the_future(notice, taken_in) is None
    assert received_in_the_future(notice, notice.received_at - timedelta(minutes=4)) is None  # clocks differ
    error = received_in_the_future(notice, notice.received_at - timedelta(hours=2))
    assert error is not None and error.field == "received_at"
    assert error.reason == "is later than the moment the notice is taken in"
    assert isinstance(taken_in, datetime)


def test_the_landlords_postal_address_is_read_from_json_and_csv(tmp_path: Path) -> None:
    from domain.notices import Notice

    family = Notice.model_validate(FAMILY)
    assert family.landlord is not None and family.landlord.address is not None
    assert family.landlord.address.lines() == ["Box 1170", "721 29 Västerås"]
    header, row = (EXAMPLES / "batch.csv").read_text().splitlines()[:2]
    extended = tmp_path / "with-address.csv"
    extended.write_text(
        header + ",landlord_street,landlord_postal_code,landlord_city\n" + row + ",Box 1,721 00,Västerås\n"
    )
    [read] = read_notice_file(extended)
    assert read.notice and read.notice.landlord and read.notice.landlord.address
    assert read.notice.landlord.address.street == "Box 1"


def test_a_misspelt_or_doubled_csv_column_rejects_the_file_s_notices_naming_it(tmp_path: Path) -> None:
    header, row = (EXAMPLES / "batch.csv").read_text().splitlines()[:2]
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text(header.replace("children_birth_years", "children_birth_year") + "\n" + row + "\n")
    [read] = read_notice_file(misspelt)
    assert read.notice is None and read.notice_id == "MIMER-2026-11-0501"
    assert [e.reason for e in read.errors] == ["unknown column 'children_birth_year'"]
    doubled = tmp_path / "doubled.csv"
    doubled.write_text(header + ",district\n" + row + ",Farsta\n")
    [read] = read_notice_file(doubled)
    assert read.notice is None and [e.reason for e in read.errors] == ["column 'district' given twice"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"notice_id": "A", "notice_id": "B"}', "key 'notice_id' given twice"),
        ('{"rent_arrears": {"debt_sek": Infinity}}', "Infinity is not a number a notice can hold"),
        ('{"rent_arrears": {"debt_sek": NaN}}', "NaN is not a number a notice can hold"),
    ],
)
def test_json_that_would_have_to_be_guessed_at_is_rejected(text: str, reason: str, tmp_path: Path) -> None:
    for suffix, content in ((".json", text), (".jsonl", text + "\n"), (".json", "[" + text + "]")):
        path = tmp_path / f"strict{suffix}"
        path.write_text(content)
        [read] = read_notice_file(path)
        assert read.notice is None and [(e.field, e.reason) for e in read.errors] == [("notice", reason)]


def test_a_debt_that_is_not_a_finite_number_is_rejected(tmp_path: Path) -> None:
    header, row = (EXAMPLES / "batch.csv").read_text().splitlines()[:2]
    path = tmp_path / "inf.csv"
    path.write_text(header + "\n" + row.replace(",9800,", ",inf,") + "\n")
    [read] = read_notice_file(path)
    assert read.notice is None and read.errors[0].field == "rent_arrears.debt_sek"


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("received_at", "1900-01-02T09:00:00+01:00", "received_at"),
        ("received_at", "9999-01-02T09:00:00+01:00", "received_at"),
        ("received_at", "0001-01-02T09:00:00+01:00", "received_at"),
        ("eviction.scheduled_at", "9999-12-02T09:00:00+01:00", "eviction.scheduled_at"),
        ("eviction.scheduled_at", "2031-12-02T09:00:00+01:00", "eviction.scheduled_at"),
    ],
)
def test_dates_the_calendar_cannot_handle_are_rejected(field: str, value: str, named: str) -> None:
    raw = broken(EVICTION, field, value)
    notice, errors = validate_notice(raw)
    assert notice is None and named in [e.field for e in errors]


def test_an_age_outside_0_to_125_is_rejected() -> None:
    old = copy.deepcopy(FAMILY)
    old["tenant"]["personnummer"] = "18800101-0027"
    notice, errors = validate_notice(old)
    assert notice is None and ("tenant.personnummer", "gives an age outside 0-125 years") in [
        (e.field, e.reason) for e in errors
    ]


def test_structures_nested_too_deep_are_rejected_and_the_next_file_still_read(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    nested = tmp_path / "nested.jsonl"
    nested.write_text(
        json.dumps({**FAMILY, "household": {"adults": {"a": {"b": {"c": {"d": {"e": 1}}}}}}}) + "\n"
    )
    good = tmp_path / "good.json"
    good.write_text(json.dumps(FAMILY))
    read = [item for path in (deep, nested, good) for item in read_notice_file(path)]
    assert [e.reason for e in read[0].errors] == ["is nested too deep"] or "nested" in read[0].errors[
        0
    ].reason
    assert "nested deeper" in read[1].errors[0].reason
    assert read[2].notice is not None
