"""The project's own metrics, through the SDK's meter: they appear on the worker's Prometheus
endpoint beside the SDK's (EVICTION_METRICS_ADDRESS), and cost nothing where none is set.
Names and labels are codes, never a case's data."""

from temporalio import activity

LETTERS_WRITTEN = "eviction_letters_written"
LETTERS_HELD = "eviction_letters_held"
PUBLICATIONS_WAITING = "eviction_publications_waiting"
DEADLINES_MISSED = "eviction_deadlines_missed"  # counted by the workflow (workflows/household_case.py)


def count(name: str, description: str, **labels: str) -> None:
    """One more of `name`, from inside an activity."""
    activity.metric_meter().create_counter(name, description).add(1, labels)
