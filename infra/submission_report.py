"""Duplicates and rejections of intake, for the board's figures: one path for both doors (the
operators' `cases intake` and the senders' API)."""

from datetime import UTC, datetime

from infra.intake import Receipt
from infra.settings import Settings


def report_submissions(receipts: list[Receipt], settings: Settings) -> list[tuple[str, str]]:
    """Journalled in the data directory first (never lost), then loaded into the reporting store;
    a store that cannot be reached now gets them when it is next opened (reporting/submissions.py).
    Never raises: what went wrong comes back as warnings, (Swedish, English)."""
    from sqlalchemy.exc import SQLAlchemyError

    from reporting.store import open_store
    from reporting.submissions import journal, load_journal, submission_rows

    # A notice rejected for now (no worker, no server) is sent again: it is not a rejection.
    apart = [(r.read, r.status) for r in receipts if r.status in ("duplicate", "rejected") and not r.retry]
    if not apart:
        return []
    rows = submission_rows(
        apart,
        list(settings.named_landlords),
        sorted(settings.routing.districts),
        settings.case_id_key,
        datetime.now(UTC),
    )
    try:
        journal(rows, settings.data_dir)
    except OSError as error:
        name = type(error).__name__
        return [
            (
                f"varning: {len(rows)} dubbletter/avvisade kunde inte sparas för rapporten ({name})",
                f"warning: {len(rows)} duplicates/rejections could not be saved for the report ({name})",
            )
        ]
    try:
        # A locked store is not waited for long: the journal holds the rows for the next reader.
        load_journal(
            open_store(settings.reporting_url, settings.case_id_key, busy_ms=2_000), settings.data_dir
        )
    except (SQLAlchemyError, OSError) as error:
        name = type(error).__name__
        return [
            (
                f"obs: rapportdatabasen kan inte nås ({name}); {len(rows)} dubbletter/avvisade är "
                "sparade och räknas när den kan öppnas igen",
                f"note: the reporting store cannot be reached ({name}); {len(rows)} duplicates/rejections "
                "are saved and counted once it can be opened again",
            )
        ]
    return []
