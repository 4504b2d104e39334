"""The case's activities, bound to the settings and registers of one worker.

Every activity is idempotent: ids (letter, alert, reminder) are chosen by the workflow, and
a second run with the same id returns what the first one committed.
"""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.letter_texts import LetterText, NoPostalAddress, Unprintable, alert_document, compose
from activities.metrics import LETTERS_HELD, LETTERS_WRITTEN, count
from activities.outbox import commit_once, write_atomically
from activities.registers import ClientIndex, PopulationRegister
from activities.reminder_texts import reminder_text
from activities.serials import YearSerials
from domain.correspondence import (
    AlertRecord,
    HeldReason,
    LetterRecord,
    ReminderRecord,
)
from domain.letter_claims import LetterSettings
from domain.notices import NoticeKind, PostalAddress
from domain.policy import CasePolicy
from domain.requests import (
    AlertRequest,
    CaseRegistered,
    CaseRegistration,
    KnownClient,
    LetterRequest,
    OpeningFound,
    OpeningLookUp,
    PopulationRegisterEntry,
    RegisterQuery,
    ReminderRequest,
    VisitBooking,
)
from domain.routing import Routing, RoutingTable
from domain.swedish import UNITS

# The worker gives the renderers (fpdf2, icalendar), so that this module, which the workflow
# imports for its activities' names and types, pulls in neither library.
LetterRenderer = Callable[[LetterRequest, LetterText], bytes]
VisitRenderer = Callable[[VisitBooking], bytes]


def _final(what: str, error: Exception) -> ApplicationError:
    """A bug (a text or a template that fails, a bad argument) does not heal on retry: fail
    once, visibly, naming the error's kind but not its text, which may hold personal data."""
    return ApplicationError(
        f"{what} could not be written ({type(error).__name__}); this is a fault in the program",
        type="NotWritten",
        non_retryable=True,
    )


INTAKE_TYPE = {
    NoticeKind.RENT_ARREARS: ("underrättelse från hyresvärd", "hyresskuld"),
    NoticeKind.DISTURBANCE: ("underrättelse från hyresvärd", "störningar"),
    NoticeKind.EARLY_WARNING: ("anmälan", "risk för bostadslöshet"),
    NoticeKind.EVICTION: ("underrättelse från Kronofogden", "avhysning"),
}


