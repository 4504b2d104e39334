"""What the senders' API answers, as pydantic models: FastAPI writes the OpenAPI document from
them, and Schemathesis checks every answer against that document."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Receipt(BaseModel):
    """A notice taken in: it opened a case, joined the tenant's open case, or was a duplicate."""

    status: Literal["opened", "joined", "duplicate"]
    notice_id: str
    case_number: str | None = Field(
        description="The case number (diarienummer) to refer to; null for the moment a new case is "
        "being registered: GET the notice for it."
    )
    received_at: datetime
    conflict: bool = Field(
        default=False,
        description="A duplicate whose body differs from the notice first taken in: the first stands.",
    )


class FieldProblem(BaseModel):
    field: str
    reason: str
    reason_sv: str


class Rejected(BaseModel):
    """Nothing was started: each error names the field and the rule broken."""

    status: Literal["rejected"] = "rejected"
    errors: list[FieldProblem]


class Problem(BaseModel):
    """Any other refusal: what is wrong, in English and Swedish."""

    detail: str
    detail_sv: str


class NoticeView(BaseModel):
    """One of the sender's own notices."""

    notice_id: str
    kind: str
    status: Literal["opened", "joined", "duplicate"] = Field(
        description="The first answer given (duplicate: an earlier send was taken in but its answer lost)."
    )
    received_at: datetime
    case_number: str | None
    confirmation_sent: bool | None = Field(
        default=None,
        description="Eviction notices: whether the confirmation to Kronofogden has been sent; null for "
        "other kinds, in the month's list (it does not ask the cases), or while a case cannot be asked.",
    )
    confirmation_sent_at: datetime | None = None


class MonthNotices(BaseModel):
    month: str
    notices: list[NoticeView]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    temporal: bool
    store: bool
