"""The supervisor hears of a case that cannot run: its workflow task fails in the worker (a
fault in the program, or a history the code cannot replay). The case cannot say so itself (its
own code is what fails) and the server keeps retrying it quietly, so the worker watches the SDK's
report of each failed task and puts one alert per case in the supervisor's inbox, as the case's
own alerts are (`alerts/supervisor/`). The alert names the case id and no personal data.
"""

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from activities.outbox import write_atomically

# What the SDK marks its "Failed activation" warning with (temporalio/worker/_workflow_instance).
FAILED_TASK = "WorkflowTaskFailure"


class FailingCaseAlerts(logging.Handler):
    """A logging handler on the SDK's logger: one supervisor alert per failing case."""

    def __init__(self, alerts_dir: Path) -> None:
        super().__init__(logging.WARNING)
        self._folder = alerts_dir / "supervisor"

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "__temporal_error_identifier", None) != FAILED_TASK:
            return
        details = getattr(record, "temporal_workflow", None)
        case_id = details.get("workflow_id") if isinstance(details, dict) else None
        if not isinstance(case_id, str) or not case_id or "/" in case_id:
            return
        path = self._folder / f"{case_id}-task-failing.json"
        if path.exists():  # once per case: the server retries the task for as long as it fails
            return
        alert = {
            "alert_id": "task-failing",
            "unit": "supervisor",
            "case_id": case_id,
            "reason": "the case cannot run: its workflow task fails in the worker (see the worker's log)",
            "reason_sv": (
                "ärendet kan inte köras: arbetaren misslyckas med dess arbetsuppgift (se arbetarens "
                "logg). Frister, brev och påminnelser väntar tills felet är rättat; kontakta "
                "systemförvaltningen."
            ),
            "raised_at": datetime.now(UTC).isoformat(),
        }
        try:
            write_atomically(path, json.dumps(alert, ensure_ascii=False, indent=1).encode())
        except OSError:
            self.handleError(record)
