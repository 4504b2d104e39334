"""Letters are real Swedish PDFs, written exactly once even when the activity runs again."""

import json
from datetime import date
from pathlib import Path

from temporalio.testing import ActivityEnvironment

from activities.case_activities import CaseActivities
from activities.letter_texts import compose
from domain.correspondence import LetterKind, Recipient
from domain.notices import Notice
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
    assert "Handläggare Farsta" in body and "12-345678-26" in body
    assert "25 november 2026 klockan 09.00" in body and "17 november 2026" in body


def test_payment_commitment_goes_to_the_landlord_by_registered_mail(settings: Settings) -> None:
    text = compose(
        request(settings, LetterKind.PAYMENT_COMMITMENT, Recipient.LANDLORD, "rent-arrears-family.json")
    )
    assert text.registered_mail and text.recipient_lines[0] == "Bostads AB Mimer"
    assert "14 500 kronor" in " ".join(text.paragraphs)
    assert "11 december 2026" in " ".join(text.paragraphs)


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
    record = ActivityEnvironment().run(letters.write_letter, letter)
    assert Path(record.file).exists()
    assert sorted(p.name for p in folder.iterdir()) == [
        "L001-information_letter.json",
        "L001-information_letter.pdf",
    ]
