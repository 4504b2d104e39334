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
from matplotlib.ticker import MaxNLocator

from activities.outbox import write_atomically
from domain.local_time import STOCKHOLM
from domain.notices import NoticeKind, SenderKind
from domain.words import sv_of
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

EVICTION_OUTCOMES = [
    ("executed", "verkställda", "#9f2f2f"),
    ("averted", "avvärjda", "#2f9f4f"),
    ("postponed", "anstånd", "#c9a227"),
    ("open", "utan utfall än", "#8c8c8c"),
]
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


def percent(share: float) -> str:
    """A share as a Swedish reader writes it: 12,5 % (not 12 %: rounding hid half a point)."""
    return f"{share * 100:.1f}".replace(".", ",") + " %"


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

    # Evictions by outcome per month: a closed case is rarely an evicted or averted one (those stay
    # open for their follow-up), so the outcomes are counted where they happen.
    figure, axes = plt.subplots(figsize=(8, 3.4))
    bottom = [0] * len(series)
    for key, label, colour in EVICTION_OUTCOMES:
        counts = [row["evictions"].get(key, 0) for row in series]
        axes.bar(months, counts, bottom=bottom, label=label, color=colour)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_title("Avhysningar per utfall och månad")
    axes.set_ylabel("avhysningar")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    images.append(
        _saved(
            figure,
            folder / f"{stem}-utfall.png",
            "Avhysningar med datum under månaden: verkställda, avvärjda, flyttade (anstånd) och ännu utan utfall.",
        )
    )

    figure, axes = plt.subplots(figsize=(8, 3.0))
    shares = [row["kfm_same_day_share"] for row in series]
    axes.bar(months, [share * 100 if share is not None else 0 for share in shares], color="#2f6f9f")
    for index, (share, row) in enumerate(zip(shares, series, strict=True)):
        label = "–" if share is None else f"{share:.0%} av {row['kfm_confirmations']}"
        axes.annotate(label, (index, (share or 0) * 100), ha="center", va="bottom", fontsize=7)
    axes.set_ylim(0, 110)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
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
    landlords = {name: g for name, g in report["by_landlord"].items() if g["notices_received"]}
    names = sorted(landlords, key=lambda name: -landlords[name]["notices_received"])
    axes.barh(
        [group_name(name) for name in names[::-1]],
        [landlords[name]["notices_received"] for name in names[::-1]],
        color="#6f9f2f",
    )
    axes.set_title(f"Underrättelser per hyresvärd, {report['period']['label']}")
    axes.set_xlabel("underrättelser")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    images.append(
        _saved(
            figure,
            folder / f"{stem}-hyresvardar.png",
            "Mottagna underrättelser per hyresvärd (övriga: hyresvärdar kommunen inte namnger).",
        )
    )
    return images


GROUP_NAMES = {
    "other": "övriga",
    "(ingen stadsdel)": "stadsdel ej angiven",
    "(ingen hyresvärd)": "hyresvärd ej angiven",
}


def group_name(name: str) -> str:
    return GROUP_NAMES.get(name, name)


def _group_table(groups: dict[str, dict[str, Any]], title: str) -> TableBlock:
    """The figures a board compares between groups (columns: mottagna, öppnade, underrättelser
    om avhysning, andel bekräftelser i tid, andel nådda inom 5 arbetsdagar, ej nådda,
    verkställda, avvärjda, hushåll med barn)."""
    return TableBlock(
        [title, *(label for _, label in COMPARED)],
        [
            [group_name(name), *(shown(key, figures[key]) for key, _ in COMPARED)]
            for name, figures in groups.items()
        ],
    )


# The first page: the figures a board asks about first, each against the period before and the
# board's target (configuration [reporting.targets]).
KEY_FIGURES = [
    ("kfm_same_day_share", "Bekräftelse till Kronofogden samma dag"),
    ("kfm_tenant_copies_same_day", "Kopia av bekräftelsen till hyresgästen samma dag"),
    ("reached_within_5_working_days_share", "Hyresgäster nådda personligen inom 5 arbetsdagar"),
    ("preassessments_over_28_days_without_reason", "Förhandsbedömningar över fyra veckor utan skäl"),
    ("evictions_executed", "Verkställda avhysningar"),
    ("evictions_executed_with_children", "… av dem hushåll med barn"),
    ("children_evicted", "Barn i avhysta hushåll"),
    ("evictions_averted", "Avvärjda avhysningar"),
]
# Then every figure, by topic, in the order a board reads them.
TOPICS = [
    (
        "Mottagning",
        ["notices_received", "cases_opened", "notices_joined", "duplicates", "rejected", "rejected_waiting"],
    ),
    (
        "Kronofogdens underrättelser om avhysning",
        [
            "kfm_confirmations",
            "kfm_confirmations_same_day",
            "kfm_confirmations_next_working_day",
            "kfm_confirmations_late",
            "kfm_confirmations_pending",
            "kfm_same_day_share",
            "kfm_tenant_copies_same_day",
            "kfm_without_landlord_notice",
        ],
    ),
    (
        "Kontakt med hyresgästen",
        [
            "first_contact_median_days",
            "reached_within_5_working_days",
            "reached_within_5_working_days_share",
            "never_reached",
        ],
    ),
    (
        "Förhandsbedömning, utredning och insatser",
        [
            "preassessments_over_14_days",
            "preassessments_over_28_days",
            "preassessments_over_28_days_with_reason",
            "preassessments_over_28_days_without_reason",
            "investigations_opened",
            "support_decided",
            "households_given_support",
        ],
    ),
    (
        "Återvinningsfrister och betalningsåtaganden",
        [
            "recovery_periods_ended",
            "recovery_periods_running",
            "recovery_debt_paid",
            "recovery_payment_commitment",
            "recovery_not_saved",
            "recovery_no_outcome",
            "payment_commitments",
            "payment_commitments_sek",
        ],
    ),
    (
        "Avhysningar",
        [
            "evictions_scheduled",
            "evictions_postponed",
            "evictions_executed",
            "evictions_executed_with_children",
            "children_evicted",
            "evictions_averted",
            "averted_keys_returned",
            "averted_agreement",
            "averted_payment",
            "averted_other",
            "evictions_attended",
            "evictions_children_affected",
            "evictions_children_unit_present",
        ],
    ),
    (
        "Barn, äldre och underrättelser till andra enheter",
        [
            "households_with_children",
            "children_affected",
            "tenants_65_or_older",
            "alerts_children_unit",
            "alerts_elderly_care",
            "alerts_held_for_consent",
        ],
    ),
    ("Uppföljning", ["follow_ups_offered", "follow_ups_accepted", "follow_ups_held"]),
    ("Systemet", ["cases_ended_in_temporal", "cases_not_yet_reported"]),
]
BREAKDOWNS = [
    ("notices_by_kind", "Underrättelser per slag", NoticeKind),
    ("notices_by_sender", "Underrättelser per avsändare", SenderKind),
]


