"""Where a command's own diagnostics go: a log file, never stdout or the screen.

With `--json`, stdout is a contract and stderr is what a person reads; the SDK's core writes its
retry warnings to the console and asyncio prints "Future exception was never retrieved" with a
traceback when the server dies mid-file. Both go to `logs/command-line.log` in the data folder
(0600, like every file there) instead: for whoever looks into a failed run, not for a person
reading receipts.
"""

import logging
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from temporalio.runtime import LogForwardingConfig, LoggingConfig, Runtime, TelemetryConfig, TelemetryFilter

LOG_NAME = "command-line.log"


class SafeFileHandler(RotatingFileHandler):
    """A file handler that cannot fail on its own account: a record logged while another is
    being written in the same thread (asyncio's "never retrieved" report from a collected
    future, mid-write) waits its turn instead of raising "reentrant call", and a line that
    cannot be written is dropped rather than printed as "--- Logging error ---" on the screen."""

    _writing = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        waiting: list[logging.LogRecord] | None = getattr(self._writing, "waiting", None)
        if waiting is not None:
            waiting.append(record)
            return
        self._writing.waiting = waiting = [record]
        try:
            while waiting:
                super().emit(waiting.pop(0))
        finally:
            self._writing.waiting = None

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def log_to_file(logs_dir: Path) -> Path:
    """Python's logging (asyncio's included) and the SDK core's to one file, WARN and above."""
    logs_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = logs_dir / LOG_NAME
    # A server gone mid-file logs each notice's retries: megabytes, so the file is bounded.
    handler = SafeFileHandler(path, maxBytes=10_000_000, backupCount=2, encoding="utf-8")
    logging.raiseExceptions = False  # no handler's failure reaches the screen
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    core = LoggingConfig(
        filter=TelemetryFilter(core_level="WARN", other_level="ERROR"),
        forwarding=LogForwardingConfig(logger=logging.getLogger("temporalio.core")),
    )
    Runtime.set_default(Runtime(telemetry=TelemetryConfig(logging=core)), error_if_already_set=False)
    return path
