"""District routing: which unit and case officer is responsible, from configuration.

The confirmation to Kronofogden must name the responsible officer from the first minute, so
every district resolves to someone: its own entry or the default.
"""

from pydantic import BaseModel, Field

from domain.case import Responsible, Routing


class RoutingTable(BaseModel):
    default: Responsible
    districts: dict[str, Responsible] = Field(default_factory=dict)

    def route(self, district: str | None) -> Routing:
        key = (district or "").strip().casefold()
        by_name = {name.casefold(): entry for name, entry in self.districts.items()}
        entry = by_name.get(key, self.default)
        return Routing(district=district, **entry.model_dump())
