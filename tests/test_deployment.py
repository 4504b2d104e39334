"""docker-compose.yml and the Dockerfile cannot run here (no Docker engine); check that they
parse and agree with what the code expects."""

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from infra.settings import DEFAULT_CONFIG

ROOT = Path(__file__).resolve().parent.parent
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
CONFIG = tomllib.loads(DEFAULT_CONFIG.read_text())


def test_the_cluster_has_database_server_ui_and_workers() -> None:
    assert set(SERVICES) == {
        "postgresql", "temporal-schema", "temporal", "temporal-namespace", "temporal-ui", "codec-server",
        "worker", "api",
    }  # fmt: skip
    for service in SERVICES.values():
        if "image" in service:
            assert not service["image"].endswith(":latest") and ":" in service["image"], service["image"]


def test_temporal_runs_on_postgresql_with_sql_visibility_and_a_recent_enough_server() -> None:
    temporal = SERVICES["temporal"]["environment"]
    assert temporal["DB"] == "postgres12"  # SQL visibility: custom search attributes without Elasticsearch
    assert temporal["POSTGRES_SEEDS"] == "postgresql"
    version = tuple(int(part) for part in SERVICES["temporal"]["image"].split(":")[1].split(".")[:2])
    assert version >= (1, 28), "update-with-start needs Temporal server 1.28 or newer"
    assert "7233:7233" in SERVICES["temporal"]["ports"]


def test_worker_and_ui_reach_the_server_in_the_configured_namespace() -> None:
    worker = SERVICES["worker"]["environment"]
    assert worker["TEMPORAL_ADDRESS"] == "temporal:7233"
    assert SERVICES["temporal-ui"]["environment"]["TEMPORAL_ADDRESS"] == "temporal:7233"
    assert worker["TEMPORAL_NAMESPACE"] == CONFIG["temporal"]["namespace"]
    assert f"--namespace {worker['TEMPORAL_NAMESPACE']} " in SERVICES["temporal-namespace"]["entrypoint"][-1]
    assert worker["EVICTION_TASK_QUEUE"] == CONFIG["temporal"]["task_queue"]
    assert any(volume.endswith(":" + worker["EVICTION_DATA_DIR"]) for volume in SERVICES["worker"]["volumes"])


def test_keys_are_required_from_the_environment_and_never_written_in_the_file() -> None:
    for service in ("worker", "codec-server"):
        environment = SERVICES[service]["environment"]
        for name in ("EVICTION_CASE_ID_KEY", "EVICTION_PAYLOAD_KEY"):
            assert re.fullmatch(r"\$\{" + name + r":\?[^}]+\}", environment[name]), environment[name]


def test_supervisors_read_through_the_codec_server_with_their_login_and_cannot_write() -> None:
    ui = SERVICES["temporal-ui"]["environment"]
    codec = SERVICES["codec-server"]["environment"]
    assert ui["TEMPORAL_AUTH_ENABLED"] == "true" and ui["TEMPORAL_DISABLE_WRITE_ACTIONS"] == "true"
    assert (
        ui["TEMPORAL_CODEC_PASS_ACCESS_TOKEN"] == "true"
        and "CODEC_PUBLIC_URL" in ui["TEMPORAL_CODEC_ENDPOINT"]
    )
    assert SERVICES["codec-server"]["command"] == ["python", "-m", "infra.codec_server"]
    for name in ("EVICTION_OIDC_JWKS_URL", "EVICTION_OIDC_AUDIENCE"):
        assert ":?" in codec[name], f"{name} must be required"
    assert codec["EVICTION_UI_ORIGIN"] == ui["TEMPORAL_CORS_ORIGINS"] == "${UI_PUBLIC_URL}"
    assert codec["EVICTION_DATA_DIR"] == SERVICES["worker"]["environment"]["EVICTION_DATA_DIR"]


def test_the_worker_image_matches_the_project() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "FROM python:3.11" in dockerfile and project["requires-python"].startswith(">=3.11")
    assert 'CMD ["python", "worker.py"]' in dockerfile
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    for package in {name.split(".")[0] for name in setuptools["packages"]}:
        assert f"COPY {package} ./{package}" in dockerfile
    copied_modules = next(line for line in dockerfile.splitlines() if line.startswith("COPY worker.py"))
    for module in setuptools["py-modules"]:
        assert f"{module}.py" in copied_modules.split(), f"{module}.py is not in the image"
    assert SERVICES["worker"]["build"] == "."


