"""The names of the activities a workflow calls by name rather than by method: defined once,
here, in a module that imports nothing, so the workflow pulls in no database library."""

PUBLISH_CASE_FACTS = "publish_case_facts"
WRITE_AGENDA = "write_agenda"
