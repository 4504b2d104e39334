"""Renders a letter as an A4 PDF: every name prints as written, or the letter is not written.

A letter whose text is all Latin-1 (Swedish, and most names) uses the PDF's built-in Helvetica,
which costs nothing to embed; a letter with any other character (Nguyễn, Łucja, Анна, 王秀英,
محمد) embeds DejaVu Sans and the Noto faces its text needs (activities/fonts.py), shaped by
HarfBuzz so that Arabic joins and reads right to left and Devanagari and Thai combine. Their
subsetting costs a quarter of a second or more of the worker's CPU, too much to spend on every
letter of a burst of notices. A character no face covers stops the letter (`Unprintable`).

Paragraphs are set flush left with a ragged right edge, as Myndigheternas skrivregler advise for
plain Swedish (even word gaps read better than a justified line's).
"""

from dataclasses import replace
from datetime import datetime, time

from fpdf import FPDF

from activities.fonts import BOLD, REGULAR, faces_for
from activities.letter_texts import LetterText, Unprintable, signature, swedish_date
from activities.pdf_lines import flush_left, line
from domain.deadlines import STOCKHOLM
from domain.requests import LetterRequest

_TYPOGRAPHY = str.maketrans({"–": "-", "—": "-", "’": "'", "“": '"', "”": '"'})


def _all_text(request: LetterRequest, text: LetterText) -> list[str]:
    routing = request.routing
    return [
        text.title,
        routing.unit,
        routing.office_address or "",
        *text.references,
        *text.recipient_lines,
        *text.paragraphs,
        *signature(request),
    ]


# Printed by render_pdf itself besides the letter's own text.
_FIXED = ["Datum: ", "Diarienummer: ", "REKOMMENDERAT BREV", "Med vänliga hälsningar"]


def _latin1(texts: list[str]) -> bool:
    try:
        "".join(texts).translate(_TYPOGRAPHY).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def render_pdf(request: LetterRequest, text: LetterText) -> bytes:
    pdf = FPDF(format="A4")
    core = _latin1(_all_text(request, text))
    if core:
        family = "Helvetica"
        clean = _TYPOGRAPHY
    else:
        faces, missing = faces_for("".join([*_all_text(request, text), *_FIXED]))
        if missing:
            raise Unprintable(len(missing))
        family, clean = "DejaVu", str.maketrans({})
        pdf.add_font("DejaVu", "", str(REGULAR))
        pdf.add_font("DejaVu", "B", str(BOLD))
        for face in faces:
            pdf.add_font(face.family, "", str(face.path), collection_font_number=face.index)
        if faces:  # a bold line falls back on the regular face: better than a blank
            pdf.set_fallback_fonts([face.family for face in faces], exact_match=False)
        pdf.set_text_shaping(True)
    text = replace(
        text,
        title=text.title.translate(clean),
        recipient_lines=[line.translate(clean) for line in text.recipient_lines],
        paragraphs=[paragraph.translate(clean) for paragraph in text.paragraphs],
        references=tuple(reference.translate(clean) for reference in text.references),
    )
    # A fixed creation date keeps a re-rendered letter byte-identical.
    pdf.set_creation_date(datetime.combine(request.written_on, time(0, 0), tzinfo=STOCKHOLM))
    pdf.set_title(text.title)  # already cleaned above
    pdf.set_author(request.routing.unit.translate(clean))
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()

    pdf.set_font(family, "B", 12)
    line(pdf, request.routing.unit.translate(clean), 6)
    pdf.set_font(family, "", 9)
    if request.routing.office_address:
        line(pdf, request.routing.office_address.translate(clean), 5)
    line(pdf, f"Datum: {swedish_date(request.written_on)}", 5)
    if request.case_number:  # never the internal case id: it means nothing to anyone who reads it
        line(pdf, f"Diarienummer: {request.case_number}", 5)
    for reference in text.references:
        line(pdf, reference, 5)
    if text.registered_mail:
        pdf.set_font(family, "B", 9)
        line(pdf, "REKOMMENDERAT BREV", 5)
    pdf.ln(8)

    pdf.set_font(family, "", 11)
    pdf.set_x(110)
    for recipient_line in text.recipient_lines:
        pdf.set_x(110)
        line(pdf, recipient_line, 5.5)
    pdf.ln(12)

    pdf.set_font(family, "B", 14)
    flush_left(pdf, text.title, 7, measured=core)
    pdf.ln(3)
    pdf.set_font(family, "", 11)
    for paragraph in text.paragraphs:
        flush_left(pdf, paragraph, 5.5, measured=core)
        pdf.ln(3)

    pdf.ln(6)
    line(pdf, "Med vänliga hälsningar", 5.5)
    for signature_line in signature(request):
        line(pdf, signature_line.translate(clean), 5.5)
    return bytes(pdf.output())
