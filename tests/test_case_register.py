"""The case register gives each case a case number people can read out: per year, in order, once."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

from temporalio.testing import ActivityEnvironment

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
