"""The case meeting's agenda, started by a Temporal Schedule (infra/agenda_schedule.py).

The schedule fires every week on the configured day; the workflow writes the agenda in the
weeks the meeting is held (every `every_weeks` weeks from a fixed Monday, domain/meetings.py)
and returns None in the others, so "every other week" is exact across the turn of the year and
across daylight saving time.
"""

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.patches import MEETING_WEEKS_PATCH

with workflow.unsafe.imports_passed_through():
    from activities.names import WRITE_AGENDA
    from domain.local_time import STOCKHOLM
    from domain.meetings import meets_in_week
    from domain.requests import AgendaRequest, AgendaWritten


# A run is seconds of work: it ends on the version it started on (infra/versioning.py).
@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class CaseMeetingAgenda:
    @workflow.run
    async def run(self, every_weeks: int) -> AgendaWritten | None:
        now = workflow.now()
        if workflow.patched(MEETING_WEEKS_PATCH):
            if not meets_in_week(now.astimezone(STOCKHOLM).date(), every_weeks):
                return None
        elif every_weeks > 1 and now.astimezone(STOCKHOLM).isocalendar().week % every_weeks != 0:
            return None
        written: AgendaWritten = await workflow.execute_activity(
            WRITE_AGENDA,
            AgendaRequest(written_at=now),
            result_type=AgendaWritten,
            start_to_close_timeout=timedelta(minutes=5),
            # The store may be down: keep trying for the meeting, then let it show as failed.
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5)),
            schedule_to_close_timeout=timedelta(hours=6),
            summary="Skriver dagordningen för ärendedragningen",
        )
        return written
