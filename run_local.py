"""The embedded default: Temporal dev server on a SQLite file, the Web UI, the worker, and the
example notices taken in. Cases survive a restart: the database is under the data directory.

    python run_local.py            # runs until Ctrl-C; takes in the examples, dated for today
    python run_local.py --once     # takes in the examples, shows the cases, stops
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from cli.language import t
from cli.status_words import STATUS_WORDS
from domain.local_time import STOCKHOLM
from infra.process import private_files
from infra.samples import write_samples
from infra.settings import PROJECT_ROOT, load_settings

BIN = Path(sys.executable).parent
EXAMPLES = PROJECT_ROOT.parent / "shared" / "spec" / "examples"
UI_PORT = int(os.environ.get("TEMPORAL_UI_PORT", "8233"))
CODEC_PORT = int(os.environ.get("EVICTION_CODEC_PORT", "8081"))


VERSIONING_SWITCHES = (
    "frontend.workerVersioningWorkflowAPIs",
    "frontend.workerVersioningDataAPIs",
    "system.enableDeploymentVersions",
)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


class StoppedBeforeListening(RuntimeError):
    """A server process ended before it answered on its port (the port taken, most often)."""


def wait_for_port(
    host: str, port: int, seconds: float, what: str, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Until something answers on the port; with the process that should, fails at once if it
    ends first (a server that cannot bind its port stops in a tenth of a second, and waiting the
    whole minute for it only hid why)."""
    end = time.monotonic() + seconds
    while not port_open(host, port):
        if process is not None and process.poll() is not None:
            code = process.returncode
            raise StoppedBeforeListening(
                t(
                    sv=f"{what} stannade (slutkod {code}) innan port {port} svarade",
                    en=f"{what} stopped (exit code {code}) before port {port} answered",
                )
            )
        if time.monotonic() > end:
            raise TimeoutError(
                t(
                    sv=f"{what} startade inte inom {seconds:.0f} s",
                    en=f"{what} did not start within {seconds:.0f} s",
                )
            )
        time.sleep(0.2)


