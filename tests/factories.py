"""Notices for tests and the benchmark: the spec's examples, and valid made-up ones
(personnummer with a correct Luhn digit)."""

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from domain.deadlines import STOCKHOLM

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "spec" / "examples"


def example(name: str) -> dict[str, Any]:
    """One of the spec's example notices, as the raw JSON object."""
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text())
    return loaded


FAMILY = example("rent-arrears-family.json")
EVICTION = example("eviction-single.json")
DISTURBANCE = example("disturbance-elderly.json")


def luhn_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def make_personnummer(born: date, serial: int) -> str:
    yymmdd = born.strftime("%y%m%d")
    serial_text = f"{1 + serial % 999:03d}"  # 000 is never issued
    return f"{born:%Y%m%d}-{serial_text}{luhn_digit(yymmdd + serial_text)}"


def unique_tenant(born: date | None = None) -> dict[str, Any]:
    """A tenant no other test uses (a birth date from 1976-2000 and a serial, at random): tests
    that share a server never join each other's cases. Under 65 even with the calendar sweep's
    clock a year on, so no elderly care alert. `make_notice(..., **unique_tenant())`; a test
    about age gives the birth date, and the serial is still drawn."""
    import secrets

    born = born or date(1976 + secrets.randbelow(25), 1 + secrets.randbelow(12), 1 + secrets.randbelow(28))
    return {"born": born, "serial": secrets.randbelow(998) + 1}


class Tenants:
    """Unique tenants by the names a test module gives them: the same name is the same household
    (two notices about one family), and no name is another module's on a shared server, so no
    serial is kept by hand. `tenant = Tenants()`, then `make_notice(..., **tenant("family"))`."""

    def __init__(self) -> None:
        self._by_name: dict[object, dict[str, Any]] = {}

    def __call__(self, name: object) -> dict[str, Any]:
        return self._by_name.setdefault(name, unique_tenant())


def make_notice(
    kind: str,
    received_at: datetime,
    *,
    notice_id: str,
    born: date = date(1985, 4, 12),
    serial: int = 238,
    children: list[int] | None = None,
    district: str | None = "Västerås centrum",
    phone: str | None = "+46701234567",
    served_on: date | None = None,
    scheduled_at: datetime | None = None,
    sender_kind: str | None = None,
) -> dict[str, Any]:
    received_on = received_at.astimezone(STOCKHOLM).date()
    notice: dict[str, Any] = {
        "notice_id": notice_id,
        "kind": kind,
        "received_at": received_at.isoformat(),
        "sender": {
            "kind": sender_kind or ("kronofogden" if kind == "eviction" else "landlord"),
            "name": "Kronofogdemyndigheten" if kind == "eviction" else "Bostads AB Exempel",
        },
        "landlord": {
            "name": "Bostads AB Exempel",
            "contact": "hyra@exempel.example",
            "address": {"street": "Box 4711", "postal_code": "722 20", "city": "Västerås"},
        },
        "tenant": {"personnummer": make_personnummer(born, serial), "name": "Testperson Exempel"},
        "address": {
            "street": "Provgatan 1",
            "apartment": "1001",
            "postal_code": "722 10",
            "city": "Västerås",
        },
    }
    if phone:
        notice["tenant"]["phone"] = phone
    if district:
        notice["district"] = district
    if children is not None:
        notice["household"] = {"adults": 1, "children_birth_years": children}
    if kind == "rent_arrears":
        served = served_on or received_on
        notice["rent_arrears"] = {
            "served_on": served.isoformat(),
            "social_services_notified_on": served.isoformat(),
            "debt_sek": 14500,
            "months": 2,
        }
    elif kind == "disturbance":
        notice["disturbance"] = {
            "warning_given_on": received_on.isoformat(),
            "description": "Störningar",
        }
    elif kind == "eviction":
        when = scheduled_at or (received_at + timedelta(days=8))
        notice["eviction"] = {"scheduled_at": when.isoformat(), "kfm_case_number": "12-000001-26"}
    return notice


def random_notices(count: int, received_at: datetime, seed: int = 7) -> list[dict[str, Any]]:
    """`count` notices for distinct tenants, a realistic mix of kinds. A personnummer's serial
    has 999 values: a birth date drawn again where one with the same serial took it (10,000
    notices drew two tenants twice, and two of the caseload's cases were one)."""
    rng = random.Random(seed)
    kinds = ["rent_arrears"] * 6 + ["disturbance"] * 2 + ["early_warning", "eviction"]
    notices = []
    taken: set[str] = set()
    for index in range(count):
        while True:
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 65))
            if (personnummer := make_personnummer(born, index)) not in taken:
                break
        taken.add(personnummer)
        kind = rng.choice(kinds)
        children = rng.choice([None, [], [2012, 2018], [2020]])
        notices.append(
            make_notice(
                kind,
                received_at,
                notice_id=f"BENCH-{seed}-{index:06d}",
                born=born,
                serial=index,
                children=children,
                district=rng.choice(["Västerås centrum", "Farsta", "Enskede-Årsta-Vantör", None]),
            )
        )
    return notices


def load_notices(count: int, tag: str) -> list[dict[str, Any]]:
    """Rent arrears notices for `count` distinct tenants, the sender left to the credentials."""
    received = datetime.now(UTC) - timedelta(minutes=5)
    notices = []
    for index in range(count):
        notice = make_notice(
            "rent_arrears",
            received,
            notice_id=f"LOAD-{tag}-{index:05d}",
            born=date(1962, 1, 1) + timedelta(days=7 * index),
            serial=index % 997 + 1,
        )
        del notice["sender"]
        notices.append(notice)
    return notices


def working_morning(moment: datetime, hour: int = 9) -> datetime:
    """The first working day on or after `moment`, at `hour` in Stockholm: when Kronofogden
    evicts. A date picked as "today plus N days" falls on a weekend one run in seven."""
    from domain.calendar import roll_forward

    day = roll_forward(moment.astimezone(STOCKHOLM).date())
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=STOCKHOLM)
