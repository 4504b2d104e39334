"""What a case's run starts with. A pydantic model of its own module, passed through the
workflow sandbox: defined in the workflow's module, it was built anew (its validation schema
generated) for every case the sandbox loaded, a few milliseconds each (issue 20)."""

from pydantic import BaseModel

from domain.case import CaseState


class CaseInput(BaseModel):
    case_id: str
    carried_state: CaseState | None = None  # set when the case continues as new
    # A case runs for months; past this many history events it continues as new (as it also
    # does when the server suggests it), carrying its whole state.
    history_event_limit: int = 10_000
    # The check value of the case id key the case was started with (infra/key_check.py).
    case_id_key_check: str | None = None