def free_port() -> int:
    """A loopback port nobody listens on now (for tests and the benchmark)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_dev_server(
    data_dir: Path,
    host: str,
    port: int,
    logs: Path,
    ui_port: int | None = UI_PORT,
    codec_endpoint: str | None = None,
    extra_dynamic_config: tuple[str, ...] = (),
    metrics_port: int | None = None,
) -> subprocess.Popen[bytes]:
    """The dev server on a SQLite file; `ui_port=None` runs it without the Web UI. With a codec
    endpoint the Web UI decodes payloads through it (for those it lets in). With a metrics port
    it serves its Prometheus metrics there (the benchmark counts its store's operations)."""
    ui = ["--ui-port", str(ui_port)] if ui_port else ["--headless"]
    if metrics_port:
        ui += ["--metrics-port", str(metrics_port)]
    if ui_port and codec_endpoint:
        ui += ["--ui-codec-endpoint", codec_endpoint]
    command = [
        str(BIN / "temporal"), "server", "start-dev",
        "--db-filename", str(data_dir / "temporal.db"),
        "--ip", host, "--port", str(port), *ui,
        "--log-level", "warn",
        # Measured on a 2-core machine: WAL roughly doubles the dev server's start rate.
        "--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal",
        # Worker Versioning's APIs (Worker Deployments): the workers declare their versions.
        *(arg for key in VERSIONING_SWITCHES for arg in ("--dynamic-config-value", f"{key}=true")),
        *(arg for value in extra_dynamic_config for arg in ("--dynamic-config-value", value)),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=logs.open("ab"), stderr=subprocess.STDOUT)


class DevServer(NamedTuple):
    process: subprocess.Popen[bytes]
    port: int
    ui_port: int | None


def launch_dev_server(
    data_dir: Path,
    logs: Path,
    with_ui: bool = False,
    port: int | None = None,
    attempts: int = 3,
    **options: Any,
) -> DevServer:
    """A dev server on free loopback ports (or on `port`), answering. Started again if it stops
    before it answers: between `free_port` and the server's bind another process may take the
    port, or the server's own random ports for its inner services may meet another's (once in
    CI: a test waited a minute for a server that had stopped at once). On a given port (a
    restart, where clients hold the address) it tries that port again a second later."""
    for attempt in range(1, attempts + 1):
        listen = port or free_port()
        ui_port = free_port() if with_ui else None
        process = start_dev_server(data_dir, "127.0.0.1", listen, logs, ui_port=ui_port, **options)
        try:
            wait_for_port("127.0.0.1", listen, 120, t(sv="utvecklingsservern", en="the dev server"), process)
            if ui_port:
                wait_for_port("127.0.0.1", ui_port, 60, "Web UI", process)
            return DevServer(process, listen, ui_port)
        except StoppedBeforeListening:
            if attempt == attempts:
                raise
            if port:
                time.sleep(1)
        except BaseException:
            process.terminate()
            process.wait(timeout=20)
            raise
    raise AssertionError("unreachable")


def start_codec_server(
    login_token: str,
    logs: Path,
    port: int = CODEC_PORT,
    ui_port: int = UI_PORT,
    cli_token: str = "",
) -> subprocess.Popen[bytes]:
    """The Web UI's codec server; `login_token` is the one-time link's, good for one login;
    `cli_token` the `temporal` CLI's, for as long as it runs."""
    env = {
        **os.environ,
        "EVICTION_LOGIN_TOKEN": login_token,
        "EVICTION_CLI_TOKEN": cli_token,
        "EVICTION_CODEC_PORT": str(port),
        "EVICTION_UI_ORIGIN": f"http://localhost:{ui_port}",
    }
    command = [sys.executable, "-m", "infra.codec_server"]
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=logs.open("ab"), stderr=subprocess.STDOUT
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help=t(sv="stanna när exemplen är mottagna", en="stop after taking in the examples"),
    )
    parser.add_argument(
        "notices",
        nargs="*",
        type=Path,
        help=t(
            sv="filer med underrättelser (annars specifikationens exempel)",
            en="notice files (default: the spec examples)",
        ),
    )
    args = parser.parse_args()

    # Stopped by a service manager or `kill`: shut down like Ctrl-C, taking the children along.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    private_files()  # the dev server started below inherits it: its database is 0600
    settings = load_settings(make_keys=True).check()
    private_files(settings.data_dir)
    database = settings.data_dir / "temporal.db"
    if database.exists():
        database.chmod(0o600)
    host, _, port_text = settings.temporal_address.rpartition(":")
    host, port = host or "localhost", int(port_text)
    logs_dir = settings.data_dir / "logs"
    logs_dir.mkdir(parents=True, exist_ok=True)
    children: list[subprocess.Popen[bytes]] = []
    login_token = secrets.token_urlsafe(24)
    cli_token = secrets.token_urlsafe(24)
    try:
        children.append(start_codec_server(login_token, logs_dir / "codec-server.log", cli_token=cli_token))
        wait_for_port("127.0.0.1", CODEC_PORT, 30, t(sv="kodekservern", en="the codec server"))
        if port_open(host, port):
            print(
                t(
                    sv=f"Temporal svarar redan på {settings.temporal_address}: den används",
                    en=f"Temporal already answers at {settings.temporal_address}: using it",
                )
            )
        else:
            database_file = settings.data_dir / "temporal.db"
            print(
                t(
                    sv=f"Startar Temporals utvecklingsserver (databas {database_file})",
                    en=f"Starting the Temporal dev server (database {database_file})",
                )
            )
            children.append(
                start_dev_server(
                    settings.data_dir,
                    "127.0.0.1" if host == "localhost" else host,
                    port,
                    logs_dir / "temporal.log",
                    codec_endpoint=f"http://localhost:{CODEC_PORT}",
                )
            )
            wait_for_port(
                host,
                port,
                60,
                t(sv="Temporals utvecklingsserver", en="the Temporal dev server"),
                children[-1],
            )
        worker_log = logs_dir / "worker.log"
        print(
            t(
                sv=f"Startar arbetaren (loggar i {worker_log})",
                en=f"Starting the worker (logs in {worker_log})",
            )
        )
        worker = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "worker.py")],
            stdout=worker_log.open("ab"),
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        children.append(worker)
        api_log = logs_dir / "api.log"
        print(
            t(
                sv=f"Startar avsändarnas HTTP-mottagning (loggar i {api_log})",
                en=f"Starting the senders' HTTP intake (logs in {api_log})",
            )
        )
        children.append(
            subprocess.Popen(
                [sys.executable, str(PROJECT_ROOT / "starter.py"), "api"],
                stdout=api_log.open("ab"),
                stderr=subprocess.STDOUT,
                env=os.environ.copy(),
            )
        )

        if args.notices:
            files = args.notices
            named = ", ".join(str(f) for f in files)
            print(t(sv=f"\nTar emot: {named}", en=f"\nTaking in: {named}"))
        else:
            samples = settings.data_dir / "samples"
            files = write_samples(EXAMPLES, samples, datetime.now(UTC))
            print(
                t(
                    sv=f"\nTar emot specifikationens exempel på underrättelser, daterade i dag ({samples})",
                    en=f"\nTaking in the spec's example notices, dated for today ({samples})",
                )
            )
        starter = [sys.executable, str(PROJECT_ROOT / "starter.py")]
        intake = subprocess.run(
            [*starter, "intake", *map(str, files), "--json"], capture_output=True, text=True
        )
        if intake.returncode not in (0, 1):
            print(intake.stderr, file=sys.stderr)
            return intake.returncode
        receipts = [json.loads(line) for line in intake.stdout.splitlines() if line.strip()]
        for receipt in receipts:
            status = STATUS_WORDS.get(receipt["status"], (receipt["status"], ""))[0]
            print(f"  {status:<9} {receipt['notice_id']}  {receipt.get('case_id', receipt.get('errors'))}")

        case_ids = sorted({r["case_id"] for r in receipts if r.get("case_id")})
        _wait_for_letters(starter, case_ids)
        for case_id in case_ids:
            subprocess.run([*starter, "show", case_id])
        ui = f"http://localhost:{UI_PORT}/namespaces/{settings.temporal_namespace}/workflows"
        print(f"\nTemporal Web UI: {ui}")
        login = f"http://localhost:{CODEC_PORT}/login?token={login_token}"
        print(
            t(
                sv="Logga in för att läsa ärenden i Web UI (en gång; slå sedan på 'include cross-origin "
                f"credentials' i Web UI:s inställningar för kodekservern):\n  {login}",
                en="Log in to read cases in the Web UI (once; then, in the UI's codec server settings, "
                f"turn on 'include cross-origin credentials'):\n  {login}",
            )
        )
        show = (
            f"  .venv/bin/temporal workflow show --workflow-id {case_ids[0] if case_ids else 'CASE-ID'} "
            f"--codec-endpoint http://localhost:{CODEC_PORT} --codec-auth 'Bearer {cli_token}'"
        )
        print(
            t(
                sv="Läs ett ärende med temporal-kommandot (avkrypterat av kodekservern, loggat som "
                f"läst):\n{show}",
                en="Read a case with the temporal CLI (decrypted by the codec server, logged as "
                f"read):\n{show}",
            )
        )
        access = logs_dir / "access.jsonl"
        print(
            t(
                sv=f"Vem som läst vilket ärende: {access} (cases access-log VRK…)",
                en=f"Who read which case: {access} (cases access-log VRK…)",
            )
        )
        api_url = f"http://{settings.api_host}:{settings.api_port}"
        add = ".venv/bin/python starter.py senders add --name NAMN --kind hyresvärd"
        print(
            t(
                sv=f"Avsändarnas HTTP-mottagning: {api_url} (dokumentation {api_url}/docs); ge en hyresvärd "
                f"inloggningsuppgifter med: {add}",
                en=f"The senders' HTTP intake: {api_url} (documentation {api_url}/docs); give a landlord "
                f"credentials with: {add.replace('NAMN', 'NAME')}",
            )
        )
        print(t(sv=f"Brev (PDF) i: {settings.outbox_dir}", en=f"Letters (PDF) in: {settings.outbox_dir}"))
        print(
            t(
                sv=f"Underrättelser till enheter i: {settings.alerts_dir}",
                en=f"Alerts to units in: {settings.alerts_dir}",
            )
        )
        month = f"{datetime.now(UTC).astimezone(STOCKHOLM):%Y-%m}"
        reports = f".venv/bin/python starter.py report --month {month} / starter.py agenda"
        print(
            t(
                sv="Rapporten till nämnden och ärendedragningens dagordning (schemat skriver den "
                f"varannan vecka): {reports}",
                en="The board's report and the case meeting's agenda (the schedule writes it every other "
                f"week): {reports}",
            )
        )
        if args.once:
            return 0
        intake_more = ".venv/bin/python starter.py intake"
        print(
            t(
                sv=f"\nIgång. Ta emot fler med: {intake_more} FIL...   Stoppa med Ctrl-C.",
                en=f"\nRunning. Take in more with: {intake_more} FILE...   Stop with Ctrl-C.",
            )
        )
        while all(child.poll() is None for child in children):
            time.sleep(1)
        print(
            t(
                sv=f"En process stannade oväntat; se {logs_dir}",
                en=f"A process stopped unexpectedly; see {logs_dir}",
            )
        )
        return 1
    except KeyboardInterrupt:
        return 0
    except (TimeoutError, StoppedBeforeListening) as error:
        print(t(sv=f"{error}; se {logs_dir}", en=f"{error}; see {logs_dir}"), file=sys.stderr)
        return 1
    finally:
        for child in reversed(children):
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def _wait_for_letters(starter: list[str], case_ids: list[str], seconds: float = 60) -> None:
    """Until every case has written its first letter (the worker may still be starting)."""
    end = time.monotonic() + seconds
    pending = set(case_ids)
    while pending and time.monotonic() < end:
        for case_id in sorted(pending):
            shown = subprocess.run([*starter, "show", case_id, "--json"], capture_output=True, text=True)
            if shown.returncode == 0 and json.loads(shown.stdout)["letters"]:
                pending.discard(case_id)
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
