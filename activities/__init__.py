"""Temporal activities: everything the case does to the outside world."""
