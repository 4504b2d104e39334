"""Letters are real Swedish PDFs, written exactly once even when the activity runs again."""

import dataclasses
import functools
import json
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import given, settings as examples, strategies as st
from temporalio.testing import ActivityEnvironment

from activities.case_activities import CaseActivities
from activities.fonts import BOLD, REGULAR
from activities.letter_texts import NoPostalAddress, compose, signature
from activities.pdf_lines import line, lines_of
from domain.correspondence import LetterKind, Recipient
from domain.deadlines import STOCKHOLM
from domain.notices import Landlord, Notice, NoticeKind, PostalAddress
from domain.requests import LetterRequest
from infra.settings import Settings
from tests.factories import EXAMPLES
from worker import build_activities


def activities_for(settings: Settings) -> CaseActivities:
    return build_activities(settings)


def request(settings: Settings, kind: LetterKind, recipient: Recipient, example: str) -> LetterRequest:
    notice = Notice.model_validate_json((EXAMPLES / example).read_text())
    return LetterRequest(
        case_id="household-test", letter_id="L001", kind=kind, recipient=recipient,
        written_on=date(2026, 11, 24), routing=settings.routing.route(notice.district), notice=notice,
        recovery_period_end=date(2026, 12, 11),
        eviction_at=notice.eviction.scheduled_at if notice.eviction else None,
        kfm_case_number=notice.eviction.kfm_case_number if notice.eviction else None, amount_sek=14500,
    )  # fmt: skip


def test_confirmation_to_kronofogden_names_the_officer_and_the_case(settings: Settings) -> None:
    text = compose(request(settings, LetterKind.KFM_CONFIRMATION, Recipient.KFM, "eviction-single.json"))
    body = " ".join(text.paragraphs)
    assert "Johan Exempel" in body and "12-345678-26" in body
    assert "25 november 2026 klockan 09.00" in body and "17 november 2026" in body


def test_payment_commitment_goes_to_the_landlords_postal_address_with_its_reference(
    settings: Settings,
) -> None:
    letter = request(settings, LetterKind.PAYMENT_COMMITMENT, Recipient.LANDLORD, "rent-arrears-family.json")
    letter.landlord_reference = "KUND-88213"
    text = compose(
        letter, landlord_address=letter.notice.landlord.address if letter.notice.landlord else None
    )
    assert text.registered_mail
    assert text.recipient_lines == ["Bostads AB Mimer", "Box 1170", "721 29 Västerås"]
    assert "bostadssocialt@mimer.example" not in " ".join(text.recipient_lines + text.paragraphs)
    assert text.references == ("Er referens: KUND-88213",)
    assert "14 500 kronor" in " ".join(text.paragraphs)
    assert "11 december 2026" in " ".join(text.paragraphs)


def test_a_letter_to_a_landlord_with_no_postal_address_is_held_not_sent(settings: Settings) -> None:
    letters = activities_for(settings)
    letter = request(settings, LetterKind.PAYMENT_COMMITMENT, Recipient.LANDLORD, "rent-arrears-family.json")
    landlord = Landlord(name="Privat Hyresvärd", contact="privat@example.example")
    letter.notice = letter.notice.model_copy(update={"landlord": landlord})
    with pytest.raises(NoPostalAddress):
        compose(letter)
    record = ActivityEnvironment().run(letters.write_letter, letter)
    assert record.held == "landlord_postal_address" and record.file == ""
    assert not list((settings.outbox_dir / "household-test").glob("*.pdf"))
    # Recorded in the case by the officer, the address is used and the letter goes.
    letter.letter_id = "L002"
    letter.landlord_address = PostalAddress(street="Storgatan 9", postal_code="722 11", city="Västerås")
    sent = ActivityEnvironment().run(letters.write_letter, letter)
    assert sent.held is None and Path(sent.file).read_bytes().startswith(b"%PDF")


def test_the_routing_configuration_gives_the_address_a_notice_lacks(settings: Settings) -> None:
    letters = activities_for(settings)
    letter = request(settings, LetterKind.PLANNED_SUPPORT, Recipient.LANDLORD, "eviction-single.json")
    assert letter.notice.landlord and letter.notice.landlord.address is None  # Stena: none given
    record = ActivityEnvironment().run(letters.write_letter, letter)
    assert record.held is None and Path(record.file).exists()


