"""The Temporal Web UI in a real browser (Debian's Chromium, driven by Playwright): without the
login a case's page shows ciphertext only; after the one-time link it shows the case in words.
Screenshots of both are kept in tests/artifacts/."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError, Page, sync_playwright

from cli.case_lists import saved_views
from infra.access_log import reads_of
from infra.samples import write_samples
from run_local import free_port, launch_dev_server, start_codec_server, wait_for_port
from tests.devserver import ROOT, base_env
from tests.factories import EXAMPLES

pytestmark = pytest.mark.devserver
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# As the machine's browser tests run it: no sandbox as root, nothing fetched from outside.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
LOGIN_TOKEN = "test-one-time-token"
CLI_TOKEN = "test-cli-token"


@dataclass
class WebUI:
    ui: str
    codec: str
    case_id: str
    data_dir: Path
    address: str = ""


@pytest.fixture(scope="module")
def web_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebUI]:
    tmp = tmp_path_factory.mktemp("webui")
    codec_port = free_port()
    codec = f"http://localhost:{codec_port}"
    dev = launch_dev_server(tmp, tmp / "temporal.log", with_ui=True, codec_endpoint=codec)
    port, ui_port = dev.port, dev.ui_port
    assert ui_port is not None
    env = {**base_env(tmp, port), "EVICTION_CODEC_PORT": str(codec_port)}
    os.environ.update({k: v for k, v in env.items() if k.startswith(("EVICTION_", "TEMPORAL_"))})
    processes = [dev.process]
    try:
        processes.append(
            start_codec_server(
                LOGIN_TOKEN, tmp / "codec.log", port=codec_port, ui_port=ui_port, cli_token=CLI_TOKEN
            )
        )
        wait_for_port("127.0.0.1", codec_port, 60, "codec server", processes[-1])
        processes.append(
            subprocess.Popen(
                [sys.executable, str(ROOT / "worker.py")],
                env=env,
                stdout=(tmp / "worker.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        family = next(
            f for f in write_samples(EXAMPLES, tmp / "samples", datetime.now(UTC)) if "family" in f.name
        )
        intake = subprocess.run(
            [sys.executable, str(ROOT / "starter.py"), "intake", str(family), "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        case_id = json.loads(intake.stdout)["case_id"]
        shown = subprocess.run(
            [sys.executable, str(ROOT / "starter.py"), "show", case_id, "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert shown.returncode == 0, shown.stderr
        yield WebUI(f"http://localhost:{ui_port}", codec, case_id, tmp / "data", f"127.0.0.1:{port}")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def on_screen(page: Page) -> str:
    """The visible text of the page and its frames (the UI renders Markdown in a sandboxed frame)."""
    texts = []
    for frame in page.frames:
        try:
            texts.append(frame.inner_text("body", timeout=2_000))
        except PlaywrightError:
            continue  # a frame still loading or gone
    return "\n".join(texts)


def visible(page: Page, text: str, seconds: float = 20) -> None:
    """Waits until `text` is on the screen (what a person sees, not the page's source)."""
    end = time.monotonic() + seconds
    while text not in on_screen(page):
        assert time.monotonic() < end, f"{text!r} never appeared on the screen"
        page.wait_for_timeout(500)


def case_page(page: Page, web_ui: WebUI) -> None:
    page.goto(f"{web_ui.ui}/namespaces/default/workflows/{web_ui.case_id}")
    page.get_by_role("tab", name="User Metadata").click()
    page.wait_for_timeout(2500)


def test_the_web_ui_shows_a_case_in_words_only_after_the_one_time_login(web_ui: WebUI) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # Without the login: even with the browser set to send credentials, only ciphertext.
        page.goto(web_ui.ui)
        page.evaluate(
            """(codec) => { localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
                            localStorage.setItem('endpoint', JSON.stringify(codec));
                            localStorage.setItem('includeCredentials', 'true'); }""",
            web_ui.codec,
        )
        case_page(page, web_ui)
        page.screenshot(path=ARTIFACTS / "web-ui-without-login.png", full_page=True)
        before = on_screen(page) + page.content()
        for personal in ("Amina Example", "19850412", "Exempelgatan", "Frister"):
            assert personal not in before
        assert reads_of(web_ui.data_dir / "logs" / "access.jsonl", web_ui.case_id) == [
            r
            for r in reads_of(web_ui.data_dir / "logs" / "access.jsonl", web_ui.case_id)
            if r["via"] == "cases"
        ]
        # The one-time link: a page that says what to do, and the session cookie.
        page.goto(f"{web_ui.codec}/login?token={LOGIN_TOKEN}")
        assert "Du är inloggad" in page.content()
        page.click("#web-ui")
        case_page(page, web_ui)
        visible(page, "Amina Example")
        page.screenshot(path=ARTIFACTS / "web-ui-after-login.png", full_page=True)
        after = on_screen(page)
        assert "Amina Example" in after and "Frister" in after and "återvinningsfrist" in after
        page.get_by_role("tab", name="Timeline").click()
        visible(page, "Brev: informationsbrev till hyresgästen")
        visible(page, "Väntar till")
        # A saved view opens the filtered list (the README's links come from `cases views`).
        views = dict(saved_views(web_ui.ui, "default", datetime.now(UTC), ["Västerås centrum", "Farsta"], []))
        page.goto(views["Stadsdel: Västerås centrum"])
        visible(page, web_ui.case_id)
        page.goto(views["Stadsdel: Farsta"])
        page.wait_for_timeout(3000)
        assert web_ui.case_id not in on_screen(page)
        # The link works once: a second use reads nothing.
        second = page.goto(f"{web_ui.codec}/login?token={LOGIN_TOKEN}")
        assert second is not None and second.status == 401
        browser.close()
    reads = reads_of(web_ui.data_dir / "logs" / "access.jsonl", web_ui.case_id)
    assert {read["via"] for read in reads} == {"cases", "web-ui"}
    assert {read["user"] for read in reads if read["via"] == "web-ui"} == {"supervisor (embedded default)"}


def test_the_temporal_cli_reads_a_case_through_the_codec_server_and_the_read_is_logged(web_ui: WebUI) -> None:
    """Issue 19: the README's way to read a case with the temporal CLI. Without credentials it
    gets only ciphertext; with the run command's token it reads, logged as the temporal CLI."""
    command = [
        str(Path(sys.executable).parent / "temporal"), "workflow", "show", "--workflow-id", web_ui.case_id,
        "--address", web_ui.address, "--output", "json", "--codec-endpoint", web_ui.codec,
    ]  # fmt: skip
    without = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "Amina Example" not in without.stdout
    done = subprocess.run(
        [*command, "--codec-auth", f"Bearer {CLI_TOKEN}"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Amina Example" in base64_texts(done.stdout)
    reads = reads_of(web_ui.data_dir / "logs" / "access.jsonl", web_ui.case_id)
    assert any(
        r["via"] == "temporal-cli" and r["user"] == "supervisor (embedded default, temporal CLI)"
        for r in reads
    )


def base64_texts(history_json: str) -> str:
    """The history's payload data decoded from base64 (the CLI prints payloads as the protocol does)."""
    import base64
    import re

    found = []
    for text in re.findall(r'"data":\s*"([A-Za-z0-9+/=]+)"', history_json):
        try:
            found.append(base64.b64decode(text).decode("utf-8", "replace"))
        except ValueError:
            continue
    return history_json + "\n".join(found)