class CaseActivities:
    def __init__(
        self,
        *,
        outbox_dir: Path,
        alerts_dir: Path,
        reminders_dir: Path,
        case_register_dir: Path,
        calendar_dir: Path,
        routing: RoutingTable,
        policy: CasePolicy,
        population_register: PopulationRegister,
        client_index: ClientIndex,
        render_letter: LetterRenderer,
        render_visit: VisitRenderer,
        case_number_format: str = "{year}-{serial:06d}",
        letters: LetterSettings | None = None,
    ) -> None:
        self._letters = letters or LetterSettings()
        self._outbox = outbox_dir
        self._alerts = alerts_dir
        self._reminders = reminders_dir
        self._case_register = case_register_dir
        self._serials = YearSerials(case_register_dir)
        self._calendar = calendar_dir
        self._routing = routing
        self._policy = policy
        self._population_register = population_register
        self._client_index = client_index
        self._render_letter = render_letter
        self._render_visit = render_visit
        self._number_format = case_number_format

    def all(self) -> list[Any]:
        return [
            self.route_case,
            self.check_population_register,
            self.check_known_client,
            self.register_case,
            self.write_letter,
            self.raise_alert,
            self.remind_case_officer,
            self.case_policy,
            self.book_home_visit,
            self.look_up_opening,
        ]

    @activity.defn
    def route_case(self, district: str | None) -> Routing:
        return self._routing.route(district)

    @activity.defn
    def case_policy(self) -> CasePolicy:
        """The municipality's policy, fixed in the case when it opens (config [casework])."""
        return self._policy

    @activity.defn
    def check_population_register(self, query: RegisterQuery) -> PopulationRegisterEntry:
        return self._population_register.lookup(query.personnummer)

    @activity.defn
    def check_known_client(self, query: RegisterQuery) -> KnownClient:
        return self._client_index.lookup(query.personnummer)

    @activity.defn
    def look_up_opening(self, lookup: OpeningLookUp) -> OpeningFound:
        """Everything a case that opens looks up, in one call: the policy, the routing, the
        registers (read only), and the case register's entry with its number (once per case)."""
        routing = self._routing.route(lookup.district)
        registration = CaseRegistration(
            case_id=lookup.case_id,
            notice_id=lookup.notice_id,
            kind=lookup.kind,
            registered_on=lookup.registered_on,
            routing=routing,
        )
        return OpeningFound(
            policy=self._policy,
            routing=routing,
            population=self._population_register.lookup(lookup.personnummer),
            known=self._client_index.lookup(lookup.personnummer),
            registered=self.register_case(registration),
        )

    @activity.defn
    def register_case(self, registration: CaseRegistration) -> CaseRegistered | None:
        """Records the intake (aktualisering) in the case register, once per case, and gives the
        case its case number (diarienummer): per year, in order, no personal data in it."""

        def entry() -> dict[str, Any]:
            intake_type, reason = INTAKE_TYPE[registration.kind]
            year = registration.registered_on.year
            serial = self._serials.next(year)
            activity.logger.info("case registered", extra={"case_id": registration.case_id})
            return {
                "case_id": registration.case_id,
                "case_number": self._number_format.format(year=year, serial=serial),
                "first_notice_id": registration.notice_id,
                "intake_type": intake_type,
                "reason": reason,
                "registered_on": registration.registered_on.isoformat(),
                "unit": registration.routing.unit,
                "officer_id": registration.routing.officer_id,
            }

        record = commit_once(self._case_register / f"{registration.case_id}.json", entry)
        return CaseRegistered(case_number=record.get("case_number"))

    @activity.defn
    def write_letter(self, request: LetterRequest) -> LetterRecord:
        """Writes the PDF, then its JSON record: once, even when retried or cut off halfway.

        A letter to the landlord goes to its postal address (the case's, the notice's, or the
        routing configuration's); with none, it is held and the record says so."""
        stem = self._outbox / request.case_id / f"{request.letter_id}-{request.kind.value}"

        def letter() -> dict[str, Any]:
            try:
                text = compose(request, self._landlord_address(request), self._letters)
                pdf = self._render_letter(request, text)
            except NoPostalAddress:
                return self._held(request, stem, HeldReason.NO_POSTAL_ADDRESS)
            except Unprintable:  # a blank where the name is: not sent, the officer writes it
                return self._held(request, stem, HeldReason.UNPRINTABLE)
            except OSError:
                raise  # the disk or a font file: an outage that a retry may outlive
            except Exception as error:
                raise _final(f"letter {request.letter_id} ({request.kind.value})", error) from None
            write_atomically(stem.with_suffix(".pdf"), pdf)
            count(LETTERS_WRITTEN, "Letters written (PDF)", kind=request.kind.value)
            activity.logger.info(
                "letter written",
                extra={
                    "case_id": request.case_id,
                    "letter_id": request.letter_id,
                    "kind": request.kind.value,
                },
            )
            record = LetterRecord(
                letter_id=request.letter_id,
                kind=request.kind,
                recipient=request.recipient,
                file=str(stem.with_suffix(".pdf")),
                written_at=datetime.now(UTC),
            )
            return {
                **record.model_dump(mode="json"),
                "case_id": request.case_id,
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "registered_mail": text.registered_mail,
            }

        return LetterRecord.model_validate(commit_once(stem.with_suffix(".json"), letter))

    def _landlord_address(self, request: LetterRequest) -> PostalAddress | None:
        landlord = request.notice.landlord
        if request.landlord_address is not None:
            return request.landlord_address
        if landlord is None:
            return None
        return landlord.address or self._routing.landlord_address(landlord.name)

    def _held(self, request: LetterRequest, stem: Path, why: HeldReason) -> dict[str, Any]:
        activity.logger.info(
            "letter held", extra={"case_id": request.case_id, "letter_id": request.letter_id, "why": why}
        )
        count(LETTERS_HELD, "Letters held, not sent (no postal address, unprintable)", why=why.value)
        record = LetterRecord(
            letter_id=request.letter_id,
            kind=request.kind,
            recipient=request.recipient,
            file="",
            written_at=datetime.now(UTC),
            held=why,
        )
        return {**record.model_dump(mode="json"), "case_id": request.case_id}

    @activity.defn
    def raise_alert(self, request: AlertRequest) -> AlertRecord:
        """Puts an alert in the unit's inbox once. It names the household for the unit."""

        def alert() -> dict[str, Any]:
            notice = request.notice
            activity.logger.info(
                "alert raised",
                extra={"case_id": request.case_id, "alert_id": request.alert_id, "unit": request.unit.value},
            )
            record = AlertRecord(
                alert_id=request.alert_id,
                unit=request.unit,
                reason=request.reason,
                raised_at=datetime.now(UTC),
                reason_sv=request.reason_sv,
            )
            return {
                **record.model_dump(mode="json"),
                "case_id": request.case_id,
                "case_number": request.case_number,
                "responsible_officer": request.routing.officer_name,
                "responsible_unit": request.routing.unit,
                "household": {
                    "tenant": notice.tenant.model_dump(mode="json"),
                    "address": notice.address.model_dump(mode="json"),
                    "children_birth_years": notice.children_birth_years(),
                }
                if notice
                else {},
            }

        path = self._alerts / request.unit.value / f"{request.case_id}-{request.alert_id}.json"
        written = commit_once(path, alert)
        # Beside the JSON for systems, the document the unit reads: Swedish, the case number, why,
        # the household, who to call (rewritten the same on a retry).
        write_atomically(path.with_suffix(".txt"), _alert_text(request, written["raised_at"]).encode())
        return AlertRecord.model_validate(written)

    @activity.defn
    def remind_case_officer(self, request: ReminderRequest) -> ReminderRecord:
        """Puts a reminder in the officer's inbox once (the embedded stand-in for e-mail)."""

        def reminder() -> dict[str, Any]:
            activity.logger.info(
                "case officer reminded", extra={"case_id": request.case_id, "topic": request.topic}
            )
            record = ReminderRecord(
                reminder_id=request.reminder_id,
                topic=request.topic.value,
                text=reminder_text(request.topic, request.facts),
                sent_at=datetime.now(UTC),
            )
            return {**record.model_dump(mode="json"), "case_id": request.case_id}

        path = self._reminders / request.routing.officer_id / f"{request.case_id}-{request.reminder_id}.json"
        return ReminderRecord.model_validate(commit_once(path, reminder))

    @activity.defn
    def book_home_visit(self, booking: VisitBooking) -> str:
        """Puts the visit in the officer's calendar folder as an .ics file, once."""
        stem = self._calendar / booking.routing.officer_id / f"{booking.case_id}-{booking.visit_id}"

        def event() -> dict[str, Any]:
            try:
                event = self._render_visit(booking)
            except Exception as error:
                raise _final(f"calendar entry {booking.visit_id}", error) from None
            write_atomically(stem.with_suffix(".ics"), event)
            activity.logger.info(
                "home visit booked", extra={"case_id": booking.case_id, "visit_id": booking.visit_id}
            )
            return {
                "case_id": booking.case_id,
                "visit_id": booking.visit_id,
                "file": str(stem.with_suffix(".ics")),
            }

        return str(commit_once(stem.with_suffix(".json"), event)["file"])


def _alert_text(request: AlertRequest, raised_at: str) -> str:
    notice = request.notice
    household = None
    if notice is not None:
        years = notice.children_birth_years() or []
        household = {
            "name": notice.tenant.name,
            "personnummer": notice.tenant.personnummer,
            "street": notice.address.street,
            "postal_code": notice.address.postal_code,
            "city": notice.address.city,
            "children": ", ".join(str(year) for year in years),
        }
    routing = request.routing
    return alert_document(
        unit=UNITS.get(request.unit.value, request.unit.value),
        case_number=request.case_number or "(inget diarienummer än)",
        raised=datetime.fromisoformat(raised_at),
        why=request.reason_sv or request.reason,
        officer={
            "name": routing.officer_name,
            "unit": routing.unit,
            "phone": routing.officer_phone,
            "email": routing.officer_email,
        },
        household=household,
    )
