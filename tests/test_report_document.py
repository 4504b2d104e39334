"""The board's report as files, without a server (reporting/report_files.py)."""

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from reporting import figures
from reporting.agenda import NOT_SHOWN_NAMED, write_agenda
from reporting.report_files import percent, write_report
from reporting.store import open_store
from reporting.submissions import reason_rule


def test_a_report_with_many_reasons_is_written_whole(tmp_path: Path) -> None:
    """Issue 19: 135 distinct reasons (each naming a case) stopped the PDF ("row with index 45
    is too high"). Reasons are counted by the rule broken; a long list pages, the rest summed."""
    engine = open_store(f"sqlite:///{tmp_path / 'reporting.db'}")
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    found = figures.report(figures.read_store(engine), figures.month("2026-11"), now, 1)
    found["totals"]["rejected_by_reason"] = {f"field_{n}: rule {n}": 1 for n in range(135)}
    files = write_report(
        found,
        figures.monthly_series(figures.read_store(engine), figures.month("2026-11"), 6, now),
        tmp_path,
        now,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", files["pdf"], "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "105 skäl till" in text and "Nyckeltal" in text


def test_a_reason_is_counted_by_its_rule_never_by_what_it_names() -> None:
    held = "this notice id was taken in for another household (case household-c4c045d1); one id is one notice"
    assert reason_rule(held) == "this notice id was taken in for another household"
    assert reason_rule("unknown column 'PRIV-19840404-7774'") == "unknown column …"
    assert percent(0.125) == "12,5 %" and percent(1.0) == "100,0 %"


def test_an_agenda_names_the_cases_not_yet_in_the_store_and_no_more_than_it_can_read(tmp_path: Path) -> None:
    """A migration's backlog may leave thousands of cases without facts for a few minutes: the
    agenda names the first ones, counts the rest and points to the list, in the PDF too."""
    engine = open_store(f"sqlite:///{tmp_path / 'reporting.db'}")
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    waiting = tuple(f"household-{n:04d}" for n in range(NOT_SHOWN_NAMED + 5))
    written = write_agenda(engine, tmp_path, now, by_schedule=False, not_shown=waiting)
    text = Path(written.markdown_file).read_text()
    assert f"## Ärenden som ännu inte visar sina uppgifter ({len(waiting)})" in text
    assert f"- {waiting[NOT_SHOWN_NAMED - 1]}" in text and waiting[NOT_SHOWN_NAMED] not in text
    assert "- och 5 till (cases list)" in text
    pdf = subprocess.run(
        ["pdftotext", written.pdf_file, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ärenden som ännu inte visar sina uppgifter" in pdf
    quiet = write_agenda(engine, tmp_path, now.replace(hour=13), by_schedule=False)
    assert "ännu inte visar" not in Path(quiet.markdown_file).read_text()
