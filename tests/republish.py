"""Run by tests/test_reporting.py as a process of its own (`python -m tests.republish CASE`):
publishes one case's facts as a retried activity would (twice, the same), and then an older
publication with other figures arriving late. Prints what each publication returned."""

import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta

from activities.reporting import ReportingActivities
from domain.case_facts import case_facts
from infra.case_client import case_state
from infra.settings import load_settings
from infra.temporal import connect


async def main(case_id: str) -> None:
    settings = load_settings()
    state = await case_state(await connect(settings), case_id)
    activities = ReportingActivities(
        url=settings.reporting_url,
        named_landlords=list(settings.named_landlords),
        outbox_dir=settings.outbox_dir,
        notice_id_key=settings.case_id_key,
    )
    now = datetime.now(UTC)
    facts = case_facts(state, now).model_copy(update={"as_of": now})
    again = activities.publish_case_facts(facts)
    twice = activities.publish_case_facts(facts)
    old = facts.model_copy(update={"as_of": now - timedelta(days=3), "children": 9, "notices": []})
    late = activities.publish_case_facts(old)
    print(json.dumps([again, twice, late]))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
