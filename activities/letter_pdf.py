"""Renders a letter as an A4 PDF with fpdf2's built-in Helvetica (Latin-1 covers Swedish)."""

from datetime import datetime, time

from fpdf import FPDF

from activities.letter_texts import LetterText, signature, swedish_date
from domain.deadlines import STOCKHOLM
from domain.requests import LetterRequest

_TYPOGRAPHY: dict[str, str | int | None] = {"–": "-", "—": "-", "’": "'", "“": '"', "”": '"'}
_TYPOGRAPHY_TABLE = str.maketrans(_TYPOGRAPHY)


def _latin1(text: str) -> str:
    """Replace the few typographic characters outside Latin-1 so the core font can print."""
    replaced = text.translate(_TYPOGRAPHY_TABLE)
    return replaced.encode("latin-1", errors="replace").decode("latin-1")


def render_pdf(request: LetterRequest, text: LetterText) -> bytes:
    pdf = FPDF(format="A4")
    # A fixed creation date keeps a re-rendered letter byte-identical.
    pdf.set_creation_date(datetime.combine(request.written_on, time(0, 0), tzinfo=STOCKHOLM))
    pdf.set_title(_latin1(text.title))
    pdf.set_author(_latin1(request.routing.unit))
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, _latin1(request.routing.unit), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    if request.routing.office_address:
        pdf.cell(0, 5, _latin1(request.routing.office_address), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, _latin1(f"Datum: {swedish_date(request.written_on)}"), new_x="LMARGIN", new_y="NEXT")
    ours = f"Diarienummer: {request.case_number}" if request.case_number else f"Ärende: {request.case_id}"
    pdf.cell(0, 5, _latin1(ours), new_x="LMARGIN", new_y="NEXT")
    for reference in text.references:
        pdf.cell(0, 5, _latin1(reference), new_x="LMARGIN", new_y="NEXT")
    if text.registered_mail:
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(0, 5, "REKOMMENDERAT BREV", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)

    pdf.set_font("Helvetica", "", 11)
    pdf.set_x(110)
    for line in text.recipient_lines:
        pdf.set_x(110)
        pdf.cell(0, 5.5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)

    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, _latin1(text.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in text.paragraphs:
        pdf.multi_cell(0, 5.5, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    pdf.ln(6)
    pdf.cell(0, 5.5, "Med vänliga hälsningar", new_x="LMARGIN", new_y="NEXT")
    for line in signature(request):
        pdf.cell(0, 5.5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