def test_the_information_letter_fits_the_track(settings: Settings) -> None:
    disturbance = compose(
        request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "disturbance-elderly.json")
    )
    text = " ".join(disturbance.paragraphs)
    assert "störningarna" in text
    for money in ("ekonomiskt bistånd", "avbetalningsplan", "hyresskulden", "återvinningsfristen"):
        assert money not in text
    rent = compose(
        request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    )
    text = " ".join(rent.paragraphs)
    assert "Enligt hyresvärden är skulden 14 500 kronor, för 2 månader." in text
    assert "avbetalningsplan" in text and "11 december 2026" in text


def test_a_case_with_two_tracks_says_what_applies_to_each(settings: Settings) -> None:
    letter = request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    letter.tracks = [NoticeKind.RENT_ARREARS, NoticeKind.EVICTION]
    letter.eviction_at = datetime(2027, 1, 20, 9, 0, tzinfo=STOCKHOLM)
    text = " ".join(compose(letter).paragraphs)
    assert "Uppsägning för obetald hyra: Bostads AB Mimer har meddelat" in text
    assert "Avhysning: Kronofogden har meddelat socialtjänsten att en avhysning" in text
    assert "20 januari 2027 klockan 09.00" in text


def test_the_follow_up_offer_says_what_is_over_and_never_that_the_case_is_closed(settings: Settings) -> None:
    letter = request(settings, LetterKind.FOLLOW_UP_OFFER, Recipient.TENANT, "rent-arrears-family.json")
    for over, words in (
        ("debt_settled", "Hyresskulden är betald"),
        ("payment_commitment", "betalningsåtagande"),
        ("keys_returned", "lämnat tillbaka nycklarna"),
        ("executed", "Avhysningen från din bostad har genomförts"),
    ):
        letter.threat_over = over
        text = " ".join(compose(letter).paragraphs)
        assert words in text and "avslutat" not in text


def test_letters_are_signed_by_the_responsible_officer(settings: Settings) -> None:
    letter = request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    assert signature(letter) == [
        "Sara Exempelsson",
        "Hyresrådgivare",
        "Vuxenenheten, hyresrådgivningen Västerås centrum",
        "Telefon 021-000 00 01",
        "E-post sara.exempelsson@kommun.example",
    ]
    assert "Handläggare" not in " ".join(signature(letter))


def test_a_letter_is_written_once_even_when_the_activity_runs_again(settings: Settings) -> None:
    letters = activities_for(settings)
    letter = request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    env = ActivityEnvironment()
    first = env.run(letters.write_letter, letter)
    pdf = Path(first.file)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    second = env.run(letters.write_letter, letter)
    assert second == first
    assert sorted(p.name for p in pdf.parent.iterdir()) == [
        "L001-information_letter.json",
        "L001-information_letter.pdf",
    ]
    record = json.loads(pdf.with_suffix(".json").read_text())
    assert record["kind"] == "information_letter" and record["recipient"] == "tenant"
    assert "19850412" not in pdf.with_suffix(".json").read_text()


def test_a_worker_dying_after_the_pdf_but_before_its_record_completes_on_retry(
    settings: Settings,
) -> None:
    letters = activities_for(settings)
    letter = request(settings, LetterKind.KFM_CONFIRMATION, Recipient.KFM, "eviction-single.json")
    env = ActivityEnvironment()
    first = env.run(letters.write_letter, letter)
    Path(first.file).with_suffix(".json").unlink()  # as if the worker died before committing
    retried = env.run(letters.write_letter, letter)
    assert retried.file == first.file and Path(retried.file).with_suffix(".json").exists()
    assert not [p for p in Path(first.file).parent.iterdir() if p.name.startswith(".")]


def test_a_retry_sweeps_the_temporary_file_a_killed_worker_left(settings: Settings) -> None:
    letters = activities_for(settings)
    letter = request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    folder = settings.outbox_dir / "household-test"
    folder.mkdir(parents=True)
    (folder / ".L001-information_letter.pdf.abc123").write_bytes(b"%PDF-half")
    retry = ActivityEnvironment()  # the server's second attempt, after the worker died
    retry.info = dataclasses.replace(retry.info, attempt=2)
    record = retry.run(letters.write_letter, letter)
    assert Path(record.file).exists()
    assert sorted(p.name for p in folder.iterdir()) == [
        "L001-information_letter.json",
        "L001-information_letter.pdf",
    ]


