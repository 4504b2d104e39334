"""Who is responsible for a case: district routing from configuration, and reassignment.

The confirmation to Kronofogden must name the responsible officer from the first minute, so
every district resolves to someone: its own entry or the default.
"""

from __future__ import annotations

from datetime import datetime

from domain.actions import AssignOfficer
from domain.case import CaseState
from domain.language import Said, refuse
from domain.records.routing import (
    Responsible as Responsible,
    Routing as Routing,
    RoutingTable as RoutingTable,
)


def check_assign(state: CaseState, action: AssignOfficer) -> None:
    state.require_open()
    assert state.routing is not None
    if action.officer_id == state.routing.officer_id:
        raise refuse(
            en=f"{action.officer_id} is already the responsible officer",
            sv=f"{action.officer_id} är redan ansvarig handläggare",
        )


def apply_assign(state: CaseState, action: AssignOfficer, now: datetime) -> Said:
    assert state.routing is not None
    changes: dict[str, str] = {"officer_id": action.officer_id, "officer_name": action.officer_name}
    if action.unit:
        changes["unit"] = action.unit
    if action.officer_phone is not None:
        changes["officer_phone"] = action.officer_phone
    state.routing = state.routing.model_copy(update=changes)
    state.log(now, f"responsible officer is now {action.officer_id} (by {action.recorded_by})")
    return Said(
        en=f"{action.officer_id} is now responsible",
        sv=f"{action.officer_id} är nu ansvarig handläggare",
    )
