"""The notice intake contract (shared/spec/notices.md) as pydantic models.

Validation errors name the field and the rule; they never echo the value, because the value
may be a personnummer, a name or an address.
"""

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from domain.calendar import FIRST_YEAR, LAST_YEAR
from domain.deadlines import local_date
from domain.identity import IdentityNumber, IdentityNumberError, parse_identity_number
from domain.notice_kind import NoticeKind as NoticeKind  # re-exported: the kinds of notice
from domain.notice_reasons import RuleBroken, pydantic_reason_sv

# A notice is received before it is taken in; clocks may differ by a few minutes.
CLOCK_SLACK = timedelta(minutes=5)
ADULT_AGE = 18
MAX_AGE = 125
MAX_EVICTION_AHEAD = timedelta(days=3 * 366)
ELDERLY_AGE = 65

# Rules for what a sender writes, applied at intake only (`validate_notice` sets the context):
# a case's notices are read back from its history with the rules they were taken in under, so a
# stricter rule never makes a running case unreadable.
INTAKE = "intake"
MIN_TENANT_AGE = 16  # no one younger can hold a tenancy in Sweden (a minor needs a guardian's)
# Control characters (NUL, line breaks of every kind) and bidirectional overrides: no name,
# address or id holds one, and printed they forge lines or reorder what a person reads.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_PROSE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*\Z")


def _at_intake(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and bool(info.context.get(INTAKE))


def _one_line(value: str, info: ValidationInfo) -> str:
    if _at_intake(info) and _CONTROL.search(value):
        raise RuleBroken(
            en="holds a control character (a NUL, a line break or the like)",
            sv="innehåller ett styrtecken (NUL, radbrytning eller liknande)",
        )
    return value


def _prose(value: str, info: ValidationInfo) -> str:
    if _at_intake(info) and _CONTROL_IN_PROSE.search(value):
        raise RuleBroken(
            en="holds a control character (a NUL or the like)",
            sv="innehåller ett styrtecken (NUL eller liknande)",
        )
    return value


def _a_number(value: Any, info: ValidationInfo) -> Any:
    """JSON's true and false are not numbers (Python would count them as 1 and 0)."""
    if _at_intake(info) and isinstance(value, bool):
        raise RuleBroken(
            en="must be a number, not true or false", sv="måste vara ett tal, inte true eller false"
        )
    return value


def _numbers(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, list):
        for item in value:
            _a_number(item, info)
    return value


def _a_written_moment(value: Any, info: ValidationInfo) -> Any:
    """A time or a date is written out (ISO 8601), never a number: an epoch count or "1700000000"
    would be read as seconds since 1970, and nobody can check that by reading the file."""
    if _at_intake(info) and (
        isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.match(value))
    ):
        raise RuleBroken(
            en="must be written as ISO 8601 (2026-11-16 or 2026-11-16T09:30:00+01:00), not a number",
            sv="måste skrivas enligt ISO 8601 (2026-11-16 eller 2026-11-16T09:30:00+01:00), inte som ett tal",
        )
    return value


Moment = Annotated[AwareDatetime, BeforeValidator(_a_written_moment)]
Day = Annotated[date, BeforeValidator(_a_written_moment)]
Count = BeforeValidator(_a_number)

# Every text has a limit fit for its meaning (characters; at most four bytes each in UTF-8), so no
# accepted notice can push a case past Temporal's limits (2 KB a search attribute, 2 MB a
# payload: tests/test_limits.py). A value over its limit is rejected naming the field.
OneLine = AfterValidator(_one_line)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20), OneLine]
Optional200 = Annotated[str, StringConstraints(max_length=200), OneLine]
Optional100 = Annotated[str, StringConstraints(max_length=100), OneLine]
Optional40 = Annotated[str, StringConstraints(max_length=40), OneLine]
DESCRIPTION_LIMIT = 2000
MAX_CHILDREN = 20
MAX_DEBT_SEK = 10_000_000


