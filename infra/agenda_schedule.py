"""The Temporal Schedule that writes the case meeting's agenda; the worker keeps it current.

Catch-up: a server or worker down at the hour still writes the agenda within 12 hours (the
meeting needs it that day), never a pile of old ones. Overlap: skip (one agenda at a time).
"""

import dataclasses
from datetime import datetime, time, timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from domain.meetings import next_meeting
from infra.settings import WEEKDAYS, AgendaSettings

SCHEDULE_ID = "case-meeting-agenda"
AGENDA_WORKFLOW = "CaseMeetingAgenda"


def agenda_schedule(agenda: AgendaSettings, task_queue: str) -> Schedule:
    if agenda.every_seconds is not None:
        spec = ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(seconds=agenda.every_seconds))])
        every_weeks = 1
    else:
        hour, minute = (int(part) for part in agenda.time.split(":"))
        temporal_weekday = (WEEKDAYS.index(agenda.weekday) + 1) % 7  # Temporal: 0 is Sunday
        spec = ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    day_of_week=[ScheduleRange(temporal_weekday)],
                    hour=[ScheduleRange(hour)],
                    minute=[ScheduleRange(minute)],
                    comment="ärendedragningens dagordning",
                )
            ],
            time_zone_name="Europe/Stockholm",
        )
        every_weeks = agenda.every_weeks
    return Schedule(
        action=ScheduleActionStartWorkflow(
            AGENDA_WORKFLOW,
            every_weeks,
            id=SCHEDULE_ID,
            task_queue=task_queue,
            static_summary="Dagordning för ärendedragningen (BOSAM)",
        ),
        spec=spec,
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=timedelta(hours=12)),
    )


def next_meeting_of(agenda: AgendaSettings, after: datetime) -> datetime:
    """The next meeting the schedule writes an agenda for (the agenda names it)."""
    if agenda.every_seconds is not None:
        return after + timedelta(seconds=agenda.every_seconds)
    hour, minute = (int(part) for part in agenda.time.split(":"))
    return next_meeting(after, WEEKDAYS.index(agenda.weekday), time(hour, minute), agenda.every_weeks)


def unencrypted(client: Client) -> Client:
    """The same connection without the payload codec: the schedule holds nothing personal (a
    number of weeks, a summary), so `temporal schedule describe` and the Web UI read it without
    the codec server (issue 19); the worker's codec passes unencrypted payloads through."""
    config = client.config()
    config["data_converter"] = dataclasses.replace(config["data_converter"], payload_codec=None)
    return Client(**config)


async def ensure_agenda_schedule(client: Client, agenda: AgendaSettings, task_queue: str) -> None:
    """Creates the schedule, or brings an existing one to the configuration."""
    client = unencrypted(client)
    wanted = agenda_schedule(agenda, task_queue)
    try:
        await client.create_schedule(SCHEDULE_ID, wanted)
    except ScheduleAlreadyRunningError:

        def update(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=wanted)

        await client.get_schedule_handle(SCHEDULE_ID).update(update)
