"""One document, two forms: the agenda and the report are built as blocks, then written as
Markdown (to read and diff) and as PDF (to print and hand out), with the same words.

The PDF uses DejaVu Sans (activities/fonts.py): any district's or landlord's name prints as
written.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from activities.fonts import BOLD, REGULAR
from activities.pdf_lines import flush_left


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class TableBlock:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Image:
    path: Path
    caption: str


Block = Heading | Paragraph | Bullets | TableBlock | Image


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(document: Document) -> str:
    lines = [f"# {document.title}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        elif isinstance(block, TableBlock):
            lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join("---" for _ in block.header) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        else:
            lines += [f"![{block.caption}]({block.path.name})", ""]
    return "\n".join(lines)


def to_pdf(document: Document, created: datetime) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(created)  # the same document renders to the same bytes
    pdf.add_font("DejaVu", "", str(REGULAR))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.set_title(document.title)
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    flush_left(pdf, document.title, 8)
    pdf.ln(2)
    for block in document.blocks:
        if isinstance(block, Heading):
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 13 if block.level == 1 else 11)
            flush_left(pdf, block.text, 6.5)
        elif isinstance(block, Paragraph):
            pdf.set_font("DejaVu", "", 9.5)
            flush_left(pdf, block.text, 5)
            pdf.ln(1)
        elif isinstance(block, Bullets):
            pdf.set_font("DejaVu", "", 9.5)
            for item in block.items:
                flush_left(pdf, f"• {item}", 5)
            pdf.ln(1)
        elif isinstance(block, TableBlock):
            pdf.set_font("DejaVu", "", 8 if len(block.header) <= 4 else 7)
            # The first column holds names and definitions: it gets the room to keep them whole.
            first = 4.5 if len(block.header) == 2 else 2.6
            widths = (first, *([1.0] * (len(block.header) - 1)))
            with pdf.table(
                headings_style=FontFace(emphasis="BOLD"),
                line_height=4.2,
                first_row_as_headings=True,
                col_widths=widths,
            ) as table:
                for row in [block.header, *block.rows]:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
            pdf.ln(2)
        else:
            pdf.image(str(block.path), w=pdf.epw)
            pdf.set_font("DejaVu", "", 8)
            flush_left(pdf, block.caption, 4.5)
            pdf.ln(2)
    return bytes(pdf.output())
