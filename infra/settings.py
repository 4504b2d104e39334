"""Settings from config/eviction.toml (or EVICTION_CONFIG) with environment overrides.

Secrets are never in the file: the case id key and the payload key come from the environment
or from a key file created once, readable only by its owner, in the data directory.
"""

import base64
import math
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from domain.letter_claims import LetterSettings
    from domain.policy import CasePolicy
    from domain.routing import RoutingTable


class SettingsError(ValueError):
    """The configuration or a key is missing or wrong: said in one sentence, never a traceback."""


PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "eviction.toml"


@dataclass(frozen=True)
class Settings:
    temporal_address: str
    temporal_namespace: str
    task_queue: str
    data_dir: Path
    population_register: Path
    known_clients: Path
    case_number_format: str
    case_id_key: bytes
    payload_key: bytes  # the current key of the ring: what new payloads are written with
    # The routing table and the case policy are read when first used: a command that only
    # lists cases does not load the case models (start-up time). `check()` reads them at once.
    routing_config: dict[str, Any] = field(default_factory=dict)
    policy_config: dict[str, Any] = field(default_factory=dict)
    letters_config: dict[str, Any] = field(default_factory=dict)
    # The reporting store (issue 10): SQLite in the data folder unless a URL is configured.
    reporting_url: str = ""
    named_landlords: tuple[str, ...] = ()
    report_targets: dict[str, float] = field(default_factory=dict)  # [reporting.targets]
    agenda: "AgendaSettings" = field(default_factory=lambda: AgendaSettings())
    # The payload key ring (EVICTION_PAYLOAD_KEYS): id -> key, the current one first. Without
    # it, the one key is "k1".
    payload_key_id: str = "k1"
    payload_keys: dict[str, bytes] = field(default_factory=dict)
    # The senders' HTTP intake ([api]): where it listens, and each sender's request rate.
    api_host: str = "127.0.0.1"
    api_port: int = 8090
    api_rate: str = "50/second"
    # Worker Versioning (infra/versioning.py): the deployment the workers belong to; whether they
    # declare versions at all; and whether a starting worker makes its own version current
    # (the embedded default; in production an operator promotes a version).
    deployment_name: str = "eviction-prevention"
    worker_versioning: bool = True
    promote_own_version: bool = False
    # How many cases a worker keeps in memory between their tasks (the SDK's sticky cache);
    # a case not in it is replayed from its history. EVICTION_CACHED_CASES, [temporal] cached_cases.
    cached_cases: int = 1000
    # The workflow sandbox (the SDK's runtime check that workflow code calls nothing
    # non-deterministic) on every task: it doubled the workers' CPU a notice (issue 20), so
    # production runs without it and the test suite with it (tests/conftest.py), where the
    # replay tests also replay every recorded history in it. EVICTION_WORKFLOW_SANDBOX,
    # [temporal] workflow_sandbox.
    workflow_sandbox: bool = False
    # Receipts first (issue 20): a worker's letters wait until no case has opened in it for this
    # many seconds, whole or not (infra/receipts_first.py); 0: they never wait. Half a second:
    # a second left the two cores idle that long between a burst and its letters.
    # EVICTION_LETTERS_WAIT_SECONDS, [temporal] letters_wait_seconds.
    letters_wait_seconds: float = 0.5

    def key_ring(self) -> dict[str, bytes]:
        return self.payload_keys or {self.payload_key_id: self.payload_key}

    @cached_property
    def routing(self) -> "RoutingTable":
        from domain.routing import RoutingTable

        return RoutingTable.model_validate(self.routing_config)

    @cached_property
    def policy(self) -> "CasePolicy":
        from domain.policy import CasePolicy

        return CasePolicy.model_validate(self.policy_config)

    @cached_property
    def letters(self) -> "LetterSettings":
        from domain.letter_claims import LetterSettings

        return LetterSettings.model_validate(self.letters_config)

    def check(self) -> "Settings":
        """Every section validated now (the worker and intake fail at start, not mid-case)."""
        try:
            _ = self.routing, self.policy, self.letters
        except ValueError as error:
            raise SettingsError(
                f"the [routing], [casework] or [letters] configuration is not valid: {error}"
            ) from None
        return self

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def alerts_dir(self) -> Path:
        return self.data_dir / "alerts"

    @property
    def reminders_dir(self) -> Path:
        return self.data_dir / "reminders"

    @property
    def calendar_dir(self) -> Path:
        return self.data_dir / "calendar"

    @property
    def case_register_dir(self) -> Path:
        return self.data_dir / "case-register"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class AgendaSettings:
    """When the case meeting's agenda is written: a weekday and a time in Stockholm, every
    `every_weeks` weeks (ISO week numbers divisible by it). `every_seconds` replaces all of that
    with a plain interval (tests, demonstrations)."""

    weekday: str = "tuesday"
    time: str = "07:00"
    every_weeks: int = 2
    every_seconds: int | None = None

    def __post_init__(self) -> None:
        if self.weekday not in WEEKDAYS:
            raise SettingsError(f"[agenda] weekday must be one of {', '.join(WEEKDAYS)}")
        hour, _, minute = self.time.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise SettingsError("[agenda] time must be HH:MM")
        if not 1 <= self.every_weeks <= 8:
            raise SettingsError("[agenda] every_weeks must be 1 to 8")
        if self.every_seconds is not None and self.every_seconds < 1:
            raise SettingsError("[agenda] every_seconds must be at least 1")


