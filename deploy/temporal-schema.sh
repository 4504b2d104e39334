#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas to the server's version
# (docker-compose.yml, service temporal-schema; the admin-tools image's temporal-sql-tool and
# schema files). Safe to run again: an existing database is kept, update-schema only migrates.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"
SCHEMA=/etc/temporal/schema/postgresql/v12

tool() {
    temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" \
        -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"
}

for pair in temporal:temporal temporal_visibility:visibility; do
    database=${pair%%:*}
    folder=${pair##*:}
    tool --db "$database" create 2>/dev/null || echo "database $database exists"
    tool --db "$database" setup-schema -v 0.0
    tool --db "$database" update-schema -d "$SCHEMA/$folder/versioned"
done
