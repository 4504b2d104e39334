"""Starting the dev server, as the tests, the benchmarks and `make run` do: a server that cannot
bind its port is noticed at once, and one started on a free port tries another port then (once in
CI a test waited a minute for a server that had stopped in a tenth of a second)."""

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import run_local
from run_local import StoppedBeforeListening, launch_dev_server, start_dev_server, wait_for_port

pytestmark = pytest.mark.devserver


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another process holds (bound, not answering: a probe finds it closed)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])


def test_a_server_that_cannot_bind_its_port_is_reported_at_once_not_after_the_wait(
    tmp_path: Path, taken_port: int
) -> None:
    server = start_dev_server(tmp_path, "127.0.0.1", taken_port, tmp_path / "temporal.log", ui_port=None)
    started = time.monotonic()
    try:
        with pytest.raises(StoppedBeforeListening, match=f" port {taken_port} "):
            wait_for_port("127.0.0.1", taken_port, 60, "the dev server", server)
        assert time.monotonic() - started < 30
        assert "address already in use" in (tmp_path / "temporal.log").read_text()
    finally:
        server.kill()
        server.wait(timeout=20)


def test_a_server_on_a_port_taken_meanwhile_is_started_again_on_another(
    tmp_path: Path, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`free_port` hands out the taken port first, as when another process binds it between the
    pick and the server's start."""
    picks = iter([taken_port])
    free = run_local.free_port
    monkeypatch.setattr(run_local, "free_port", lambda: next(picks, None) or free())
    server, port, ui_port = launch_dev_server(tmp_path, tmp_path / "temporal.log")
    try:
        assert port != taken_port and ui_port is None
        assert server.poll() is None and run_local.port_open("127.0.0.1", port)
        assert "address already in use" in (tmp_path / "temporal.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
