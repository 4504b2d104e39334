"""The board's report as files: Markdown, CSV and PDF with charts, in the outbox.

Charts where a person would rather look than read: cases closed by outcome per month, the
same-day share of confirmations to Kronofogden per month, notices per landlord.
"""

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt

from activities.outbox import write_atomically
from domain.local_time import STOCKHOLM
from reporting.documents import (
    Document,
    Heading,
    Image,
    Paragraph,
    TableBlock,
    to_markdown,
    to_pdf,
)
from reporting.figures import DEFINITIONS

OUTCOMES_SV = {
    "no_need": "inget behov",
    "debt_settled": "skulden betald",
    "support_declined": "stöd avböjt",
    "moved": "flyttat",
    "handed_over": "överlämnat",
    "eviction_averted": "avhysning avvärjd",
    "evicted": "avhyst",
    "other": "annat",
}
# The columns of the district and landlord tables: the figures a board compares between groups.
COMPARED = [
    ("notices_received", "mott."),
    ("cases_opened", "öppn."),
    ("kfm_confirmations", "KFM"),
    ("kfm_same_day_share", "i tid"),
    ("reached_within_5_working_days_share", "nådda ≤5 d"),
    ("never_reached", "ej nådda"),
    ("evictions_executed", "verkst."),
    ("evictions_averted", "avvärjda"),
    ("households_with_children", "barn"),
    ("rejected", "avvisade"),
    ("duplicates", "dubbl."),
]
# Reasons listed one a row; the rest summed in one row (a table cell taller than a page stopped
# the PDF from being written at all, issue 19).
REASONS_LISTED = 30


def _value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1%}" if value <= 1 else f"{value:.1f}"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {count}" for key, count in value.items()) or "–"
    return str(value)


