"""Personal identity numbers (personnummer, samordningsnummer) and the case id derived from them.

The `personnummer` package does the parsing, century and Luhn check; this module adds the
normal form the project stores (`YYYYMMDD-NNNN`), reasons a person can act on, and ages.
Error messages never repeat the number itself.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from personnummer import personnummer as pnr_lib

_SHAPE = re.compile(r"^([0-9]{2})?([0-9]{6})([-+])?([0-9]{4})$", re.ASCII)
CASE_ID_PREFIX = "household-"
_CASE_ID_HEX_CHARS = 32


class IdentityNumberError(ValueError):
    """A personnummer that cannot be used; the message names the rule, never the number, in
    English (the `--json` contract's `reason`) with the Swedish beside it (`sv`)."""

    def __init__(self, *, en: str, sv: str) -> None:
        super().__init__(en)
        self.sv = sv


@dataclass(frozen=True)
class IdentityNumber:
    normalised: str  # YYYYMMDD-NNNN
    birth_date: date
    coordination_number: bool

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def ascii_form(raw: str) -> str:
    """Digits of any script (fullwidth, Arabic-Indic, ...) as ASCII digits, fullwidth signs as
    ASCII signs, spaces dropped: one person is one case however the number was typed."""
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char for char in folded if not char.isspace()
    )


def parse_identity_number(raw: str) -> IdentityNumber:
    """Normalise a 10- or 12-digit personnummer or samordningsnummer, or say why not. What is
    stored is ASCII only; anything but digits, '-' and '+' after normalising is refused."""
    text = ascii_form(raw)
    match = _SHAPE.match(text)
    if not match:
        raise IdentityNumberError(
            en="must be 12 digits YYYYMMDD-NNNN (10 digits YYMMDD-NNNN also accepted)",
            sv="måste vara 12 siffror ÅÅÅÅMMDD-NNNN (10 siffror ÅÅMMDD-NNNN godtas också)",
        )
    try:
        parsed = pnr_lib.parse(text)
    except pnr_lib.PersonnummerException as error:
        century, ymd, _, _ = match.groups()
        if not _is_real_date(century, ymd):
            raise IdentityNumberError(
                en="is not a real date of birth", sv="är inget verkligt födelsedatum"
            ) from error
        raise IdentityNumberError(
            en="fails the check digit (Luhn)", sv="har fel kontrollsiffra (sista siffran stämmer inte)"
        ) from error
    full = f"{parsed.century}{parsed.year}{parsed.month}{parsed.day}-{parsed.num}{parsed.check}"
    return IdentityNumber(
        normalised=full,
        birth_date=parsed.get_date(),
        coordination_number=parsed.is_coordination_number(),
    )


def _is_real_date(century: str | None, ymd: str) -> bool:
    year = int((century or "19") + ymd[:2])
    month, day = int(ymd[2:4]), int(ymd[4:6])
    if day > 60:  # samordningsnummer: the day plus 60
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def case_id_for(normalised_identity_number: str, key: bytes) -> str:
    """The household's case id: a keyed hash, so one tenant is one case and no data leaks.

    Without the key the id cannot be reversed by trying every birth date and serial number.
    """
    if not key:
        raise ValueError("the case id key must not be empty")
    digest = hmac.new(key, normalised_identity_number.encode(), hashlib.sha256).hexdigest()
    return CASE_ID_PREFIX + digest[:_CASE_ID_HEX_CHARS]
