"""One app window per workspace: a lock file, and a local socket to bring the first window forward.

The lock lives in the data folder under a name derived from the workspace's full path, so two
different workspaces can be open side by side while a second start on the same one finds the
first instance, asks it to raise its window, and quits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from fieldvisit.app_id import APP_ID
from fieldvisit.paths import app_lock_path

RAISE_MESSAGE = b"raise\n"
CONNECT_TIMEOUT_MS = 1500


def _key(workspace: Path) -> str:
    resolved = str(Path(workspace).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:20]


def lock_path(workspace: Path) -> Path:
    """Return the lock file that marks `workspace` as open in an app window (folder created).

    The name is the core's (`paths.app_lock_path`), so the command line and restore
    can tell that a window has the workspace open.
    """
    path = app_lock_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def server_name(workspace: Path) -> str:
    """Return the local-socket name the window on `workspace` listens on (the app id's)."""
    return f"{APP_ID}.{_key(workspace)}"


class WorkspaceLock(QObject):
    """Holds a workspace for this process; `raise_requested` fires when another start asks."""

    raise_requested = Signal()

    def __init__(self, workspace: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = Path(workspace)
        self._lock = QLockFile(str(lock_path(self.workspace)))
        # A crashed instance leaves its lock behind; QLockFile treats it as stale when the
        # process that wrote it is gone. Never time out a live instance's lock.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._sockets: list[QLocalSocket] = []

    def acquire(self) -> bool:
        """Take the lock (True) or learn that another instance holds it (False)."""
        if not self._lock.tryLock(0):
            return False
        self._listen()
        return True

    def holder(self) -> str:
        """Return who holds the lock, in words ("process 4242 on laptop")."""
        info = self._lock.getLockInfo()
        # PySide6 returns (pid, host, app); it may prepend an ok flag in other versions.
        if isinstance(info, tuple) and len(info) == 4:
            info = info[1:] if info[0] else ()
        if not isinstance(info, tuple) or len(info) != 3 or not info[0]:
            return "another Field Visit window"
        pid, host, _app = info
        return f"process {pid} on {host or 'this computer'}"

    def release(self) -> None:
        """Give the workspace back (on quit or when switching workspaces)."""
        for socket in self._sockets:
            socket.readyRead.disconnect(self._on_ready)
            socket.disconnected.disconnect(self._on_gone)
            socket.abort()
            socket.deleteLater()
        self._sockets.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _listen(self) -> None:
        name = server_name(self.workspace)
        server = QLocalServer(self)
        # A server left over from a crash would make listen() fail on Unix.
        QLocalServer.removeServer(name)
        if server.listen(name):
            server.newConnection.connect(self._on_connection)
            self._server = server

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            # Owned by this object, so it goes when the lock goes, never before its signals.
            socket.setParent(self)
            self._sockets.append(socket)
            socket.readyRead.connect(self._on_ready)
            socket.disconnected.connect(self._on_gone)

    def _on_ready(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        data = bytes(socket.readAll().data())
        if RAISE_MESSAGE.strip() in data:
            self.raise_requested.emit()
            socket.write(b"ok\n")
            socket.flush()

    def _on_gone(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._sockets:
            self._sockets.remove(socket)
            socket.deleteLater()


def ask_first_instance_to_raise(workspace: Path) -> bool:
    """Ask the window already open on `workspace` to come forward; True when it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(workspace))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(RAISE_MESSAGE)
    socket.flush()
    answered = socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return answered
