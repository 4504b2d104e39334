"""Every text a person reads, Swedish beside English, as a gettext catalogue (issue 17).

The texts are written where their rule is, in both languages at once, keyword arguments only
(`Said(en=, sv=)`, `refuse(en=, sv=)`, `t(sv=, en=)`, the code lists' `domain/words.py`), so a
rule and its words are reviewed in one diff and mypy refuses a text without its twin. This
module reads them all out of the sources (by their syntax tree, nothing is run) and the code
catalogue, and writes `locale/en/LC_MESSAGES/eviction.po`: the Swedish as msgid (the original,
as the law and the handbook are Swedish), the English as msgstr, the module or code list as
msgctxt, each with where it is written. Translators' and reviewers' tools (Poedit, Weblate,
Babel) open it; `tests/test_catalogue.py` fails when it is not what the sources say.

    python -m i18n.po          # writes the catalogue
"""

import ast
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "eviction.po"
# Where people's texts are written; tests and the benchmark speak to developers.
SOURCES = ["domain", "workflows", "activities", "infra", "cli", "intake_api", "reporting", "run_local.py"]
# The keyword arguments that hold one text in both languages, Swedish first: `Said(en=, sv=)`,
# `refuse(…)`, `t(…)`, `RuleBroken(…)`, `problem(field, …)`; an alert's, a rejection's, a
# problem's and a receipt's reason beside its English contract field.
PAIRS = [("sv", "en"), ("reason_sv", "reason"), ("detail_sv", "detail"), ("message_sv", "message")]
# A fixed date: the file changes only when a text does.
WRITTEN = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Text:
    sv: str
    en: str
    context: str  # the module, or the code list and its code
    where: tuple[str, int]


def template(node: ast.expr) -> str:
    """The text as written, a computed part shown as `{expression}` (gettext's style)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(template(part) for part in node.values)
    if isinstance(node, ast.FormattedValue):
        return "{" + ast.unparse(node.value) + "}"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return template(node.left) + template(node.right)
    return "{" + ast.unparse(node) + "}"


def _pairs_in(call: ast.Call) -> Iterator[tuple[ast.expr, ast.expr]]:
    given = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    for swedish, english in PAIRS:
        if swedish not in given or english not in given:
            continue
        sv, en = given[swedish], given[english]
        if isinstance(sv, ast.List) and isinstance(en, ast.List):
            yield from zip(sv.elts, en.elts, strict=False)
        else:
            yield sv, en


def _has_words(text: str) -> bool:
    """A text of its own, not one passed on (`Said(en=said.en, sv=said.sv)`, `f"{a}: {b}"`)."""
    return any(character.isalpha() for character in re.sub(r"\{[^{}]*\}", "", text))


def prose(root: Path = ROOT) -> list[Text]:
    """Every pair written in the sources, in file and line order."""
    found = []
    for folder in SOURCES:
        place = root / folder
        for path in sorted(place.rglob("*.py")) if place.is_dir() else [place] if place.is_file() else []:
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    for sv, en in _pairs_in(node):
                        text = Text(
                            sv=template(sv),
                            en=template(en),
                            context=module,
                            where=(str(path.relative_to(root)), sv.lineno),
                        )
                        if _has_words(text.sv) or _has_words(text.en):
                            found.append(text)
    return sorted(found, key=lambda text: text.where)


def words() -> list[Text]:
    """The code lists' words (`domain/words.py`), each under its list and code."""
    from domain.words import WORDS

    return [
        Text(sv=word.sv, en=word.en, context=f"{kind.__name__}.{code}", where=("domain/words.py", 0))
        for (kind, code), word in WORDS.items()
    ]


def catalogue(root: Path = ROOT) -> Catalog:
    catalog = Catalog(
        locale="en",
        domain="eviction",
        project="eviction-prevention",
        version="1",
        creation_date=WRITTEN,
        revision_date=WRITTEN,
        language_team="the project (Swedish is the original, English its twin)",
        last_translator="the project",
        copyright_holder="the municipality",
        msgid_bugs_address="",
        header_comment="# Every text a person reads: Swedish (msgid) and English (msgstr), written by\n"
        "# i18n/po.py from the sources, where each is written beside its rule. Edit the sources.\n#",
        fuzzy=False,
    )
    for text in [*words(), *prose(root)]:
        file, line = text.where
        catalog.add(text.sv, text.en, locations=[(file, line)] if line else [], context=text.context)
    return catalog


def rendered(root: Path = ROOT) -> bytes:
    out = io.BytesIO()
    write_po(out, catalogue(root), width=100, sort_output=True, omit_header=False)
    return out.getvalue()


def main() -> int:
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    CATALOGUE.write_bytes(rendered())
    print(f"{CATALOGUE.relative_to(ROOT)}: {len(catalogue())} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
