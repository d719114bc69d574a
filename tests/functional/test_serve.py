"""`diagnum serve` as a real server: the page a tablet loads, and the kiosk behind it."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.pty_session import ANSI
from terminal.cli import build_parser
from terminal.cli.serve import kiosk_command
from terminal.settings.model import load_settings
from terminal.settings.source import ConfigSource
from tests.functional.test_cli import diagnum

ROOT = Path(__file__).resolve().parents[2]
# Generous: two cores shared with other test runs, and a cold Python start.
DEADLINE_SECONDS = 90.0


def serve_command(data_dir: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "terminal", "--data-dir", str(data_dir), "serve", *options]


def free_port() -> int:
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
            return port
    except OSError as error:
        pytest.skip(f"no local port to listen on: {error}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """`diagnum serve` on a free local port, until the page answers; stopped after."""
    port = free_port()
    server = subprocess.Popen(
        serve_command(tmp_path / "data", "--host", "127.0.0.1", "--port", str(port)),
        cwd=ROOT,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},  # no staff file
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield port, server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def fetch_page(port: int, server: subprocess.Popen[str]) -> tuple[int, str]:
    """Poll until the server answers (or stops); its status and the page."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            _, err = server.communicate()
            if "cannot listen" in err:
                pytest.skip(f"the port was taken meanwhile: {err.strip()}")
            pytest.fail(f"diagnum serve stopped ({server.returncode}): {err}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
                return page.status, page.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail("diagnum serve never answered")


def test_serve_gives_the_textual_serve_page(
    served: tuple[int, subprocess.Popen[str]],
) -> None:
    port, server = served
    status, page = fetch_page(port, server)
    assert status == 200
    # textual-serve's page: its terminal script, titled Diagnum, and a websocket to
    # the address the browser used.
    assert "static/js/textual.js" in page
    assert "<div>Diagnum</div>" in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    # What to open on the tablet, and the limits, said when it starts.
    assert f"open http://127.0.0.1:{port} in the tablet's browser" in out
    assert "no voice on the tablet" in out and "without TLS" in out
    assert "Traceback" not in out + err


def test_a_tablet_gets_the_public_kiosk(served: tuple[int, subprocess.Popen[str]]) -> None:
    port, server = served
    fetch_page(port, server)
    screen = asyncio.run(read_the_tablet(port, "Mon bilan numérique"))
    assert "Mon bilan numérique" in screen


async def read_the_tablet(port: int, needle: str) -> str:
    """What the kiosk draws in a tablet's page, read over its websocket until `needle`."""
    from aiohttp import ClientSession, WSMsgType

    drawn = b""
    async with (
        ClientSession() as session,
        session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as tablet,
    ):
        deadline = time.monotonic() + DEADLINE_SECONDS
        while needle not in words(drawn) and time.monotonic() < deadline:
            try:
                message = await tablet.receive(timeout=deadline - time.monotonic())
            except TimeoutError:
                break
            if message.type == WSMsgType.BINARY:
                drawn += message.data
            elif message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
                break
    return words(drawn)


def words(drawn: bytes) -> str:
    """The text a terminal shows, without its escape codes, one space between words."""
    return " ".join(ANSI.sub("", drawn.decode("utf-8", "replace")).split())


def test_each_tablet_runs_the_locked_kiosk_without_staff_access(tmp_path: Path) -> None:
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text("locked = false\n", encoding="utf-8")
    source = ConfigSource(config_file, {"data_dir": str(tmp_path / "data")})
    command = shlex.split(kiosk_command(load_settings(source), source))
    assert command[:3] == [sys.executable, "-m", "terminal"]
    # Locked whatever the file says, and no staff key: a tablet is public only.
    assert "--no-staff" in command and "--locked" in command
    assert command[command.index("--config") + 1] == str(config_file)
    assert command[command.index("--data-dir") + 1] == str(tmp_path / "data")
    args = build_parser().parse_args(command[3:])
    assert args.no_staff and args.locked and args.command is None


def test_serve_refuses_a_bad_port(tmp_path: Path) -> None:
    done = diagnum("serve", "--port", "70000", data_dir=tmp_path)
    assert done.returncode == 2
    assert "'70000' is not a port number from 1 to 65535" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 0))
        except OSError as error:
            pytest.skip(f"no local port to listen on: {error}")
        taken.listen()
        port = taken.getsockname()[1]
        done = diagnum("serve", "--host", "127.0.0.1", "--port", str(port), data_dir=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"cannot listen on 127.0.0.1 port {port}" in done.stderr
