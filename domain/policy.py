"""The municipality's choices that the law leaves open (config `[casework]`).

The worker reads them from configuration; a case fixes them when it opens, so a change of
policy never moves a running case's deadlines.
"""

from pydantic import BaseModel, Field


class CasePolicy(BaseModel):
    # No personal contact within this many working days: a letter announcing a home visit.
    working_days_to_home_visit: int = Field(default=5, ge=1, le=30)
    # The announced visit is at least this many working days after its letter (at least 3).
    working_days_letter_to_visit: int = Field(default=3, ge=3, le=15)
    visit_hour: int = Field(default=10, ge=8, le=15)
    follow_up_months: int = Field(default=3, ge=1, le=24)
    # Units that belong to another board (nämnd) here: nothing about the tenant goes to them
    # without consent. Alert units are named by their code, e.g. "elderly_care_outreach".
    other_administrations: list[str] = Field(default_factory=list)
    # A closed case still answers re-sent notices as duplicates for this long, then ends.
    closed_case_retention_days: int = Field(default=400, ge=1)
    # What the supervisors' search attributes may show (domain/closed_set.py): the landlords the
    # municipality names and its districts. Empty in cases opened before: values as given.
    named_landlords: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)

    # The names each other board's units go by ("Hemtjänsten", "Äldreförvaltningen" are units of
    # "Äldre samt vård och omsorg"), the support another board provides (home help), and the
    # units under this board. A provider is recognised by these names, never by what was typed:
    # with `own_units` set, a provider that is neither is refused. Empty in cases opened before.
    administration_units: dict[str, list[str]] = Field(default_factory=dict)
    provided_by: dict[str, str] = Field(default_factory=dict)
    own_units: list[str] = Field(default_factory=list)

    def is_other_administration(self, unit: str) -> bool:
        return unit.casefold() in {name.casefold() for name in self.other_administrations}

    def administration_of(self, name: str) -> str | None:
        """The other board a unit or board name belongs to, by configuration; None when it is
        not another board's (this board's own, or unknown)."""
        wanted = " ".join(name.split()).casefold()
        for board in self.other_administrations:
            names = [board, *self.administration_units.get(board, [])]
            if wanted in {" ".join(n.split()).casefold() for n in names}:
                return board
        return None

    def is_own_unit(self, name: str) -> bool:
        wanted = " ".join(name.split()).casefold()
        return wanted in {" ".join(n.split()).casefold() for n in self.own_units}

    def known_providers(self) -> list[str]:
        others = [
            n for board in self.other_administrations for n in self.administration_units.get(board, [board])
        ]
        return [*self.own_units, *others]