def _resolve(path: str) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


def load_settings(*, make_keys: bool = False) -> Settings:
    """The configuration, environment over file. Keys are made (once, for the embedded default
    only) by what starts the system: the worker and `make run` pass `make_keys`. A command that
    finds none refuses without writing one, so no key appears that no worker uses."""
    config_path = Path(os.environ.get("EVICTION_CONFIG", DEFAULT_CONFIG))
    with config_path.open("rb") as handle:
        config = tomllib.load(handle)
    temporal = config.get("temporal", {})
    paths = config.get("paths", {})
    data_dir = _resolve(os.environ.get("EVICTION_DATA_DIR", paths.get("data_dir", ".data")))
    address = os.environ.get("TEMPORAL_ADDRESS", temporal.get("address", "localhost:7233"))
    # Keys are made on first use only for the embedded default (a server on this machine):
    # anywhere else a missing key is an error, never a key of this machine's own.
    embedded = address.rpartition(":")[0] in ("localhost", "127.0.0.1", "::1", "[::1]")
    ring, current = _payload_keys(data_dir, embedded, make_keys)
    return Settings(
        temporal_address=address,
        temporal_namespace=os.environ.get("TEMPORAL_NAMESPACE", temporal.get("namespace", "default")),
        task_queue=os.environ.get("EVICTION_TASK_QUEUE", temporal.get("task_queue", "eviction-prevention")),
        data_dir=data_dir,
        population_register=_resolve(paths["population_register"]),
        known_clients=_resolve(paths["known_clients"]),
        routing_config=config["routing"],
        policy_config=config.get("casework", {}),
        letters_config=config.get("letters", {}),
        reporting_url=os.environ.get(
            "EVICTION_REPORTING_URL",
            config.get("reporting", {}).get("url") or f"sqlite:///{data_dir / 'reporting.db'}",
        ),
        named_landlords=tuple(config.get("reporting", {}).get("named_landlords", [])),
        report_targets=_targets(config.get("reporting", {}).get("targets", {})),
        agenda=_agenda(config.get("agenda", {})),
        case_number_format=_case_number_format(config.get("case_register", {})),
        case_id_key=_key("EVICTION_CASE_ID_KEY", data_dir / "keys" / "case-id.key", embedded, make_keys),
        payload_key=ring[current],
        payload_key_id=current,
        payload_keys=ring,
        deployment_name=os.environ.get(
            "EVICTION_DEPLOYMENT", temporal.get("deployment", "eviction-prevention")
        ),
        worker_versioning=_flag(
            os.environ.get("EVICTION_WORKER_VERSIONING"), temporal.get("worker_versioning", True)
        ),
        promote_own_version=_flag(os.environ.get("EVICTION_PROMOTE_VERSION"), embedded),
        workflow_sandbox=_flag(
            os.environ.get("EVICTION_WORKFLOW_SANDBOX"), temporal.get("workflow_sandbox", False)
        ),
        letters_wait_seconds=_seconds(
            "EVICTION_LETTERS_WAIT_SECONDS",
            "[temporal] letters_wait_seconds",
            temporal.get("letters_wait_seconds", Settings.letters_wait_seconds),
        ),
        cached_cases=_whole(
            "EVICTION_CACHED_CASES",
            "[temporal] cached_cases",
            temporal.get("cached_cases", Settings.cached_cases),
        ),
        api_host=os.environ.get("EVICTION_API_HOST", config.get("api", {}).get("host", "127.0.0.1")),
        api_port=_whole(
            "EVICTION_API_PORT", "[api] port", config.get("api", {}).get("port", Settings.api_port)
        ),
        api_rate=os.environ.get("EVICTION_API_RATE", str(config.get("api", {}).get("rate", "50/second"))),
    )


