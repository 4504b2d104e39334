"""The operators' command line where no server is needed, run as a subprocess like a user does."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import EXAMPLES
from tests.helpers import TEST_CASE_ID_KEY, TEST_PAYLOAD_KEY

ROOT = Path(__file__).resolve().parent.parent


def starter(
    *args: str, tmp: Path, address: str = "127.0.0.1:7233", lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "TEMPORAL_ADDRESS": address,
        "EVICTION_DATA_DIR": str(tmp),
        "EVICTION_CASE_ID_KEY": TEST_CASE_ID_KEY,
        "EVICTION_PAYLOAD_KEY": TEST_PAYLOAD_KEY,
        "EVICTION_LANG": lang,
        "COLUMNS": "200",  # long temporary paths in messages stay on one line
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "starter.py"), *args], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("served", "notified", "end", "decision"),
    [
        ("2026-12-04", None, "2026-12-28", "2026-12-30"),
        ("2026-03-13", None, "2026-04-07", "2026-04-09"),
        ("2026-11-04", None, "2026-11-25", "2026-11-27"),
        ("2026-11-02", "2026-11-04", "2026-11-25", "2026-11-27"),
    ],
)
def test_deadlines_json_is_the_contract(
    served: str, notified: str | None, end: str, decision: str, tmp_path: Path
) -> None:
    args = ["deadlines", "--served-on", served, "--json"] + (["--notified-on", notified] if notified else [])
    done = starter(*args, tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"recovery_period_end": end, "earliest_eviction_decision": decision}


def test_deadlines_for_a_person_explains_the_roll_forward(tmp_path: Path) -> None:
    done = starter("deadlines", "--served-on", "2026-12-04", tmp=tmp_path)
    assert done.returncode == 0
    assert "2026-12-25 is closed (Christmas Day): rolled forward" in done.stdout
    assert "2026-12-28" in done.stdout and "2026-12-30" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deadlines", "--served-on", "4 december"], "--served-on must be a date YYYY-MM-DD"),
        (["show"], "give either a case id or --personnummer"),
        (
            ["show", "household-x", "--personnummer", "19850412-2386"],
            "give either a case id or --personnummer",
        ),
        (["show", "--personnummer", "19850412-2387"], "--personnummer fails the check digit (Luhn)"),
        (["intake", "no-such-file.json"], "no-such-file.json: no such file"),
    ],
)
def test_bad_arguments_get_a_clear_error(args: list[str], message: str, tmp_path: Path) -> None:
    done = starter(*args, tmp=tmp_path)
    assert done.returncode == 2
    assert message in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr


def test_intake_without_a_server_says_so_and_takes_nothing(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{probe.getsockname()[1]}"
    done = starter("intake", str(EXAMPLES / "eviction-single.json"), tmp=tmp_path, address=closed)
    assert done.returncode == 3
    assert f"cannot reach Temporal at {closed}" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr


def test_the_command_line_speaks_swedish_by_default_and_english_on_request(tmp_path: Path) -> None:
    swedish = starter("deadlines", "--served-on", "2026-12-04", tmp=tmp_path, lang="")
    assert swedish.returncode == 0
    assert "2026-12-25 är inte en arbetsdag (juldagen): flyttas framåt" in swedish.stdout
    assert "Återvinningsfristen går ut: 2026-12-28 (måndag)" in swedish.stdout
    help_text = " ".join(starter("commit-payment", "--help", tmp=tmp_path, lang="").stdout.split())
    assert "Besluta om betalningsåtagande" in help_text and "Beloppet i kronor" in help_text
    # --lang anywhere on the line, before or after the command.
    for args in (
        ["--lang", "en", "deadlines", "--served-on", "2026-12-04"],
        ["deadlines", "--served-on", "2026-12-04", "--lang=en"],
    ):
        english = starter(*args, tmp=tmp_path, lang="")
        assert english.returncode == 0 and "Recovery period ends: 2026-12-28 (Monday)" in english.stdout


def test_malformed_options_are_sentences_that_name_the_option(tmp_path: Path) -> None:
    swedish = starter(
        "commit-payment", "household-x", "--amount", "-5", "--by", "o-1", tmp=tmp_path, lang="sv"
    )
    assert swedish.returncode == 2
    assert "--amount måste vara större än 0" in swedish.stderr and "amount_sek" not in swedish.stderr
    english = starter("commit-payment", "household-x", "--amount", "-5", "--by", "o-1", tmp=tmp_path)
    assert "--amount must be greater than 0" in english.stderr
    answer = starter(
        "postponement-answer", "household-x", "--granted", "--by", "o-1", tmp=tmp_path, lang="sv"
    )
    assert answer.returncode == 2 and "kräver avhysningens nya datum och tid (--new-time)" in answer.stderr
    assert "Traceback" not in swedish.stderr + english.stderr + answer.stderr


def test_with_json_an_error_is_json_on_stdout_too(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{probe.getsockname()[1]}"
    done = starter("show", "household-x", "--json", tmp=tmp_path, address=closed)
    assert done.returncode == 3
    error = json.loads(done.stdout)
    assert error["status"] == "error" and error["exit_code"] == 3 and closed in error["error"]


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ["contact", "household-x", "--method", "fax", "--outcome", "reached"],
            "--method: 'fax' är inte tillåtet; tillåtet är 'brev', 'telefon'",
            "Invalid value for '--method'",
        ),
        (["commit-payment", "household-x", "--amount", "mycket"], "--amount måste vara ett tal", "--amount"),
        (
            ["consent", "household-x", "--to", "landlord", "--form", "oral"],
            "--purpose saknas; välj bland: contact, planned_support",
            "Missing option '--purpose'",
        ),
        (["show", "--nope"], "okänt alternativ: --nope", "No such option: --nope"),
    ],
)
def test_every_usage_error_names_the_option_and_what_is_allowed(
    args: list[str], swedish: str, english: str, tmp_path: Path
) -> None:
    in_swedish = starter(*args, tmp=tmp_path, lang="sv")
    assert in_swedish.returncode == 2 and swedish in " ".join(in_swedish.stderr.split())
    in_english = starter(*args, tmp=tmp_path)
    assert in_english.returncode == 2 and english in " ".join(in_english.stderr.split())
    as_json = starter(*args, "--json", tmp=tmp_path, lang="sv")
    assert json.loads(as_json.stdout)["exit_code"] == 2
    assert "Traceback" not in in_swedish.stderr + in_english.stderr + as_json.stderr


def test_a_named_pipe_or_a_folder_as_input_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "notices.json"
    os.mkfifo(pipe)
    for path, name in ((pipe, "notices.json"), (tmp_path, tmp_path.name)):
        done = starter("intake", str(path), tmp=tmp_path / "data")
        assert done.returncode == 2 and f"{name}: not a regular file" in " ".join(done.stderr.split())


def test_input_is_printed_as_text_never_as_markup_or_control_sequences() -> None:
    from cli.plain import escape

    assert escape("[red]KUND-1[/]") == "\\[red]KUND-1\\[/]"
    assert escape("ID\x1b[2J\x07") == "ID?[2J?"
    assert "\u202e" not in escape("abc\u202eevil")
    # A notice id with a line break would print a second, forged receipt line.
    for newline in ("\n", "\r", "\u2028", "\u0085", "\x0b"):
        assert escape(f"MIMER-1{newline}opened   KFM-2") == "MIMER-1?opened   KFM-2"
    assert escape("line one\nline two", keep_newlines=True) == "line one\nline two"


def test_a_command_with_the_local_default_and_no_keys_refuses_without_making_any(tmp_path: Path) -> None:
    """Keys are made only by what starts the system (make run, the worker): a command that then
    refused left a key in .data/keys that no worker used."""
    env = {"PATH": "/usr/bin:/bin", "TEMPORAL_ADDRESS": "127.0.0.1:7233", "EVICTION_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "starter.py"), "show", "household-x"],
        env={**env, "EVICTION_LANG": "en", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    said = " ".join(done.stderr.split())
    assert "nothing has run here" in said and "make run" in said
    assert not (tmp_path / "keys").exists()


@pytest.mark.parametrize("officer_id", ["..", "../x", "a/b", ".hidden"])
def test_an_officer_id_that_could_leave_its_folder_is_refused(officer_id: str, tmp_path: Path) -> None:
    done = starter(
        "assign", "household-x", "--officer-id", officer_id, "--officer-name", "X", "--by", "o", tmp=tmp_path
    )
    assert done.returncode == 2 and "--officer-id" in done.stderr and "Traceback" not in done.stderr


def test_each_command_loads_only_its_own_persona_module() -> None:
    """A command names the module that registers it, and a list loads no case model."""
    import importlib

    import typer

    from cli.app import COMMAND_MODULES, PERSONA_MODULES

    owners: dict[str, str] = {}
    for name in PERSONA_MODULES:
        alone = typer.Typer()
        importlib.import_module(name).register(alone)
        names = [c.name for c in alone.registered_commands] + [g.name for g in alone.registered_groups]
        for command in names:
            assert command not in owners, f"{command} registered twice"
            owners[str(command)] = name
    for command, module in COMMAND_MODULES.items():
        assert owners[command] == module
    heavy = "('domain.case', 'domain.calendar', 'holidays', 'cli.officers')"
    probe = (
        "import sys; import cli.app as a; a.register_commands(['list', '--overdue']); "
        f"print(sorted(m for m in sys.modules if m.startswith({heavy})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"


def test_a_single_persona_still_reads_its_command_as_a_command(tmp_path: Path) -> None:
    """With one module loaded, `cases intake FILE` is still the command intake, not a file."""
    done = starter("intake", str(tmp_path / "missing.json"), tmp=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path / 'missing.json'}: no such file"


# The framework's own English that must not reach a Swedish help page (issue 17).
FRAMEWORK_ENGLISH = [
    "Show this message", "[required]", "<bool>", "<str>", "<int>", "<float>", "[default:", "Usage:",
    "Options", "Arguments", "Commands", "env var", "COMMAND", "[OPTIONS]", "list[", "Choose from",
]  # fmt: skip


def test_every_commands_help_reads_as_swedish(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    top = starter("--help", tmp=tmp_path, lang="sv")
    assert top.returncode == 0
    names = sorted(set(re.findall(r"^│ ([a-z][a-z-]+) ", top.stdout, flags=re.M)))
    assert len(names) >= 20, top.stdout  # every persona's commands were found
    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = dict(
            zip(names, pool.map(lambda n: starter(n, "--help", tmp=tmp_path, lang="sv"), names), strict=True)
        )
    for name, page in [("cases", top), *pages.items()]:
        assert page.returncode == 0, (name, page.stderr)
        found = [word for word in FRAMEWORK_ENGLISH if word in page.stdout]
        assert found == [], f"cases {name} --help: {found}\n{page.stdout}"


@pytest.mark.parametrize(
    "args",
    [
        ["contact", "household-x", "--method", "telefon", "--outcome", "inte_nådd"],
        ["contact", "household-x", "--method", "aviserat hembesök", "--outcome", "Nådd"],
        [
            "consent",
            "household-x",
            "--to",
            "socialtjänsten",
            "--purpose",
            "utredning",
            "--form",
            "skriftligt",
        ],
        [
            "consent",
            "household-x",
            "--to",
            "hyresvärd",
            "--purpose",
            "betalningsåtagande",
            "--form",
            "muntligt",
        ],
        ["end-preassessment", "household-x", "--investigate", "vuxen"],
        ["follow-up", "household-x", "--for", "barn"],
        ["request-postponement", "household-x", "--reason", "ordnar_bostad"],
        ["eviction-outcome", "household-x", "--outcome", "nycklar_återlämnade", "--not-attended"],
        ["close", "household-x", "--reason", "flyttat"],
        ["support", "household-x", "--kind", "hemtjänst", "--provider", "Hemtjänsten"],
        ["contact", "household-x", "--method", "phone", "--outcome", "not_reached"],  # codes still work
    ],
)
def test_a_day_of_officer_commands_takes_swedish_values(args: list[str], tmp_path: Path) -> None:
    """Every value is read (no usage error, exit 2): the command goes on to find no server (3)."""
    done = starter(*args, tmp=tmp_path, address=_closed_address(), lang="sv")
    assert done.returncode == 3, done.stderr
    assert "når inte Temporal" in " ".join(done.stderr.split())


def _closed_address() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"