def test_the_reporting_store_runs_on_the_clusters_postgresql_with_its_migrations() -> None:
    """The worker writes the reporting store to a database of its own on the same PostgreSQL;
    the image has the driver; the migrations render as PostgreSQL DDL (no server here)."""
    import io
    from contextlib import redirect_stdout

    from alembic import command
    from alembic.config import Config
    from sqlalchemy.engine import make_url

    from reporting.store import MIGRATIONS

    url = SERVICES["worker"]["environment"]["EVICTION_REPORTING_URL"]
    parsed = make_url(url.replace("${REPORTING_DB_PASSWORD}", "secret"))
    assert (parsed.drivername, parsed.host, parsed.database) == (
        "postgresql+psycopg",
        "postgresql",
        "reporting",
    )
    database = SERVICES["postgresql"]
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in database["volumes"]
    assert ":?" in database["environment"]["REPORTING_DB_PASSWORD"]
    init = (ROOT / "deploy" / "postgres-init" / "10-reporting.sh").read_text()
    assert "CREATE DATABASE reporting OWNER reporting" in init
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(pin.startswith("psycopg[binary]==") for pin in optional["postgres"])
    assert 'pip install --no-cache-dir ".[postgres]"' in (ROOT / "Dockerfile").read_text()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", "postgresql+psycopg://reporting@postgresql/reporting")
    rendered = io.StringIO()
    config.output_buffer = rendered
    with redirect_stdout(io.StringIO()):
        command.upgrade(config, "head", sql=True)
    ddl = rendered.getvalue()
    for table in (
        "cases",
        "periods",
        "deadlines",
        "notices",
        "letters",
        "contacts",
        "submissions",
        "agendas",
    ):
        assert f"CREATE TABLE {table} (" in ddl
    assert "TIMESTAMP WITHOUT TIME ZONE" in ddl and "INSERT INTO alembic_version" in ddl


