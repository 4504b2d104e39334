"""What the case says to people, in Swedish and English: receipts and refusals.

People read Swedish (the default); `--lang en` shows English. Both texts are written where the
rule is, so a refusal and its reason never drift apart. Codes, logs and `--json` keys stay
English; `--json` carries the English text under its contract key and the Swedish beside it.
"""

from pydantic import BaseModel


class Said(BaseModel):
    """One message in both languages."""

    en: str
    sv: str

    def __str__(self) -> str:
        return self.en


class ActionRefused(ValueError):
    """An action the law or the case's state does not allow; the message says why.

    `str()` is the English reason; `said.sv` the Swedish one.
    """

    def __init__(self, *, en: str, sv: str) -> None:
        super().__init__(en)
        self.said = Said(en=en, sv=sv)


def refuse(*, en: str, sv: str) -> ActionRefused:
    """The refusal to raise: `raise refuse(...)`, so type checkers see the branch end."""
    return ActionRefused(en=en, sv=sv)