def _whole(variable: str | None, key: str, configured: Any) -> int:
    """A count or a port, from the environment (if it may set it) over the file: a word where a
    number belongs is named in one sentence, not a traceback."""
    value = os.environ.get(variable, configured) if variable else configured
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if isinstance(value, bool) or number < 0:
        raise SettingsError(
            f"{variable} ({key}) ska vara ett heltal från 0, inte {value!r} (must be a whole number from 0)"
        )
    return number


def _seconds(variable: str, key: str, configured: Any) -> float:
    """A wait in seconds from 0, whole or not (0.5 or 0,5), from the environment over the file;
    anything else is named in one sentence, not a traceback."""
    value = os.environ.get(variable, configured)
    try:
        number = float(value.replace(",", ".") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        number = -1.0
    if isinstance(value, bool) or not 0 <= number < math.inf:
        raise SettingsError(
            f"{variable} ({key}) ska vara ett antal sekunder från 0, till exempel 0,5, inte {value!r} "
            "(must be a number of seconds from 0)"
        )
    return number


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return bool(default)
    return value.strip().lower() in ("1", "true", "yes", "on")


def _targets(section: dict[str, Any]) -> dict[str, float]:
    """The board's targets: each a number (a share 0-1 or a count)."""
    targets = {}
    for name, value in section.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"[reporting.targets] {name}: a number is needed, not {value!r}")
        targets[name] = float(value)
    return targets


def _agenda(section: dict[str, Any]) -> AgendaSettings:
    seconds = os.environ.get("EVICTION_AGENDA_EVERY_SECONDS", section.get("every_seconds"))
    return AgendaSettings(
        weekday=str(section.get("weekday", "tuesday")).lower(),
        time=str(section.get("time", "07:00")),
        every_weeks=_whole(None, "[agenda] every_weeks", section.get("every_weeks", 2)),
        every_seconds=None
        if seconds is None
        else _whole("EVICTION_AGENDA_EVERY_SECONDS", "[agenda] every_seconds", seconds),
    )


def _case_number_format(section: dict[str, str]) -> str:
    """How the case register writes a case number: `{year}` and `{serial}` (e.g. `{serial:06d}`)."""
    pattern = section.get("number_format", "{year}-{serial:06d}")
    try:
        pattern.format(year=2026, serial=1)
    except (KeyError, IndexError, ValueError) as error:
        raise SettingsError(
            f"[case_register] number_format is not a format of year and serial: {error}"
        ) from None
    return pattern


def _payload_keys(data_dir: Path, embedded: bool, make_keys: bool) -> tuple[dict[str, bytes], str]:
    """The key ring from EVICTION_PAYLOAD_KEYS (`k2:BASE64,k1:BASE64`, the current key first),
    else the one key of EVICTION_PAYLOAD_KEY or the key file, as `k1`."""
    text = os.environ.get("EVICTION_PAYLOAD_KEYS", "").strip()
    if not text:
        key = _key("EVICTION_PAYLOAD_KEY", data_dir / "keys" / "payload.key", embedded, make_keys)
        return {"k1": key}, "k1"
    ring: dict[str, bytes] = {}
    for entry in text.split(","):
        key_id, _, encoded = entry.strip().partition(":")
        if not key_id or not encoded or key_id in ring or not key_id.isalnum() or len(key_id) > 16:
            raise SettingsError(
                "EVICTION_PAYLOAD_KEYS must be ID:BASE64 entries, the current key first, each id "
                "given once (letters and digits)"
            )
        ring[key_id] = _decoded(f"EVICTION_PAYLOAD_KEYS ({key_id})", encoded)
    return ring, next(iter(ring))


def _decoded(what: str, text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as error:
        raise SettingsError(f"{what} is not base64") from error
    if len(key) != 32:
        raise SettingsError(f"{what} must decode to 32 bytes")
    return key


def _key(variable: str, key_file: Path, embedded: bool, make_keys: bool) -> bytes:
    """A 32-byte key: base64 from the environment, else the key file, made once if missing
    (only for the embedded default, and only by what starts the system: `make_keys`)."""
    text = os.environ.get(variable)
    if text is None:
        if not key_file.exists() and not embedded:
            raise SettingsError(
                f"{variable} is not set and there is no key file {key_file}: set it from the "
                "municipality's secret store (a key of this machine's own could not read the cases)"
            )
        if not key_file.exists() and not make_keys:
            raise SettingsError(
                f"{variable} is not set and there is no key file {key_file} yet: nothing has run "
                "here. Start the system first (make run, or worker.py), which makes the keys"
            )
        if not key_file.exists():
            key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # whatever the umask
            fresh = base64.b64encode(secrets.token_bytes(32)).decode()
            descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(fresh + "\n")
        text = key_file.read_text()
    return _decoded(f"{variable} (or {key_file.name})", text)
