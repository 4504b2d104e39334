"""The records of routing: what a case keeps (models and codes), below every rule
that reads or changes them (`domain/routing.py`), so that `domain/case.py` can hold them without
importing a rule."""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.notices import PostalAddress


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
