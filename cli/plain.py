"""Text from input, printed as text: never as markup, never as terminal control sequences.

A notice id, a name or a path may hold `[red]`, `[/]` or an escape sequence; printed raw, the
first would change the output, the second crash it, the third steer the terminal.
"""

import re

from rich.markup import escape as escape_markup

# Every control character (line breaks of any kind included: a notice id with a newline would
# print as a second, forged receipt line), and the bidirectional overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(text: str, *, keep_newlines: bool = False) -> str:
    """Markup escaped, control and bidirectional-override characters shown as '?'; newlines
    kept only in a message the program wrote in lines of its own."""
    pattern = _CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL
    return escape_markup(pattern.sub("?", text))