class SenderKind(StrEnum):
    LANDLORD = "landlord"
    KRONOFOGDEN = "kronofogden"
    OTHER_ADMINISTRATION = "other_administration"
    RELATIVE = "relative"
    PRIVATE_PERSON = "private_person"


class _Part(BaseModel):
    # Senders may add fields of their own; the contract only grows.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Sender(_Part):
    kind: SenderKind
    name: Text
    reference: Optional100 | None = None


class PostalAddress(_Part):
    """Where registered mail reaches the landlord (a box or a street address)."""

    street: Text
    postal_code: Short
    city: Code

    def lines(self) -> list[str]:
        return [self.street, f"{self.postal_code} {self.city}"]


class Landlord(_Part):
    name: Text
    contact: Optional200 | None = None  # how to reach the landlord's staff: e-mail or phone, not post
    address: PostalAddress | None = None


class Tenant(_Part):
    personnummer: Annotated[str, StringConstraints(max_length=40), OneLine]
    name: Text
    phone: Optional40 | None = None

    @field_validator("personnummer")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return parse_identity_number(value).normalised


class Address(_Part):
    street: Text
    apartment: Optional40 | None = None
    postal_code: Short
    city: Code


class Household(_Part):
    adults: Annotated[int, Field(ge=0, le=30), Count] | None = None
    children_birth_years: (
        Annotated[
            list[Annotated[int, Field(ge=1900, le=2100)]],
            Field(max_length=MAX_CHILDREN),
            BeforeValidator(_numbers),
        ]
        | None
    ) = None


class RentArrears(_Part):
    served_on: Day
    social_services_notified_on: Day
    debt_sek: Annotated[float, Field(ge=0, le=MAX_DEBT_SEK, allow_inf_nan=False), Count] | None = None
    months: Annotated[int, Field(ge=0, le=600), Count] | None = None


class Disturbance(_Part):
    warning_given_on: Day
    description: (
        Annotated[str, StringConstraints(max_length=DESCRIPTION_LIMIT), AfterValidator(_prose)] | None
    ) = None


def _within_years() -> dict[str, str]:
    return {
        "en": f"must lie within {FIRST_YEAR}-{LAST_YEAR - 1}",
        "sv": f"måste ligga inom åren {FIRST_YEAR}–{LAST_YEAR - 1}",
    }


def problem(field: str, *, en: str, sv: str) -> tuple[str, str, str]:
    """A field that breaks a rule across fields: its name, why in English and in Swedish."""
    return (field, en, sv)


