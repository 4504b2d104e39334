"""The one time zone of the law's dates: a deadline's day is a day in Stockholm.

A module of its own so that what only formats times (the command line's lists) does not load
the calendar of holidays.
"""

from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
