"""The case register's serial numbers per year, handed out in groups: one durable write serves
every case that asked while the last write was on its way (a group commit).

Under a burst of notices each number cost one fsync under the machine-wide lock (11 ms on
average, 25 ms at the 90th percentile on this machine), and every new case's registration, on
the path of the sender's receipt, queued behind the others' (issue 20).
"""

import fcntl
import threading
from pathlib import Path

from activities.outbox import write_atomically


class _Ticket:
    """One case's place in the queue: settled with its serial, or with why none was written."""

    def __init__(self) -> None:
        self.serial: int | None = None
        self.error: BaseException | None = None


class YearSerials:
    """Serials per year from a counter file in `folder` (`serial-<year>.txt`, the last number
    handed out): in the order they were asked for, never one twice, across this process's
    threads and, by an `flock`, other processes. A worker that dies between the counter's write
    and the case's entry leaves a gap, never a number twice: the counter is durable before any
    number of its group is handed out."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._waiting: dict[int, list[_Ticket]] = {}
        self._queue = threading.Lock()  # held for a list operation only
        self._writer = threading.Lock()  # held through one write of the counter

    def next(self, year: int) -> int:
        ticket = _Ticket()
        with self._queue:
            self._waiting.setdefault(year, []).append(ticket)
        with self._writer:
            if ticket.serial is None and ticket.error is None:  # no write has served it yet
                with self._queue:
                    group = self._waiting.pop(year, [])
                try:
                    first = self._take(year, len(group))
                except BaseException as error:
                    for each in group:
                        each.error = error
                else:
                    for offset, each in enumerate(group):
                        each.serial = first + offset
        if ticket.error is not None:
            raise ticket.error
        assert ticket.serial is not None
        return ticket.serial

    def _take(self, year: int, count: int) -> int:
        """The first of `count` serials, the counter moved past the last of them, durably."""
        self._folder.mkdir(parents=True, exist_ok=True)
        with (self._folder / f".serial-{year}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            counter = self._folder / f"serial-{year}.txt"
            last = int(counter.read_text()) if counter.exists() else 0
            write_atomically(counter, str(last + count).encode())
            return last + 1
