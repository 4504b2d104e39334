"""The reporting store on SQLite with many writers: every publication lands, none waits on
SQLite's busy sleep (issue 20: two workers publishing from eight threads each)."""

import multiprocessing
import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from reporting import schema as s
from reporting.store import open_store, publish

KEY = b"k" * 32
THREADS = 4
EACH = 15  # publications a thread makes
START = datetime(2026, 1, 1, tzinfo=UTC)


def _publish_from_threads(url: str, first: int) -> list[str]:
    """Publishes THREADS x EACH cases from threads of this process; the errors, by name."""
    from bench.report_benchmark import LANDLORDS, case

    # A busy wait of 1 ms: a writer that found the store locked would fail at once.
    engine = open_store(url, KEY, busy_ms=1)
    errors: list[str] = []

    def work(thread: int) -> None:
        for k in range(EACH):
            index = first + thread * EACH + k
            facts = case(index, START).model_copy(update={"as_of": START})
            try:
                publish(engine, facts, LANDLORDS[index % len(LANDLORDS)])
            except Exception as error:
                errors.append(type(error).__name__)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_processes_publishing_from_many_threads_never_find_the_store_locked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reporting.db'}"
    open_store(url, KEY)  # migrated once, before the writers start
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(_publish_from_threads, [(url, 0), (url, 1000)])
    assert [error for errors in results for error in errors] == []
    with open_store(url, KEY).connect() as db:
        assert db.execute(select(func.count()).select_from(s.cases)).scalar_one() == 2 * THREADS * EACH
