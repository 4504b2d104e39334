"""Where a case stands in the process (PROCESS.md §3): one value, shown and searched."""

from enum import StrEnum


class Phase(StrEnum):
    INTAKE = "intake"
    PREASSESSMENT = "preassessment"
    INVESTIGATION = "investigation"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
