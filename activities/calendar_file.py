"""The announced home visit as an iCalendar event (RFC 5545) for the case officer's calendar."""

from datetime import UTC, timedelta

import icalendar

from domain.requests import VisitBooking

PRODUCT_ID = "-//eviction-prevention//home visits//SV"


def visit_event(booking: VisitBooking) -> bytes:
    """One VEVENT; its UID is the case and visit, so a re-import updates instead of doubling."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{booking.case_id}-{booking.visit_id}@eviction-prevention")
    # In UTC ("Z"): every calendar reads it right without a VTIMEZONE block.
    start = booking.at.astimezone(UTC)
    event.add("dtstamp", start)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=booking.minutes))
    together = " tillsammans med enheten för barn och unga" if booking.with_children_unit else ""
    event.add("summary", f"Aviserat hembesök{together}")
    address = booking.notice.address
    apartment = f", lgh {address.apartment}" if address.apartment else ""
    event.add("location", f"{address.street}{apartment}, {address.postal_code} {address.city}")
    # The case number people read out; never the internal case id, which means nothing to them.
    number = f"Diarienummer {booking.case_number}. " if booking.case_number else ""
    event.add(
        "description",
        f"{number}Hembesök enligt brev till hyresgästen. Syftet är att ge information och erbjuda stöd.",
    )
    calendar.add_component(event)
    return bytes(calendar.to_ical())
