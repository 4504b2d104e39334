"""Values that leave the encrypted case (search attributes, the reporting store) come from a
closed set the municipality configures: its named landlords, its districts. Anything else is
shown as `other`, so a private landlord's name or a mistyped district is mapped, never copied."""

OTHER = "other"


def within(value: str | None, allowed: list[str]) -> str | None:
    """The configured spelling of `value`, `other` when it is not configured, None for none.
    An empty set means "not configured" (cases opened before it existed): the value as given."""
    if value is None:
        return None
    if not allowed:
        return value
    by_key = {known.casefold(): known for known in allowed}
    return by_key.get(value.strip().casefold(), OTHER)