# Names in the scripts the tester found blank (issue 16), and those that printed before.
NAMES = [
    "Nguyễn Thị Đặng",
    "Łucja Wąsowska-Øberg",
    "Анна Иванова",
    "Zoë Ağaoğlu",
    "王秀英",
    "राहुल शर्मा",
    "สมชาย ใจดี",
    "김민준",
    "አበበ ቢቂላ",
    "محمد عبد الله",
    "דוד כהן",
    "Γιώργος Παπαδόπουλος",
    "Արամ Խաչատրյան",
]
# What pdftotext adds around right-to-left text, and its spacing: not the name's characters.
_LAYOUT = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f \n"), None)


def _letter_with_name(settings: Settings, name: str) -> tuple[CaseActivities, LetterRequest]:
    letters = activities_for(settings)
    letter = request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    tenant = letter.notice.tenant.model_copy(update={"name": name})
    letter.notice = letter.notice.model_copy(update={"tenant": tenant})
    return letters, letter


@pytest.mark.parametrize("name", NAMES)
def test_every_name_a_register_can_hold_prints_as_written(settings: Settings, name: str) -> None:
    """Read back from the PDF, character by character, every line that holds the name holds
    all of it, in reading order: the address line and the greeting."""
    import subprocess
    import unicodedata

    letters, letter = _letter_with_name(settings, name)
    written = ActivityEnvironment().run(letters.write_letter, letter)
    assert written.held is None
    text = subprocess.run(["pdftotext", written.file, "-"], capture_output=True, text=True, check=True).stdout
    read = unicodedata.normalize("NFKC", text).translate(_LAYOUT)
    wanted = unicodedata.normalize("NFKC", name).translate(_LAYOUT)
    assert read.count(wanted) >= 2, (wanted, read[:400])  # the address and "Hej NAME,"
    assert "?" not in text and "\ufffd" not in text


def test_a_letter_that_would_drop_a_character_is_not_written_and_the_log_names_none(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """No installed face covers an emoji or a private-use character: the letter is held, not
    sent with blanks, and no log line carries a character of the name."""
    for name in ("Anna 🙂 Berg", "Anna \ue000 Berg"):
        letters, letter = _letter_with_name(settings, name)
        with caplog.at_level("DEBUG"):
            written = ActivityEnvironment().run(letters.write_letter, letter)
        assert (written.held, written.file) == ("unprintable_characters", "")
        assert not list(settings.outbox_dir.rglob("*.pdf"))
        for record in caplog.records:
            assert "🙂" not in record.getMessage() and "\\U0001f642" not in record.getMessage()
            assert "Anna" not in record.getMessage()


@pytest.mark.parametrize("kind", list(LetterKind))
def test_no_letter_names_an_internal_id_or_cites_a_rule_nobody_checked(
    settings: Settings, kind: LetterKind
) -> None:
    """Issue 18: the confirmation to Kronofogden carried "Ärende: household-…" and cited "5 kap.
    4 § socialtjänstförordningen (2001:937)", which domain/citations.py marks unverified under
    the new Social Services Act (2025:400). Read back from every kind of letter's PDF."""
    import subprocess

    from domain.citations import CITATIONS
    from domain.correspondence import RECIPIENT_OF

    example = "eviction-single.json" if kind.value.startswith("kfm") else "rent-arrears-family.json"
    letter = request(settings, kind, RECIPIENT_OF[kind], example)
    letter.landlord_address = PostalAddress(street="Storgatan 9", postal_code="722 11", city="Västerås")
    letter.visit_at = datetime(2026, 12, 1, 10, tzinfo=STOCKHOLM)
    written = ActivityEnvironment().run(activities_for(settings).write_letter, letter)
    text = subprocess.run(["pdftotext", written.file, "-"], capture_output=True, text=True, check=True).stdout
    assert "household-" not in text and "Ärende:" not in text
    for citation in CITATIONS.values():
        if not citation.verified:
            assert citation.act.split(" (")[-1] not in text, (kind, citation.act)


def test_the_tenants_copy_of_the_confirmation_speaks_to_the_tenant(settings: Settings) -> None:
    text = compose(
        request(settings, LetterKind.KFM_CONFIRMATION_TENANT_COPY, Recipient.TENANT, "eviction-single.json")
    )
    body = "\n".join(text.paragraphs)
    assert "Kronofogdens målnummer: 12-345678-26" in body and "Ert målnummer" not in body
    assert body.count("Johan Exempel") == 1, body  # the officer named once, in the contact line
    to_kfm = "\n".join(
        compose(
            request(settings, LetterKind.KFM_CONFIRMATION, Recipient.KFM, "eviction-single.json")
        ).paragraphs
    )
    assert "Ert målnummer: 12-345678-26" in to_kfm and "Ansvarig handläggare: Johan Exempel" in to_kfm


def test_the_eviction_letter_says_what_the_municipality_can_and_cannot_do(settings: Settings) -> None:
    """Issue 18: it offered to take care of the tenant's belongings (the handbook: no legal
    ground), said nothing of the keys or the children; "för 1 månader"."""
    eviction = compose(
        request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "eviction-single.json")
    )
    body = " ".join(eviction.paragraphs)
    assert "kan inte ta hand om dina tillhörigheter" in body and "lämna tillbaka nycklarna" in body
    assert "barn" in body
    family = request(settings, LetterKind.INFORMATION_LETTER, Recipient.TENANT, "rent-arrears-family.json")
    assert family.notice.rent_arrears is not None
    arrears = family.notice.rent_arrears.model_copy(update={"months": 1})
    family.notice = family.notice.model_copy(update={"rent_arrears": arrears})
    text = " ".join(compose(family).paragraphs)
    assert "kronor, för 1 månad." in text and "1 månader" not in text


