"""Paragraphs set flush left, each word measured once: fpdf2's `multi_cell` measures the line
again for every character it adds (15 ms of a 16 ms letter; most of an agenda of 10,000 cases,
issue 20). The letters and the documents (the agenda, the board's report) set their text here.
"""

from fpdf import FPDF
from fpdf.fonts import CoreFont

# Word widths in a font, which never change: a letter's words are mostly its template's, an
# agenda's its fixed phrases and codes' words, measured once per process (fpdf2 spends 60 µs
# measuring one).
_WIDTHS: dict[tuple[str, str, float, str], float] = {}
_WIDTHS_KEPT = 50_000


def _width(pdf: FPDF, word: str) -> float:
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, word)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) >= _WIDTHS_KEPT:
            _WIDTHS.clear()
        width = _WIDTHS[key] = pdf.get_string_width(word)
    return width


def lines_of(pdf: FPDF, text: str) -> list[str] | None:
    """`text` broken at spaces into lines that fit between the margins in the current font
    (unshaped), each word measured once; None when a word is longer than a line."""
    room = pdf.epw - 2 * pdf.c_margin
    space = _width(pdf, " ")
    lines: list[str] = []
    for block in text.split("\n"):
        words = block.split(" ")
        sizes = [_width(pdf, word) for word in words]
        if max(sizes) > room:
            return None
        line, used = [words[0]], sizes[0]
        for word, size in zip(words[1:], sizes[1:], strict=True):
            if used + space + size > room:
                lines.append(" ".join(line))
                line, used = [word], size
            else:
                line.append(word)
                used += space + size
        lines.append(" ".join(line))
    return lines


def line(pdf: FPDF, text: str, height: float) -> None:
    """One line at the current position, then the next line's start at the left margin: what
    `cell(0, height, text, new_x="LMARGIN", new_y="NEXT")` prints. In one of the PDF's built-in
    fonts, unshaped, it is set here, on the baseline fpdf2 gives a cell's text (half the height
    down, and three tenths of the font size): a cell costs 66 µs, most of a Latin-1 letter's
    rendering, the text itself 5 (issue 20). Embedded faces (shaping, fallback fonts) keep the
    cell."""
    if not isinstance(pdf.current_font, CoreFont) or pdf.text_shaping:
        pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
        return
    x = pdf.x
    if pdf.will_page_break(height):  # a new page, the line where it was across (as a cell's)
        pdf.add_page(same=True)
    pdf.text(x + pdf.c_margin, pdf.y + 0.5 * height + 0.3 * pdf.font_size, text)
    pdf.set_xy(pdf.l_margin, pdf.y + height)


def flush_left(pdf: FPDF, text: str, height: float, measured: bool = True) -> None:
    """`text` flush left, as lines `lines_of` breaks, or as `multi_cell` breaks them (shaped
    text, `measured` False; a word longer than a line, which it breaks inside); each `line`."""
    lines = lines_of(pdf, text) if measured else None
    if lines is None:
        pdf.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        return
    for each in lines:
        line(pdf, each, height)