def within_calendar(moment: datetime) -> datetime:
    """A moment the calendar of closed days can reckon from (checked before any time zone math,
    which would overflow at the ends of the range)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR - 1:
        raise RuleBroken(**_within_years())
    return moment


class Eviction(_Part):
    scheduled_at: Moment
    kfm_case_number: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), OneLine
    ]

    _in_calendar = field_validator("scheduled_at")(within_calendar)


# A notice id as the sender wrote it is at most 100 characters; the senders' API keeps each
# sender's ids apart by a prefix of its own (intake_api/app.py), so a case holds up to 120.
NOTICE_ID_LIMIT = 100
NoticeId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), OneLine]


def _sender_notice_id(value: str, info: ValidationInfo) -> str:
    if _at_intake(info) and len(value) > NOTICE_ID_LIMIT:
        raise RuleBroken(
            en=f"String should have at most {NOTICE_ID_LIMIT} characters",
            sv=f"får vara högst {NOTICE_ID_LIMIT} tecken",
        )
    return value


class Notice(_Part):
    notice_id: Annotated[NoticeId, AfterValidator(_sender_notice_id)]
    kind: NoticeKind
    received_at: Moment
    sender: Sender
    landlord: Landlord | None = None
    tenant: Tenant
    address: Address
    district: Optional100 | None = None
    household: Household | None = None
    rent_arrears: RentArrears | None = None
    disturbance: Disturbance | None = None
    eviction: Eviction | None = None

    _received_in_calendar = field_validator("received_at")(within_calendar)

    @model_validator(mode="after")
    def _kind_sections_and_dates(self) -> Self:
        problems: list[tuple[str, str, str]] = []
        section_for_kind = {
            NoticeKind.RENT_ARREARS: "rent_arrears",
            NoticeKind.DISTURBANCE: "disturbance",
            NoticeKind.EVICTION: "eviction",
        }
        section = section_for_kind.get(self.kind)
        if section and getattr(self, section) is None:
            problems.append(
                problem(
                    section,
                    en=f"required for a {self.kind.value} notice",
                    sv=f'krävs för en underrättelse med kind "{self.kind.value}"',
                )
            )
        if self.landlord is None and not (
            self.kind is NoticeKind.EARLY_WARNING and self.sender.kind is not SenderKind.LANDLORD
        ):
            problems.append(
                problem(
                    "landlord",
                    en="required unless an early warning from someone else",
                    sv="krävs, utom för en tidig signal (early_warning) från någon annan än hyresvärden",
                )
            )
        received_on = local_date(self.received_at)
        # The calendar of closed days covers FIRST_YEAR..LAST_YEAR; a deadline may fall a year on.
        for field, day in self._days():
            if not FIRST_YEAR <= day.year <= LAST_YEAR - 1:
                problems.append(problem(field, **_within_years()))
        if self.eviction and self.eviction.scheduled_at - self.received_at > MAX_EVICTION_AHEAD:
            problems.append(
                problem(
                    "eviction.scheduled_at",
                    en="is more than three years after received_at",
                    sv="ligger mer än tre år efter received_at",
                )
            )
        born = parse_identity_number(self.tenant.personnummer).birth_date
        if not 0 <= (received_on - born).days // 365.25 <= MAX_AGE:
            problems.append(
                problem(
                    "tenant.personnummer",
                    en=f"gives an age outside 0-{MAX_AGE} years",
                    sv=f"ger en ålder utanför 0–{MAX_AGE} år",
                )
            )
        if self.rent_arrears:
            for field in ("served_on", "social_services_notified_on"):
                if getattr(self.rent_arrears, field) > received_on:
                    problems.append(
                        problem(
                            f"rent_arrears.{field}", en="is after received_at", sv="ligger efter received_at"
                        )
                    )
        if self.disturbance and self.disturbance.warning_given_on > received_on:
            problems.append(
                problem(
                    "disturbance.warning_given_on", en="is after received_at", sv="ligger efter received_at"
                )
            )
        if self.eviction and self.eviction.scheduled_at <= self.received_at:
            problems.append(
                problem(
                    "eviction.scheduled_at",
                    en="must be after received_at",
                    sv="måste ligga efter received_at",
                )
            )
        children = self.household.children_birth_years if self.household else None
        if children and any(year > received_on.year for year in children):
            problems.append(
                problem(
                    "household.children_birth_years",
                    en="a year is in the future",
                    sv="ett av åren ligger i framtiden",
                )
            )
        if problems:
            raise NoticeRuleError(problems)
        return self

    @model_validator(mode="after")
    def _plausible(self, info: ValidationInfo) -> Self:
        """What a sender could have got wrong that no single field shows: a tenant too young to
        hold a tenancy, a child born before the tenant (intake only, as the other sender rules)."""
        if not _at_intake(info):
            return self
        problems: list[tuple[str, str, str]] = []
        born = parse_identity_number(self.tenant.personnummer).birth_date
        if self.tenant_age() < MIN_TENANT_AGE:
            problems.append(
                problem(
                    "tenant.personnummer",
                    en=f"gives an age under {MIN_TENANT_AGE}: too young to hold a tenancy",
                    sv=f"ger en ålder under {MIN_TENANT_AGE} år: för ung för att ha ett hyreskontrakt",
                )
            )
        children = self.household.children_birth_years if self.household else None
        if children and any(year < born.year for year in children):
            problems.append(
                problem(
                    "household.children_birth_years",
                    en="a child is born before the tenant",
                    sv="ett barn är fött före hyresgästen",
                )
            )
        if problems:
            raise NoticeRuleError(problems)
        return self

    def _days(self) -> list[tuple[str, date]]:
        days = [("received_at", local_date(self.received_at))]
        if self.rent_arrears:
            days += [
                ("rent_arrears.served_on", self.rent_arrears.served_on),
                ("rent_arrears.social_services_notified_on", self.rent_arrears.social_services_notified_on),
            ]
        if self.disturbance:
            days.append(("disturbance.warning_given_on", self.disturbance.warning_given_on))
        if self.eviction:
            days.append(("eviction.scheduled_at", local_date(self.eviction.scheduled_at)))
        return days

    # What the case needs to know, derived in one place.

    @property
    def identity(self) -> IdentityNumber:
        return parse_identity_number(self.tenant.personnummer)

    @property
    def received_on(self) -> date:
        return local_date(self.received_at)

    def tenant_age(self) -> int:
        return self.identity.age_on(self.received_on)

    def children_birth_years(self) -> list[int] | None:
        """Birth years of children under 18; None when the notice does not say."""
        if self.household is None or self.household.children_birth_years is None:
            return None
        year = self.received_on.year
        return sorted(y for y in self.household.children_birth_years if year - y < ADULT_AGE)

    @property
    def sent_by_landlord(self) -> bool:
        return self.sender.kind is SenderKind.LANDLORD


class NoticeRuleError(ValueError):
    """Several cross-field rules broken at once; each names its field, in English and Swedish."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {reason}" for field, reason, _ in problems))
        self.problems = problems


