"""The command line's log cannot fail on its own handler (issue 16, point 3): a record logged
while another is being written waits its turn, and a line that cannot be written is dropped,
never printed as "--- Logging error ---" on the screen."""

import logging
from pathlib import Path

import pytest

from infra.command_log import SafeFileHandler


class _Reentrant:
    """A record whose formatting logs another record, as asyncio's report of a collected
    future does when the garbage collector runs in the middle of a write."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger, self.logged = logger, False

    def __str__(self) -> str:
        if not self.logged:  # the handler formats a record twice (its size, then its line)
            self.logged = True
            self.logger.warning("inner")
        return "outer"


def test_a_record_logged_while_another_is_written_waits_its_turn(tmp_path: Path) -> None:
    logger = logging.getLogger("test.command_log.reentrant")
    logger.propagate = False
    handler = SafeFileHandler(tmp_path / "command-line.log", maxBytes=10_000, backupCount=1)
    logger.handlers[:] = [handler]
    logger.warning("%s", _Reentrant(logger))
    handler.close()
    assert (tmp_path / "command-line.log").read_text().splitlines() == ["outer", "inner"]


def test_a_line_that_cannot_be_written_is_dropped_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("test.command_log.broken")
    logger.propagate = False
    handler = SafeFileHandler(tmp_path / "command-line.log", maxBytes=10_000, backupCount=1)
    logger.handlers[:] = [handler]
    assert handler.stream is not None
    handler.stream.close()  # the file is gone from under the handler
    logger.warning("lost")
    assert "Logging error" not in capsys.readouterr().err
