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

    def is_other_administration(self, unit: str) -> bool:
        return unit.casefold() in {name.casefold() for name in self.other_administrations}
