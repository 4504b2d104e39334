"""The case register gives each case a case number people can read out: per year, in order, once."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from temporalio.testing import ActivityEnvironment

from activities.serials import YearSerials
from domain.notices import NoticeKind
from domain.requests import CaseRegistration
from infra.settings import Settings
from worker import build_activities


def registration(settings: Settings, case: int, on: date = date(2026, 11, 16)) -> CaseRegistration:
    return CaseRegistration(
        case_id=f"household-{case:032x}",
        notice_id=f"N{case}",
        kind=NoticeKind.RENT_ARREARS,
        registered_on=on,
        routing=settings.routing.route(None),
    )


def test_numbers_go_in_order_per_year_and_a_case_keeps_its_number(settings: Settings) -> None:
    register = build_activities(settings).register_case
    env = ActivityEnvironment()
    numbers = [env.run(register, registration(settings, n)) for n in (1, 2, 3)]
    assert [n.case_number for n in numbers if n] == ["VRK 2026-000001", "VRK 2026-000002", "VRK 2026-000003"]
    again = env.run(register, registration(settings, 2))  # a retry, or the case reopened
    assert again is not None and again.case_number == "VRK 2026-000002"
    next_year = env.run(register, registration(settings, 4, on=date(2027, 1, 4)))
    assert next_year is not None and next_year.case_number == "VRK 2027-000001"
    entry = (settings.case_register_dir / f"household-{1:032x}.json").read_text()
    assert "VRK 2026-000001" in entry and "19850412" not in entry


def test_cases_registered_at_the_same_time_never_share_a_number(settings: Settings) -> None:
    register = build_activities(settings).register_case
    with ThreadPoolExecutor(max_workers=16) as pool:
        found = list(
            pool.map(lambda n: ActivityEnvironment().run(register, registration(settings, n)), range(40))
        )
    numbers = sorted(n.case_number for n in found if n and n.case_number)
    assert numbers == [f"VRK 2026-{serial:06d}" for serial in range(1, 41)]


def test_the_format_is_configuration(settings: Settings) -> None:
    own = replace(settings, case_number_format="SN-{year}/{serial}")
    found = ActivityEnvironment().run(build_activities(own).register_case, registration(own, 9))
    assert found is not None and found.case_number == "SN-2026/1"


def _serials_in_one_process(folder: str, count: int) -> list[int]:
    """What one worker process hands out from eight threads at once."""
    serials = YearSerials(Path(folder))
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: serials.next(2026), range(count)))


def test_two_worker_processes_asking_at_once_get_every_number_once(tmp_path: Path) -> None:
    """Numbers are handed out in groups, one write of the counter for all who asked during the
    last (issue 20); two processes share the counter through its lock."""
    with get_context("spawn").Pool(2) as pool:
        handed = pool.starmap(_serials_in_one_process, [(str(tmp_path), 150), (str(tmp_path), 150)])
    every = sorted(n for each in handed for n in each)
    assert every == list(range(1, 301))
    assert (tmp_path / "serial-2026.txt").read_text() == "300"
    assert all(each == sorted(each) for each in handed)  # in the order each process asked


def test_a_counter_that_cannot_be_written_numbers_no_case_and_the_next_ask_goes_on(tmp_path: Path) -> None:
    serials = YearSerials(tmp_path)
    assert serials.next(2026) == 1
    (tmp_path / "serial-2026.txt").unlink()
    (tmp_path / "serial-2026.txt").mkdir()  # the counter unreadable: no number can be given
    with ThreadPoolExecutor(max_workers=8) as pool:
        failed = list(pool.map(lambda _: _fails(lambda: serials.next(2026)), range(16)))
    assert all(failed)
    (tmp_path / "serial-2026.txt").rmdir()
    (tmp_path / "serial-2026.txt").write_text("1")
    assert [serials.next(2026), serials.next(2027)] == [2, 1]


def _fails(ask: Callable[[], int]) -> bool:
    try:
        ask()
    except OSError:
        return True
    return False
