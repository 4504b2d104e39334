"""History lines in Swedish (issue 17): every line a case logs has its Swedish. The truth suite
finds the lines its histories make; this finds every line written as a fixed text anywhere in
the code (the workflow's own among them), and checks those the workflow formats."""

import ast
from pathlib import Path

import pytest

from domain.event_words import UNKNOWN_MARK, event_in_swedish

ROOT = Path(__file__).resolve().parent.parent


def _fixed_log_lines() -> list[str]:
    found = []
    for folder in ("domain", "workflows"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "log"
                    and len(node.args) == 2
                    and isinstance(node.args[1], ast.Constant)
                ):
                    found.append(str(node.args[1].value))
    return found


@pytest.mark.parametrize("line", _fixed_log_lines())
def test_every_fixed_history_line_reads_in_swedish(line: str) -> None:
    assert not event_in_swedish(line).startswith(UNKNOWN_MARK), line


@pytest.mark.parametrize(
    ("line", "swedish"),
    [
        ("information_letter letter stopped: no consent to the landlord for contact",
         "brevet informationsbrev till hyresgästen stoppat: inget samtycke till hyresvärden för kontakt"),
        ("notice KFM-2026-1 (with parentheses) (eviction) received",
         "underrättelse KFM-2026-1 (with parentheses) (avhysning) mottagen"),
        ("eviction outcome: executed, attended: True", "avhysningens utfall: verkställd, närvarande: ja"),
        ("contact C2: phone, not_reached", "kontakt C2: telefon, inte nådd"),
    ],
)  # fmt: skip
def test_formatted_lines_name_their_codes_in_swedish(line: str, swedish: str) -> None:
    assert event_in_swedish(line) == swedish