_WORDS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzåäöÅÄÖÉé0123456789,.:§-()"), min_size=1, max_size=16
)


@functools.cache
def _page(family: str, margin: int) -> FPDF:
    """A page in the font's family with the document's margins, its fonts loaded once (a
    DejaVu face takes a tenth of a second to load)."""
    pdf = FPDF(format="A4")
    pdf.set_margins(margin, 20, margin)
    if family == "DejaVu":
        pdf.add_font("DejaVu", "", str(REGULAR))
        pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.add_page()
    return pdf


@examples(max_examples=200, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=90),
    st.sampled_from([("", 11), ("B", 14), ("", 9)]),
    st.sampled_from([("Helvetica", 25), ("DejaVu", 18)]),
)
def test_a_letters_lines_break_where_fpdf2_would_break_them(
    words: list[str], font: tuple[str, int], family: tuple[str, int]
) -> None:
    """Issue 20: a paragraph's lines are broken by measuring each word once (fpdf2 measured the
    line again for each character); the lines are the ones fpdf2's own `multi_cell` makes, in
    the letters' built-in font and in the agenda's and the report's DejaVu Sans."""
    pdf = _page(*family)
    pdf.set_font(family[0], *font)
    text = " ".join(words)
    theirs = pdf.multi_cell(0, 5.5, text, align="L", dry_run=True, output="LINES")
    assert isinstance(theirs, list)
    assert lines_of(pdf, text) == [line.rstrip() for line in theirs]


def _pixels(pdf: FPDF, folder: Path) -> list[bytes]:
    """The document's pages as pdftoppm draws them (what a reader of the letter sees)."""
    (folder / "letter.pdf").write_bytes(bytes(pdf.output()))
    for old in folder.glob("page-*.pgm"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", str(folder / "letter.pdf"), str(folder / "page")], check=True
    )
    return [page.read_bytes() for page in sorted(folder.glob("page-*.pgm"))]


def _set(lines: list[tuple[str, float, float | None]], style: str, size: int, by_line: bool) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", style, size)
    for text, height, x in lines:
        if x is not None:
            pdf.set_x(x)
        if by_line:
            line(pdf, text, height)
        else:
            pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
    return pdf


@examples(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(_WORDS, min_size=1, max_size=8).map(" ".join),
            st.sampled_from([5, 5.5, 6, 7]),
            st.sampled_from([None, 110]),
        ),
        min_size=55,  # past the first page's foot (55 lines of 5 mm at least): it breaks where a cell's would
        max_size=110,
    ),
    st.sampled_from([("", 11), ("B", 14), ("", 9), ("B", 12)]),
)
def test_a_latin1_letters_lines_print_as_fpdf2s_cells_would(
    lines: list[tuple[str, float, float | None]], font: tuple[str, int]
) -> None:
    """Issue 20: a letter in the built-in font is set line by line as text (a cell cost 66 µs,
    most of its rendering); each page looks as it did, pixel for pixel, page breaks included."""
    with tempfile.TemporaryDirectory() as folder:
        cells = _pixels(_set(lines, *font, by_line=False), Path(folder))
        by_line = _pixels(_set(lines, *font, by_line=True), Path(folder))
    assert len(by_line) == len(cells) and by_line == cells


def test_a_word_longer_than_a_line_is_left_to_fpdf2() -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    assert lines_of(pdf, "kort " + "x" * 200) is None
