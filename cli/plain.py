"""Text from input, printed as text: never as markup, never as terminal control sequences.

A notice id, a name or a path may hold `[red]`, `[/]` or an escape sequence; printed raw, the
first would change the output, the second crash it, the third steer the terminal.
"""

import re

from rich.markup import escape as escape_markup

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """Markup escaped, control and bidirectional-override characters shown as '?'."""
    return escape_markup(_CONTROL.sub("?", text))