def shown(key: str, value: Any) -> str:
    """A figure as a Swedish reader writes it: shares in per cent with a decimal comma."""
    if value is None:
        return "–"
    if key.endswith("_share") and isinstance(value, float):
        return percent(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if key.endswith("_sek") and isinstance(value, int):
        return f"{value:,} kr".replace(",", " ")
    return str(value)


def meets(key: str, value: Any, target: float | None) -> str:
    """Whether the target is met: a share at least the target, a count at most it."""
    if target is None or value is None:
        return "–"
    good = value >= target if key.endswith("_share") else value <= target
    return "nått" if good else "ej nått"


def key_figures(report: dict[str, Any]) -> TableBlock:
    totals, before = report["totals"], report.get("previous_period", {}).get("totals", {})
    targets = report.get("targets", {})
    label = report.get("previous_period", {}).get("label", "föregående")
    rows = []
    for key, name in KEY_FIGURES:
        target = targets.get(key)
        wanted = (
            "–"
            if target is None
            else (
                f"minst {shown(key, target)}"
                if key.endswith("_share")
                else f"högst {shown(key, int(target))}"
            )
        )
        rows.append(
            [
                name,
                shown(key, totals.get(key)),
                shown(key, before.get(key)),
                wanted,
                meets(key, totals.get(key), target),
            ]
        )
    return TableBlock(["Nyckeltal", report["period"]["label"], label, "Mål", "Bedömning"], rows)


def report_document(report: dict[str, Any], images: list[Image]) -> Document:
    period = report["period"]
    document = Document(f"Uppföljning av vräkningsförebyggande arbete, {period['label']}")
    retention = report["retention_days"]
    document.add(
        Paragraph(
            f"Period {period['from']} till {period['to']}, skapad {report['generated_at'][:16].replace('T', ' ')}. "
            "Varje siffra räknas ur rapportdatabasen, som ärendena själva fyller; definitionerna står vid varje siffra. "
            + (
                f"Avslutade ärenden finns kvar hos servern i {retention} {'dag' if retention == 1 else 'dagar'}; "
                "om rapportdatabasen måste byggas om kan äldre avslutade ärenden inte läsas in igen."
                if retention
                else ""
            )
        ),
        Heading("Nyckeltal"),
        key_figures(report),
        Paragraph("Målen är nämndens och anges i konfigurationen ([reporting.targets])."),
    )
    totals = report["totals"]
    listed = {key for _, keys in TOPICS for key in keys}
    topics = [*TOPICS, ("Övrigt", [key for key in DEFINITIONS if key not in listed])]
    for title, keys in topics:
        rows = [[DEFINITIONS[key], shown(key, totals[key])] for key in keys if key in totals]
        if title == "Mottagning":
            for key, label, kind in BREAKDOWNS:
                rows += [[f"{label}: {sv_of(code, kind)}", str(count)] for code, count in totals[key].items()]
        if rows:
            document.add(Heading(title), TableBlock(["Definition", "Värde"], rows))
    reasons = sorted(totals["rejected_by_reason"].items(), key=lambda item: (-item[1], item[0]))
    if reasons:
        listed_reasons = [[reason, str(count)] for reason, count in reasons[:REASONS_LISTED]]
        rest = reasons[REASONS_LISTED:]
        if rest:
            listed_reasons.append([f"{len(rest)} skäl till", str(sum(count for _, count in rest))])
        document.add(
            Heading("Avvisade per skäl", level=2), TableBlock(["Fält: skäl", "Antal"], listed_reasons)
        )
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
            "ut) redovisas samlat som övriga hyresvärdar. Avvisade och dubbla inlämningar räknas för sig och "
            "ingår inte i mottagna."
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
