"""Why a notice is rejected, in Swedish beside the English of the `--json` contract.

A sender's own rules (`domain/notices.py`) raise `RuleBroken` with both languages. The rules
pydantic checks itself (a type, a length, a bound) come back as pydantic's English message and
its error type; `pydantic_reason_sv` gives the Swedish from that type and its context, so no
message of the framework's reaches a Swedish reader. Field names and the format's own codes
("rent_arrears") are the contract's words and stay as the sender wrote them.
"""

from typing import Any


class RuleBroken(ValueError):
    """A field breaks a rule of the intake format: `str()` is the English, `sv` the Swedish."""

    def __init__(self, *, en: str, sv: str) -> None:
        super().__init__(en)
        self.sv = sv


def _or(expected: Any) -> str:
    return str(expected).replace(" or ", " eller ")


# Pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/) as Swedish,
# formatted with the error's context.
_PYDANTIC_SV: dict[str, str] = {
    "missing": "saknas",
    "string_type": "måste vara text",
    "string_too_short": "får inte vara tom",
    "string_too_long": "får vara högst {max_length} tecken",
    "string_pattern_mismatch": "har fel form",
    "int_type": "måste vara ett heltal",
    "int_parsing": "måste vara ett heltal",
    "int_from_float": "måste vara ett heltal",
    "float_type": "måste vara ett tal",
    "float_parsing": "måste vara ett tal",
    "finite_number": "måste vara ett ändligt tal",
    "greater_than_equal": "måste vara minst {ge}",
    "greater_than": "måste vara större än {gt}",
    "less_than_equal": "får vara högst {le}",
    "less_than": "måste vara mindre än {lt}",
    "enum": "måste vara ett av {expected}",
    "literal_error": "måste vara ett av {expected}",
    "datetime_type": "måste vara en tidpunkt enligt ISO 8601 (2026-11-16T09:30:00+01:00)",
    "datetime_parsing": "måste vara en tidpunkt enligt ISO 8601 (2026-11-16T09:30:00+01:00)",
    "datetime_from_date_parsing": "måste vara en tidpunkt enligt ISO 8601 (2026-11-16T09:30:00+01:00)",
    "timezone_aware": "måste ange tidszon (till exempel 2026-11-16T09:30:00+01:00)",
    "date_type": "måste vara ett datum enligt ISO 8601 (2026-11-16)",
    "date_parsing": "måste vara ett datum enligt ISO 8601 (2026-11-16)",
    "date_from_datetime_parsing": "måste vara ett datum enligt ISO 8601 (2026-11-16)",
    "date_from_datetime_inexact": "måste vara ett datum utan klockslag (2026-11-16)",
    "model_type": "måste vara ett JSON-objekt",
    "model_attributes_type": "måste vara ett JSON-objekt",
    "dict_type": "måste vara ett JSON-objekt",
    "list_type": "måste vara en lista",
    "too_long": "får ha högst {max_length} poster",
    "too_short": "måste ha minst {min_length} poster",
    "bool_type": "måste vara true eller false",
    "bool_parsing": "måste vara true eller false",
    "value_error": "har ett värde som inte godtas",
}
# The fallback for a type not above: Swedish all the same (a test checks none is met).
UNLISTED_SV = "har ett värde som inte godtas"


def pydantic_reason_sv(error_type: str, context: dict[str, Any]) -> str:
    """The Swedish for one of pydantic's own errors (never its English message)."""
    template = _PYDANTIC_SV.get(error_type)
    if template is None:
        return UNLISTED_SV
    values = {key: _or(value) if key == "expected" else value for key, value in context.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.split(" {")[0]
