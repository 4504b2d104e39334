"""Sizes (issue 11, point 8): every field has a limit fit for its meaning, and no notice the
contract accepts can push a case past Temporal's limits: 2 KB for a search attribute's value,
2 MB for a payload (the case's state, carried whole across continue-as-new)."""

import asyncio
import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.case import CaseState
from domain.intake import MAX_NOTICES_PER_CASE, check_room_for
from domain.language import ActionRefused
from domain.notices import DESCRIPTION_LIMIT, MAX_CHILDREN, validate_notice
from infra.temporal import data_converter
from tests.factories import DISTURBANCE
from tests.helpers import TEST_PAYLOAD_KEY
from workflows.case_attributes import searchable

WIDE = "𝔸"  # four bytes in UTF-8: the worst case for every byte limit
SEARCH_ATTRIBUTE_LIMIT = 2048
PAYLOAD_LIMIT = 2 * 1024 * 1024

# Every text field of a notice and its limit in characters.
LIMITS = {
    ("notice_id",): 100,
    ("sender", "name"): 200,
    ("sender", "reference"): 100,
    ("landlord", "name"): 200,
    ("landlord", "contact"): 200,
    ("tenant", "name"): 200,
    ("tenant", "phone"): 40,
    ("address", "street"): 200,
    ("address", "apartment"): 40,
    ("address", "postal_code"): 20,
    ("address", "city"): 100,
    ("district",): 100,
    ("disturbance", "description"): DESCRIPTION_LIMIT,
}


def _set(notice: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = notice
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def widest() -> dict[str, Any]:
    """The disturbance example with every text at its limit in four-byte characters."""
    notice = copy.deepcopy(DISTURBANCE)
    for path, limit in LIMITS.items():
        _set(notice, path, WIDE * limit)
    notice["landlord"]["address"] = {"street": WIDE * 200, "postal_code": WIDE * 20, "city": WIDE * 100}
    notice["household"] = {"adults": 30, "children_birth_years": [2010 + n % 15 for n in range(MAX_CHILDREN)]}
    return notice


@pytest.mark.parametrize("path", sorted(LIMITS), ids=".".join)
def test_a_field_over_its_limit_is_rejected_naming_it(path: tuple[str, ...]) -> None:
    notice = copy.deepcopy(DISTURBANCE)
    _set(notice, path, "x" * (LIMITS[path] + 1))
    parsed, errors = validate_notice(notice)
    assert parsed is None
    assert ".".join(path) in [error.field for error in errors]
    assert all("xxxx" not in error.reason for error in errors)  # the value is never echoed


def test_too_many_children_or_adults_are_rejected() -> None:
    notice = copy.deepcopy(DISTURBANCE)
    notice["household"] = {"adults": 31, "children_birth_years": [2015] * (MAX_CHILDREN + 1)}
    _, errors = validate_notice(notice)
    assert {"household.adults", "household.children_birth_years"} <= {error.field for error in errors}


def test_the_widest_accepted_notice_keeps_a_case_within_temporals_limits() -> None:
    parsed, errors = validate_notice(widest())
    assert parsed is not None, errors
    converter = data_converter(base64_key())
    [notice_payload] = asyncio.run(converter.encode([parsed]))
    assert notice_payload.ByteSize() < 64 * 1024

    state = CaseState(case_id="household-" + "0" * 64, case_number="VRK 2026-000001")
    state.notices = [
        parsed.model_copy(update={"notice_id": f"{n:03d}" + WIDE * 97}) for n in range(MAX_NOTICES_PER_CASE)
    ]
    state.notice_digests = {notice.notice_id: "0" * 64 for notice in state.notices}
    state.district, state.landlord = parsed.district, parsed.landlord.name if parsed.landlord else None
    [state_payload] = asyncio.run(converter.encode([state]))
    assert state_payload.ByteSize() < PAYLOAD_LIMIT, state_payload.ByteSize()

    values = searchable(state, datetime.now(UTC))
    for name, value in values.items():
        assert len(json.dumps(value, default=str, ensure_ascii=False).encode()) < SEARCH_ATTRIBUTE_LIMIT, name


def test_a_full_case_takes_no_new_notice_but_still_answers_a_duplicate() -> None:
    parsed, _ = validate_notice(copy.deepcopy(DISTURBANCE))
    assert parsed is not None
    state = CaseState(case_id="household-x")
    state.notices = [parsed.model_copy(update={"notice_id": f"N-{n}"}) for n in range(MAX_NOTICES_PER_CASE)]
    state.notice_digests = {notice.notice_id: "d" for notice in state.notices}
    check_room_for(state, state.notices[0])  # a duplicate: answered as such
    with pytest.raises(ActionRefused) as refused:
        check_room_for(state, parsed.model_copy(update={"notice_id": "N-NEW"}))
    assert "100" in refused.value.said.sv


def base64_key() -> bytes:
    import base64

    return base64.b64decode(TEST_PAYLOAD_KEY)


def test_search_attributes_show_only_configured_landlords_and_districts() -> None:
    """Issue 11, point 5: a private landlord's name or a district typed freely is mapped to
    `other`, never copied; a configured one keeps its configured spelling."""
    parsed, _ = validate_notice(copy.deepcopy(DISTURBANCE))
    assert parsed is not None
    state = CaseState(case_id="household-x", notices=[parsed])
    state.policy = state.policy.model_copy(
        update={"named_landlords": ["Stena Fastigheter"], "districts": ["Farsta", "Västerås centrum"]}
    )
    now = datetime.now(UTC)
    for landlord, district, shown in (
        ("Anna Hyresvärdsson", "Hemliga gatan 3", ("other", "other")),
        ("stena fastigheter ", "farsta", ("Stena Fastigheter", "Farsta")),
        (None, None, (None, None)),
    ):
        state.landlord, state.district = landlord, district
        values = searchable(state, now)
        assert (values["Landlord"], values["District"]) == shown
    # A case opened before the closed sets existed keeps what it showed.
    state.policy = state.policy.model_copy(update={"named_landlords": [], "districts": []})
    state.landlord, state.district = "Bostads AB Exempel", "Farsta"
    assert searchable(state, now)["Landlord"] == "Bostads AB Exempel"
