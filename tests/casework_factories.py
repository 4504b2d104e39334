"""A case as the officers' rules see it, built by hand: for the pure rule tests."""

from datetime import datetime, timedelta
from typing import Any

import pytest

from domain.actions import (
    ConsentGiven,
    ContactReport,
)
from domain.case import CaseState
from domain.consent import (
    ConsentForm,
    ConsentPurpose,
    ConsentRecipient,
    apply_consent,
    check_consent,
)
from domain.contact import (
    ContactMethod,
    ContactOutcome,
)
from domain.deadlines import STOCKHOLM
from domain.intake import merge_children
from domain.language import ActionRefused
from domain.notices import Notice
from domain.phase import Phase
from domain.recovery_period import RecoveryPeriod
from domain.routing import Routing
from tests.factories import make_notice

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()


def case(kind: str = "rent_arrears", **notice_fields: Any) -> CaseState:
    notice = Notice.model_validate(
        make_notice(kind, NOW - timedelta(days=3), notice_id="N1", **notice_fields)
    )
    state = CaseState(
        case_id="household-test",
        phase=Phase.PREASSESSMENT,
        notices=[notice],
        routing=Routing(unit="Vuxenenheten", officer_id="o-1", officer_name="Handläggare", district=None),
        period_start=NOW - timedelta(days=3),
    )
    merge_children(state, notice)
    return state


def consent(
    state: CaseState, recipient: ConsentRecipient, *purposes: ConsentPurpose, admin: str | None = None
) -> str:
    given = ConsentGiven(
        recipient=recipient,
        administration=admin,
        purposes=list(purposes),
        given_on=TODAY,
        form=ConsentForm.WRITTEN,
        recorded_by="o-1",
    )
    check_consent(state, given, TODAY)
    return apply_consent(state, given, NOW)


def contact(method: ContactMethod, outcome: ContactOutcome, **fields: Any) -> ContactReport:
    return ContactReport(
        method=method, outcome=outcome, at=NOW - timedelta(hours=1), recorded_by="o-1", **fields
    )


def refused(check: object, *args: object) -> str:
    with pytest.raises(ActionRefused) as error:
        check(*args)  # type: ignore[operator]
    return str(error.value)


def with_recovery_period(state: CaseState, days: int = 21) -> RecoveryPeriod:
    """A recovery period that started today and runs `days` more days."""
    state.period.recovery = RecoveryPeriod(
        served_on=TODAY,
        notified_on=TODAY,
        ends_on=TODAY + timedelta(days=days),
        earliest_eviction_decision=TODAY,
    )
    return state.period.recovery
