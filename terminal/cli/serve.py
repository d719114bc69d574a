"""`diagnum serve`: the public kiosk in a tablet's browser, over the local network.

textual-serve runs one kiosk process per browser tab and draws it in the page. That
kiosk is the public one only: locked, and without staff access (`diagnum --no-staff`),
since anyone holding the tablet could otherwise try PINs or reach the results.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import socket
from typing import TYPE_CHECKING, Any

from terminal.cli.base import fail
from terminal.settings.source import diagnum_command

if TYPE_CHECKING:
    from aiohttp import web

    from terminal.settings.model import KioskConfig
    from terminal.settings.source import ConfigSource

DEFAULT_HOST = "0.0.0.0"  # every interface: the tablets are on the local network
DEFAULT_PORT = 8000
# Said in `diagnum serve --help` and in docs/deployment.md.
LIMITS = (
    "Limits: pictograms are emoji, never images (terminal graphics do not reach a "
    "browser); no voice on the tablet; each browser tab runs its own kiosk process, "
    "so keep to a few tablets; plain HTTP without TLS, for the local network only, "
    "never the Internet; no staff key and no PIN pad: staff use the kiosk PC."
)


def port_argument(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number from 1 to 65535")
    return int(text)


def kiosk_command(config: KioskConfig, source: ConfigSource) -> str:
    """The shell command each tab runs: the kiosk, locked, with no staff access."""
    # Absolute paths: textual-serve starts each tab in its own folder.
    config_file, questionnaire = source.config_file, config.questionnaire
    command = diagnum_command(
        config.data_dir.resolve(),
        None if config_file is None else config_file.resolve(),
        None if questionnaire is None else questionnaire.resolve(),
    )
    return shlex.join([*command, "--no-staff", "--locked"])


def serve(config: KioskConfig, source: ConfigSource, host: str, port: int) -> int:
    try:
        _check_port(host, port)
    except OSError as error:
        return fail(f"cannot listen on {host} port {port}: {_reason(error)}")
    server = _tablet_server(kiosk_command(config, source), host, port)
    try:
        server.serve()
    except OSError as error:
        return fail(f"cannot listen on {host} port {port}: {_reason(error)}")
    return 0


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _check_port(host: str, port: int) -> None:
    """Raise `OSError` now if the port cannot be had, before anything is printed."""
    for family, kind, protocol, _, address in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            probe.bind(address)


def addresses_to_open(host: str, port: int) -> list[str]:
    """What to type in a tablet's browser."""
    if host not in ("0.0.0.0", "::", ""):
        return [f"http://{_url_host(host)}:{port}"]
    found = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.connect(("192.0.2.1", 9))  # sends nothing: only picks the outgoing address
        found.append(udp.getsockname()[0])
    found.append(socket.gethostname())
    return [f"http://{name}:{port}" for name in found]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _tablet_server(command: str, host: str, port: int) -> Any:
    from textual_serve.server import Server

    class TabletServer(Server):
        async def handle_index(self, request: web.Request) -> Any:
            # The page's links use the address the tablet typed: never 0.0.0.0.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app: web.Application) -> None:
            shown = " or ".join(addresses_to_open(host, port))
            print(f"Diagnum for tablets: open {shown} in the tablet's browser.", flush=True)
            print(f"{LIMITS} Ctrl+C stops.", flush=True)

    return TabletServer(command, host=host, port=port, title="Diagnum")
