"""Where the tests find their services: Chromium, PostgreSQL, Redis.

A missing service skips a test on a developer's machine and fails it under
``CI=true``, where .ci/run must have installed and started it. Tests that stop and
restart a database or a broker start their own (:class:`PrivatePostgres`,
:class:`PrivateRedis`) on other loopback ports, so the shared servers other tests
use are never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, what: str) -> None:
    """Skip without `what` locally; fail in CI, where it must be present."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is missing")
    pytest.skip(f"{what} is not available")


def chromium_path() -> str | None:
    """The Chromium a run would launch (``AUDITOR_CRAWL_BROWSER_PATH``, else the product's
    own search), so the tests render in the build users get."""
    from auditor.crawl.browser import find_browser
    from auditor.settings import load_settings

    return find_browser(load_settings())




def free_port(preferred: int = 0) -> int:
    """`preferred` when nothing listens there on 127.0.0.1, else a free port."""
    for port in ((preferred, 0) if preferred else (0,)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


def _pg_bindir() -> Path | None:
    """Where initdb and pg_ctl live: $AUDITOR_TEST_PG_BINDIR, Debian's newest, or PATH."""
    given = os.environ.get("AUDITOR_TEST_PG_BINDIR")
    candidates = [Path(given)] if given else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(str(shutil.which("initdb"))).parent)
    return next((c for c in candidates if (c / "initdb").exists() and (c / "pg_ctl").exists()),
                None)


class PrivatePostgres:
    """A PostgreSQL server of one test's own, in a temporary directory on its own port.

    Tests that stop and start the database use this one, never the shared server other
    tests rely on. As root (CI) the server runs as the ``postgres`` user, since
    PostgreSQL refuses to run as root. Authentication is ``trust`` on loopback only.
    """

    def __init__(self, port: int = 55432) -> None:
        bindir = _pg_bindir()
        need(bindir is not None, "PostgreSQL server programs (initdb, pg_ctl)")
        assert bindir is not None
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        need(not self.as_root or shutil.which("runuser") is not None, "runuser (util-linux)")
        self.dir = Path(tempfile.mkdtemp(prefix="auditor-pg-"))
        # A name of its own: the store migrates a URL once per process, and the next
        # test's server may get the same port, so the same name would skip its migration.
        self.database = f"auditor_{uuid.uuid4().hex[:12]}"
        self.data = self.dir / "data"
        try:
            if self.as_root:
                import pwd

                owner = pwd.getpwnam("postgres")
                os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self._run("initdb", "-D", str(self.data), "-U", "auditor", "-A", "trust",
                      "-E", "UTF8", "--no-locale", "--no-sync")
            for tries_left in (2, 1, 0):  # another run may take the port meanwhile
                self.port = free_port(port)
                try:
                    self.start()
                    break
                except subprocess.CalledProcessError:
                    if not tries_left:
                        raise
                    port = 0
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "auditor",
                      self.database)
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://auditor@127.0.0.1:{self.port}/{self.database}"

    def _run(self, program: str, *args: str) -> None:
        cmd = [str(self.bindir / program), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
                   "-c fsync=off -c full_page_writes=off -c max_connections=100")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                  "-t", "60", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: sessions are ended, as on a restart)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A Redis server of one test's own (no persistence) on its own loopback port.

    :meth:`kill` shuts it down without saving, :meth:`start` brings it back empty:
    what a broker without persistence does on a restart.
    """

    def __init__(self, port: int = 56379) -> None:
        server = shutil.which("redis-server")
        need(server is not None and shutil.which("redis-cli") is not None,
             "redis-server and redis-cli")
        assert server is not None
        self.server = server
        self.dir = Path(tempfile.mkdtemp(prefix="auditor-redis-"))
        try:
            for tries_left in (2, 1, 0):  # another run may take the port meanwhile
                self.port = free_port(port)
                try:
                    self.start()
                    break
                except (subprocess.CalledProcessError, RuntimeError):
                    if not tries_left:
                        raise
                    port = 0
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
                              capture_output=True, text=True, timeout=30)

    def start(self) -> None:
        subprocess.run([self.server, "--port", str(self.port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--daemonize", "yes",
                        "--dir", str(self.dir), "--pidfile", str(self.dir / "redis.pid"),
                        "--logfile", str(self.dir / "redis.log")], check=True, timeout=30)
        deadline = time.monotonic() + 30
        while not self._ours():
            if time.monotonic() > deadline:
                raise RuntimeError(f"our redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def _ours(self) -> bool:
        """Whether the server answering on the port is the one this object started (a
        daemonized server that failed to bind leaves the port to whoever holds it)."""
        try:
            pid = (self.dir / "redis.pid").read_text().strip()
        except OSError:
            return False
        info = self._cli("info", "server").stdout
        return f"process_id:{pid}" in info.replace("\r", "")

    def kill(self) -> None:
        """``SHUTDOWN NOSAVE``: the server exits and everything it held is gone."""
        if not self._ours():
            raise RuntimeError(f"the server on port {self.port} is not this test's")
        self._cli("shutdown", "nosave")
        deadline = time.monotonic() + 30
        while self._cli("ping").returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        (self.dir / "redis.pid").unlink(missing_ok=True)

    def close(self) -> None:
        if self._ours():
            self._cli("shutdown", "nosave")
        shutil.rmtree(self.dir, ignore_errors=True)