def percent(share: float) -> str:
    """A share as a Swedish reader writes it: 12,5 % (not 12 %: rounding hid half a point)."""
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def _share_value(key: str, value: Any) -> str:
    if key.endswith("_share") and isinstance(value, float):
        return percent(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return _value(value)


def _saved(figure: Any, path: Path, caption: str) -> Image:
    """The chart as a PNG beside the report, and the figure's memory given back."""
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return Image(path, caption)


def charts(report: dict[str, Any], series: list[dict[str, Any]], folder: Path, stem: str) -> list[Image]:
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    months = [row["month"] for row in series]

    figure, axes = plt.subplots(figsize=(8, 3.4))
    outcomes = sorted({reason for row in series for reason in row["closed_by_outcome"]})
    bottom = [0] * len(series)
    for reason in outcomes:
        counts = [row["closed_by_outcome"].get(reason, 0) for row in series]
        axes.bar(months, counts, bottom=bottom, label=OUTCOMES_SV.get(reason, reason))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_title("Avslutade ärenden per utfall och månad")
    axes.set_ylabel("ärenden")
    if outcomes:
        axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    images.append(
        _saved(
            figure, folder / f"{stem}-utfall.png", "Ärenden avslutade per månad, efter utfall (avslutsskäl)."
        )
    )

    figure, axes = plt.subplots(figsize=(8, 3.0))
    shares = [row["kfm_same_day_share"] for row in series]
    axes.bar(months, [share * 100 if share is not None else 0 for share in shares], color="#2f6f9f")
    for index, (share, row) in enumerate(zip(shares, series, strict=True)):
        label = "–" if share is None else f"{share:.0%} av {row['kfm_confirmations']}"
        axes.annotate(label, (index, (share or 0) * 100), ha="center", va="bottom", fontsize=7)
    axes.set_ylim(0, 110)
    axes.set_title("Bekräftelser till Kronofogden i tid (samma dag), andel per månad")
    axes.set_ylabel("%")
    images.append(
        _saved(
            figure,
            folder / f"{stem}-kfm.png",
            "Andel bekräftelser som gick samma dag (eller nästa arbetsdag efter en stängd dag).",
        )
    )

    figure, axes = plt.subplots(figsize=(8, 3.0))
    landlords = report["by_landlord"]
    names = sorted(landlords, key=lambda name: -landlords[name]["notices_received"])
    axes.barh(names[::-1], [landlords[name]["notices_received"] for name in names[::-1]], color="#6f9f2f")
    axes.set_title(f"Underrättelser per hyresvärd, {report['period']['label']}")
    axes.set_xlabel("underrättelser")
    images.append(
        _saved(
            figure,
            folder / f"{stem}-hyresvardar.png",
            "Mottagna underrättelser per hyresvärd (övriga: hyresvärdar kommunen inte namnger).",
        )
    )
    return images


def _group_table(groups: dict[str, dict[str, Any]], title: str) -> TableBlock:
    """The figures a board compares between groups (columns: mottagna, öppnade, underrättelser
    om avhysning, andel bekräftelser i tid, andel nådda inom 5 arbetsdagar, ej nådda,
    verkställda, avvärjda, hushåll med barn)."""
    return TableBlock(
        [title, *(label for _, label in COMPARED)],
        [
            [name, *(_share_value(key, figures[key]) for key, _ in COMPARED)]
            for name, figures in groups.items()
        ],
    )


def report_document(report: dict[str, Any], images: list[Image]) -> Document:
    period = report["period"]
    document = Document(f"Uppföljning av vräkningsförebyggande arbete, {period['label']}")
    retention = report["retention_days"]
    document.add(
        Paragraph(
            f"Period {period['from']} till {period['to']}. Skapad {report['generated_at'][:16].replace('T', ' ')}. "
            "Varje siffra räknas ur rapportdatabasen, som ärendena själva fyller; definitionerna står vid "
            "varje siffra. "
            + (
                f"Avslutade ärenden finns kvar hos servern i {retention} {'dag' if retention == 1 else 'dagar'}; "
                "om rapportdatabasen måste byggas om kan äldre avslutade ärenden inte läsas in igen."
                if retention
                else ""
            )
        )
    )
    document.add(Heading("Hela kommunen"))
    totals = report["totals"]
    rows = [[DEFINITIONS[key], _share_value(key, totals.get(key))] for key in DEFINITIONS if key in totals]
    for key, label in (
        ("notices_by_kind", "Underrättelser per slag"),
        ("notices_by_sender", "Underrättelser per avsändare (slag)"),
    ):
        rows.append([label, _value(totals[key])])
    document.add(TableBlock(["Definition", "Värde"], rows))
    reasons = sorted(totals["rejected_by_reason"].items(), key=lambda item: (-item[1], item[0]))
    if reasons:
        listed = [[reason, str(count)] for reason, count in reasons[:REASONS_LISTED]]
        rest = reasons[REASONS_LISTED:]
        if rest:
            listed.append([f"{len(rest)} skäl till", str(sum(count for _, count in rest))])
        document.add(Heading("Avvisade per skäl", level=2), TableBlock(["Fält: skäl", "Antal"], listed))
    document.add(Heading("Diagram"), *images)
    document.add(
        Heading("Per stadsdel"),
        Paragraph(
            "Kolumner: mott. = mottagna underrättelser, öppn. = öppnade ärenden, KFM = underrättelser om "
            "avhysning, i tid = andel bekräftelser samma dag (nästa arbetsdag efter en stängd dag), nådda ≤5 d "
            "= andel nådda personligen inom 5 arbetsdagar, verkst. = verkställda avhysningar, barn = hushåll "
            "med barn, avvisade och dubbl. = inlämningar som avvisades eller redan var mottagna (räknas där "
            "underrättelsen hör hemma, även när den inte gick att läsa helt). Definitionerna ovan gäller."
        ),
        _group_table(report["by_district"], "stadsdel"),
    )
    document.add(Heading("Per hyresvärd"), _group_table(report["by_landlord"], "hyresvärd"))
    document.add(
        Paragraph(
            "Hyresvärdar som kommunen inte namnger i sin konfiguration (till exempel privatpersoner som hyr "
            "ut) redovisas samlat som 'other'. Avvisade och dubbla inlämningar räknas för sig och ingår inte "
            "i 'mottagna'."
        )
    )
    return document


def report_csv(report: dict[str, Any]) -> str:
    """One row per figure and group: scope, group, figure, value (breakdowns as figure.key)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["period", "scope", "group", "figure", "value"])
    label = report["period"]["label"]
    scopes = [
        ("total", {"": report["totals"]}),
        ("district", report["by_district"]),
        ("landlord", report["by_landlord"]),
    ]
    for scope, groups in scopes:
        for group, figures in groups.items():
            for key, value in figures.items():
                if isinstance(value, dict):
                    for sub, count in value.items():
                        writer.writerow([label, scope, group, f"{key}.{sub}", count])
                else:
                    writer.writerow([label, scope, group, key, "" if value is None else value])
    return buffer.getvalue()


def write_report(
    report: dict[str, Any], series: list[dict[str, Any]], outbox: Path, now: datetime
) -> dict[str, str]:
    """Markdown, CSV and PDF (with its charts beside it) in outbox/reports; their paths."""
    folder = outbox / "reports"
    stem = f"uppfoljning-{report['period']['label']}"
    images = charts(report, series, folder, stem)
    document = report_document(report, images)
    files = {
        "markdown": folder / f"{stem}.md",
        "csv": folder / f"{stem}.csv",
        "pdf": folder / f"{stem}.pdf",
    }
    write_atomically(files["markdown"], to_markdown(document).encode())
    write_atomically(files["csv"], report_csv(report).encode())
    write_atomically(files["pdf"], to_pdf(document, now.astimezone(STOCKHOLM)))
    return {kind: str(path) for kind, path in files.items()}