def test_the_senders_api_runs_behind_tls_on_the_same_configuration() -> None:
    """Issue 22: a service of its own, the same server, keys and store as the workers; not
    published to the host (TLS ends at the proxy in front of it); checked for health."""
    api, worker = SERVICES["api"], SERVICES["worker"]
    assert api["command"][:3] == ["python", "starter.py", "api"] and "8090" in api["command"]
    assert "ports" not in api and api["expose"] == ["8090"]
    for name in ("TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "EVICTION_TASK_QUEUE", "EVICTION_REPORTING_URL"):
        assert api["environment"][name] == worker["environment"][name]
    for key in ("EVICTION_CASE_ID_KEY", "EVICTION_PAYLOAD_KEY"):
        assert api["environment"][key] == worker["environment"][key]
    assert "/health" in " ".join(api["healthcheck"]["test"])
    assert "TLS" in (ROOT / "docker-compose.yml").read_text().split("api:")[0].rsplit("\n\n", 1)[-1]


def test_workers_are_versioned_and_the_server_has_the_deployment_apis() -> None:
    """Issue 21: the workers declare their build id (required), never promote themselves, and
    the server gets the same switches the dev server gets from run_local.py."""
    from run_local import VERSIONING_SWITCHES

    worker = SERVICES["worker"]["environment"]
    assert ":?" in worker["EVICTION_BUILD_ID"] and worker["EVICTION_PROMOTE_VERSION"] == "0"
    server = SERVICES["temporal"]
    mounted = next(v for v in server["volumes"] if "temporal-dynamicconfig.yaml" in v)
    assert mounted.split(":")[1] == server["environment"]["DYNAMIC_CONFIG_FILE_PATH"]
    dynamic = yaml.safe_load((ROOT / "deploy" / "temporal-dynamicconfig.yaml").read_text())
    assert {key for key, values in dynamic.items() if values == [{"value": True}]} == set(VERSIONING_SWITCHES)


def test_workers_are_scraped_and_probed() -> None:
    """Issue 21 point 4: the worker's metrics endpoint and health probe are configured."""
    worker = SERVICES["worker"]
    assert worker["environment"]["EVICTION_METRICS_ADDRESS"].endswith(":9464") and "9464" in worker["expose"]
    port = worker["environment"]["EVICTION_HEALTH_PORT"]
    assert f"127.0.0.1:{port}/health" in " ".join(worker["healthcheck"]["test"])


def test_the_file_is_valid_against_the_compose_specification() -> None:
    """The Compose Specification's own JSON schema (deploy/schema/compose-spec.json, from
    github.com/compose-spec/compose-spec): what `docker compose config` would check first."""
    import json

    import jsonschema

    validator = jsonschema.Draft7Validator(
        json.loads((ROOT / "deploy" / "schema" / "compose-spec.json").read_text())
    )
    validator.validate(COMPOSE)
    broken = {**COMPOSE, "services": {**SERVICES, "worker": {**SERVICES["worker"], "restart": ["always"]}}}
    try:
        validator.validate(broken)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the schema accepted a broken file: it checks nothing")


def test_temporals_schema_is_set_up_by_admin_tools_not_the_deprecated_auto_setup() -> None:
    images = [service.get("image", "") for service in SERVICES.values()]
    assert not any("auto-setup" in image for image in images)
    assert SERVICES["temporal"]["image"].startswith("temporalio/server:")
    schema = SERVICES["temporal-schema"]
    assert schema["image"].startswith("temporalio/admin-tools:")
    assert (
        SERVICES["temporal"]["depends_on"]["temporal-schema"]["condition"] == "service_completed_successfully"
    )
    script = (ROOT / "deploy" / "temporal-schema.sh").read_text()
    assert "temporal-sql-tool --plugin postgres12" in script
    for command in ("create", "setup-schema -v 0.0", "update-schema -d"):
        assert command in script
    assert "temporal:temporal temporal_visibility:visibility" in script
    environment = SERVICES["temporal"]["environment"]
    assert (environment["DBNAME"], environment["VISIBILITY_DBNAME"]) == ("temporal", "temporal_visibility")


def test_the_frontend_authorizes_by_jwt_and_requires_client_certificates() -> None:
    server = SERVICES["temporal"]["environment"]
    assert server["TEMPORAL_AUTH_AUTHORIZER"] == server["TEMPORAL_AUTH_CLAIM_MAPPER"] == "default"
    assert (
        ":?" in server["TEMPORAL_JWT_KEY_SOURCE1"]
        and server["TEMPORAL_JWT_PERMISSIONS_CLAIM"] == "permissions"
    )
    assert server["TEMPORAL_TLS_REQUIRE_CLIENT_AUTH"] == "true"
    for name in ("worker", "api"):
        environment = SERVICES[name]["environment"]
        for variable in (
            "EVICTION_TLS_CA",
            "EVICTION_TLS_CERT",
            "EVICTION_TLS_KEY",
            "EVICTION_TEMPORAL_TOKEN_FILE",
        ):
            assert environment[variable], (name, variable)
    assert SERVICES["temporal-ui"]["environment"]["TEMPORAL_TLS_CA"]
    assert SERVICES["worker"]["deploy"]["replicas"] == 2


def test_a_client_reads_its_tls_and_token_from_the_files_it_is_given(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from infra.temporal import server_tls, server_token

    assert server_tls() is False and server_token() is None  # the embedded default: none
    for name, text in (("ca.pem", "CA"), ("client.pem", "CERT"), ("client.key", "KEY"), ("token", " jwt\n")):
        (tmp_path / name).write_text(text)
    monkeypatch.setenv("EVICTION_TLS_CA", str(tmp_path / "ca.pem"))
    monkeypatch.setenv("EVICTION_TLS_CERT", str(tmp_path / "client.pem"))
    monkeypatch.setenv("EVICTION_TLS_KEY", str(tmp_path / "client.key"))
    monkeypatch.setenv("EVICTION_TLS_SERVER_NAME", "temporal")
    monkeypatch.setenv("EVICTION_TEMPORAL_TOKEN_FILE", str(tmp_path / "token"))
    tls = server_tls()
    assert not isinstance(tls, bool)
    assert (tls.server_root_ca_cert, tls.client_cert, tls.client_private_key, tls.domain) == (
        b"CA", b"CERT", b"KEY", "temporal",
    )  # fmt: skip
    assert server_token() == "jwt"
