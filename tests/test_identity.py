"""Personnummer and samordningsnummer: normal form, checks, ages, and the keyed case id."""

import sys
import unicodedata
from datetime import date

import pytest

from domain.identity import IdentityNumberError, case_id_for, parse_identity_number
from tests.factories import luhn_digit


@pytest.mark.parametrize(
    "raw", ["19850412-2386", "198504122386", "850412-2386", "8504122386", " 19850412-2386 "]
)
def test_forms_normalise_to_twelve_digits(raw: str) -> None:
    assert parse_identity_number(raw).normalised == "19850412-2386"


def test_samordningsnummer_is_accepted_with_its_real_birth_date() -> None:
    number = f"19850472-238{luhn_digit('850472238')}"
    parsed = parse_identity_number(number)
    assert parsed.coordination_number and parsed.birth_date == date(1985, 4, 12)


def test_plus_sign_means_a_hundred_years_or_more() -> None:
    number = f"200101+123{luhn_digit('200101123')}"
    assert parse_identity_number(number).birth_date.year == 1920


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("19850412-2387", "check digit"),
        ("19850230-2386", "real date"),
        ("1985-04-12", "12 digits"),
        ("abc", "12 digits"),
    ],
)
def test_bad_numbers_say_why_without_repeating_the_number(raw: str, reason: str) -> None:
    with pytest.raises(IdentityNumberError) as error:
        parse_identity_number(raw)
    assert reason in str(error.value)
    assert raw not in str(error.value)


def test_age_turns_65_on_the_birthday() -> None:
    number = parse_identity_number(f"19611123-238{luhn_digit('611123238')}")
    assert number.age_on(date(2026, 11, 22)) == 64
    assert number.age_on(date(2026, 11, 23)) == 65


def test_case_id_is_stable_keyed_and_free_of_personal_data() -> None:
    first = case_id_for("19850412-2386", b"k" * 32)
    assert first == case_id_for("19850412-2386", b"k" * 32)
    assert first != case_id_for("19850412-2386", b"j" * 32)
    assert first != case_id_for("19470302-4127", b"k" * 32)
    assert first.startswith("household-") and "850412" not in first
    with pytest.raises(ValueError):
        case_id_for("19850412-2386", b"")


def test_every_script_s_digits_give_the_same_person_the_same_case() -> None:
    """One person, one case: fullwidth, Arabic-Indic and every other script's digits normalise."""
    ascii_number = "19850412-2386"
    expected = parse_identity_number(ascii_number).normalised
    zeros = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0
    ]
    assert len(zeros) > 60  # every script Unicode has decimal digits for
    for zero in zeros:
        digits = {str(d): chr(ord(zero) + d) for d in range(10)}
        written = "".join(digits.get(char, char) for char in ascii_number)
        parsed = parse_identity_number(written)
        assert parsed.normalised == expected and parsed.normalised.isascii(), f"U+{ord(zero):04X}"
        assert case_id_for(parsed.normalised, b"k" * 32) == case_id_for(expected, b"k" * 32)
    fullwidth_signs = "１９８５０４１２－２３８６"
    assert parse_identity_number(fullwidth_signs).normalised == expected


@pytest.mark.parametrize("raw", ["19850412\u200b2386", "19850412–2386", "1985O412-2386", "¹⁹⁸⁵⁰⁴¹²-²³⁸⁶x"])
def test_anything_but_digits_and_a_sign_is_refused(raw: str) -> None:
    with pytest.raises(IdentityNumberError):
        parse_identity_number(raw)
