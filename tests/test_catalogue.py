"""The gettext catalogue of every bilingual text (`locale/en/LC_MESSAGES/eviction.po`, written
by `i18n/po.py` from the sources) is what the sources say, and no text lacks a language."""

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from i18n.po import CATALOGUE, ROOT, prose, rendered, words


def test_the_committed_catalogue_is_what_the_sources_say() -> None:
    assert CATALOGUE.read_bytes() == rendered(), "run `python -m i18n.po` and commit the catalogue"


def test_every_text_has_both_languages_and_the_catalogue_opens_in_gettext_tools() -> None:
    texts = [*words(), *prose()]
    lacking = [text for text in texts if not text.sv.strip() or not text.en.strip()]
    assert lacking == []
    catalog = read_po(io.BytesIO(CATALOGUE.read_bytes()))
    entries = [message for message in catalog if message.id]
    assert len(entries) == len({(text.context, text.sv) for text in texts}) > 400
    assert all(message.string for message in entries)  # nothing untranslated
    # The refusals, receipts and help of every layer are in it, not only the code lists.
    contexts = {message.context.split(".")[0] for message in entries if message.context}
    assert {"domain", "cli", "infra", "intake_api"} <= contexts


def test_a_text_written_with_one_language_only_is_found(tmp_path: Path) -> None:
    """The check can fail: a refusal whose English is empty in a copy of a source."""
    (tmp_path / "domain").mkdir()
    source = 'raise refuse(en="", sv="ärendet är avslutat")\n'
    (tmp_path / "domain" / "rule.py").write_text(source, encoding="utf-8")
    [text] = prose(tmp_path)
    assert (text.sv, text.en, text.where) == ("ärendet är avslutat", "", ("domain/rule.py", 1))


def test_the_catalogue_is_written_by_a_command() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from i18n.po import rendered; sys.stdout.buffer.write(rendered())",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert done.stdout == CATALOGUE.read_bytes()
