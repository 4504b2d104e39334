"""The four kinds of notice (PROCESS.md §2); a case's tracks are named after them.

A module of its own so that the command line's options load no notice model.
"""

from enum import StrEnum


class NoticeKind(StrEnum):
    RENT_ARREARS = "rent_arrears"
    DISTURBANCE = "disturbance"
    EARLY_WARNING = "early_warning"
    EVICTION = "eviction"
