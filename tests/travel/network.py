"""The network between a laptop and the team's PostgreSQL server, as a test controls it: a real
TCP path on a port of its own that forwards byte for byte, absent until `come_back()`, and able
to drop every connection the moment the client sends a given statement (`cut_on`), before the
server sees it — the network going away in the middle of a push.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
from pathlib import Path

import keyring
from pg_server import free_port
from sqlalchemy import text

from fieldvisit.secrets import SERVICE_NAME
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_workspace
from tests.travel.team_rows import Team


class _Pipe(socketserver.BaseRequestHandler):
    """One client connection carried to the real server and back."""

    def handle(self) -> None:
        network: Network = self.server.network  # type: ignore[attr-defined]
        with socket.create_connection(network.target) as upstream:
            ends = (self.request, upstream)

            def pump(src: socket.socket, dst: socket.socket, *, from_client: bool) -> None:
                try:
                    while data := src.recv(65536):
                        if from_client and network.cut_on and network.cut_on in data:
                            network.cut_seen.set()
                            return  # dropped here: the server never sees it
                        dst.sendall(data)
                except OSError:
                    pass
                finally:
                    for end in ends:
                        with contextlib.suppress(OSError):
                            end.shutdown(socket.SHUT_RDWR)

            back = threading.Thread(
                target=pump, args=(upstream, self.request), kwargs={"from_client": False}
            )
            back.daemon = True
            back.start()
            pump(self.request, upstream, from_client=True)
            back.join(10)


class Network:
    """The way to the team's server through `port`: down until `come_back()`."""

    def __init__(self, target: tuple[str, int]):
        self.port = free_port()
        self.target = target
        self.cut_on: bytes | None = None
        self.cut_seen = threading.Event()
        self.server: socketserver.ThreadingTCPServer | None = None

    def come_back(self) -> None:
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), _Pipe)
        server.daemon_threads = True
        server.network = self  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.server = server

    def go_away(self) -> None:
        """No new connections (the ones open end as they end)."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    close = go_away


def point_at(copy: Path, team: Team, port: int, user: str | None = None) -> None:
    """Make the copy's team address go through `port` (the password kept for it as well)."""
    real = parse_team_url(team.url)
    via = real.label.replace(f":{real.port}/", f":{port}/")
    if user is not None:
        via = via.replace(f"//{real.user}@", f"//{user}@")
    else:
        password = keyring.get_password(SERVICE_NAME, real.secret_key)
        keyring.set_password(SERVICE_NAME, parse_team_url(via).secret_key, password or "")
    with open_workspace(copy) as ws, ws.begin() as conn:
        conn.execute(
            text("UPDATE setting SET value = :v WHERE key = 'travel.source'"),
            {"v": json.dumps(via)},
        )
