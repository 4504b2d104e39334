#!/bin/sh
# The reporting store's database beside Temporal's, on the same PostgreSQL, with a user of its
# own (the workers write to it, supervisors' reports read it; it never sees Temporal's tables).
# Runs once, when the database volume is first created.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE USER reporting WITH PASSWORD '${REPORTING_DB_PASSWORD}';
CREATE DATABASE reporting OWNER reporting;
SQL
