"""What a receipt's status is called, with its colour: the operators' command and `make run`
print them (a light module: the embedded runner does not load the intake to name four words)."""

from cli.language import t

STATUS_WORDS = {
    "opened": (t(sv="öppnat", en="opened"), "green"),
    "joined": (t(sv="tillagt", en="joined"), "cyan"),
    "duplicate": (t(sv="dubblett", en="duplicate"), "yellow"),
    "rejected": (t(sv="avvisad", en="rejected"), "red"),
}