class FieldError(BaseModel):
    """What is wrong with a notice: the field, and the rule in English (`reason`, the `--json`
    contract's) and Swedish (`reason_sv`, what people read), never the value."""

    model_config = ConfigDict(frozen=True)

    field: str
    reason: str
    reason_sv: str


def validate_notice(raw: Any) -> tuple[Notice | None, list[FieldError]]:
    """A notice, or the list of what is wrong with it (field and reason, no values)."""
    if not isinstance(raw, dict):
        return None, [
            FieldError(field="notice", reason="must be a JSON object", reason_sv="måste vara ett JSON-objekt")
        ]
    try:
        return Notice.model_validate(raw, context={INTAKE: True}), []
    except ValidationError as error:
        return None, _field_errors(error)


def _field_errors(error: ValidationError) -> list[FieldError]:
    found: list[FieldError] = []
    for item in error.errors(include_url=False, include_input=False):
        context = item.get("ctx") or {}
        rule_error = context.get("error")
        if isinstance(rule_error, NoticeRuleError):
            found += [FieldError(field=f, reason=en, reason_sv=sv) for f, en, sv in rule_error.problems]
            continue
        field = ".".join(str(part) for part in item["loc"]) or "notice"
        if isinstance(rule_error, RuleBroken | IdentityNumberError):
            found.append(FieldError(field=field, reason=str(rule_error), reason_sv=rule_error.sv))
            continue
        reason = "is required" if item["type"] == "missing" else item["msg"].removeprefix("Value error, ")
        found.append(
            FieldError(field=field, reason=reason, reason_sv=pydantic_reason_sv(item["type"], context))
        )
    return found


def received_in_the_future(notice: Notice, now: datetime) -> FieldError | None:
    """A notice received later than the moment it is taken in is a mistake: it would date the
    letters and the deadlines wrongly (shared/spec/notices.md)."""
    if notice.received_at <= now + CLOCK_SLACK:
        return None
    return FieldError(
        field="received_at",
        reason="is later than the moment the notice is taken in",
        reason_sv="ligger senare än tidpunkten då underrättelsen tas emot",
    )
