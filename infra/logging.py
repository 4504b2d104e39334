"""structlog JSON lines for every process, stdlib loggers included.

Workflow code logs through `workflow.logger` (quiet during replay) and activities through
`activity.logger`; both are stdlib loggers, so they pass through the same JSON renderer.
Log lines carry case ids and codes, never personal data.
"""

import logging
import sys

import structlog
from structlog.typing import Processor
from temporalio import activity, workflow

_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "INFO") -> None:
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(default=str),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The SDK adds workflow/activity info as structured fields; not again inside the message.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False
    logging.getLogger("temporalio").setLevel(logging.WARNING)
    # fpdf2's font subsetting (fontTools) reports every table it prunes: noise, not events.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # each migration's docstring, per process
    # fpdf2 names the characters a font lacks in its warnings: a tenant's name in the log. The
    # letter checks its characters before it renders (activities/fonts.py), so none is lost.
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    # The case workflow and its activities log through these; keep them at the chosen level.
    logging.getLogger("temporalio.workflow").setLevel(level)
    logging.getLogger("temporalio.activity").setLevel(level)
