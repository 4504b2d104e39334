"""Who is responsible for a case: district routing from configuration, and reassignment.

The confirmation to Kronofogden must name the responsible officer from the first minute, so
every district resolves to someone: its own entry or the default.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from domain.language import Said, refuse
from domain.notices import PostalAddress

if TYPE_CHECKING:
    from domain.actions import AssignOfficer
    from domain.case import CaseState


class Responsible(BaseModel):
    """A unit and its case officer, as the district routing configuration names them."""

    unit: str
    officer_id: str
    officer_name: str
    officer_title: str = "Socialsekreterare"
    officer_phone: str = ""
    officer_email: str = ""
    office_address: str = ""


class Routing(Responsible):
    """Who is responsible for a case, and for which district."""

    district: str | None


class RoutingTable(BaseModel):
    default: Responsible
    districts: dict[str, Responsible] = Field(default_factory=dict)
    # Landlords' postal addresses for registered mail, by the name notices give; a notice's own
    # landlord.address comes first.
    landlords: dict[str, PostalAddress] = Field(default_factory=dict)

    def landlord_address(self, name: str) -> PostalAddress | None:
        by_name = {known.casefold(): address for known, address in self.landlords.items()}
        return by_name.get(name.strip().casefold())

    def route(self, district: str | None) -> Routing:
        key = (district or "").strip().casefold()
        by_name = {name.casefold(): entry for name, entry in self.districts.items()}
        entry = by_name.get(key, self.default)
        return Routing(district=district, **entry.model_dump())


def check_assign(state: CaseState, action: AssignOfficer) -> None:
    state.require_open()
    assert state.routing is not None
    if action.officer_id == state.routing.officer_id:
        raise refuse(
            f"{action.officer_id} is already the responsible officer",
            f"{action.officer_id} är redan ansvarig handläggare",
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
