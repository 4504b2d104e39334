"""Renders a letter as an A4 PDF in DejaVu Sans (Unicode: every name prints as written)."""

from datetime import datetime, time

from fpdf import FPDF

from activities.fonts import BOLD, REGULAR
from activities.letter_texts import LetterText, signature, swedish_date
from domain.deadlines import STOCKHOLM
from domain.requests import LetterRequest


def render_pdf(request: LetterRequest, text: LetterText) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(REGULAR))
    pdf.add_font("DejaVu", "B", str(BOLD))
    # A fixed creation date keeps a re-rendered letter byte-identical.
    pdf.set_creation_date(datetime.combine(request.written_on, time(0, 0), tzinfo=STOCKHOLM))
    pdf.set_title(text.title)
    pdf.set_author(request.routing.unit)
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 6, request.routing.unit, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    if request.routing.office_address:
        pdf.cell(0, 5, request.routing.office_address, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, f"Datum: {swedish_date(request.written_on)}", new_x="LMARGIN", new_y="NEXT")
    ours = f"Diarienummer: {request.case_number}" if request.case_number else f"Ärende: {request.case_id}"
    pdf.cell(0, 5, ours, new_x="LMARGIN", new_y="NEXT")
    for reference in text.references:
        pdf.cell(0, 5, reference, new_x="LMARGIN", new_y="NEXT")
    if text.registered_mail:
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(0, 5, "REKOMMENDERAT BREV", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)

    pdf.set_font("DejaVu", "", 11)
    pdf.set_x(110)
    for line in text.recipient_lines:
        pdf.set_x(110)
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)

    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, text.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    for paragraph in text.paragraphs:
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    pdf.ln(6)
    pdf.cell(0, 5.5, "Med vänliga hälsningar", new_x="LMARGIN", new_y="NEXT")
    for line in signature(request):
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
