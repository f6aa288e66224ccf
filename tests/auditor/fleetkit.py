"""Shared by the daemon and worker tests: a local farm of org sites, an SMTP sink,
and a way to start `auditor` commands as real subprocesses.

The sites are the bundled demo sites (real, trimmed pages) served by a real HTTP server
on loopback; copy ``k`` of site ``name`` is served at ``/name-k/`` so a test can have
as many distinct orgs as it needs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message as EmailMessage
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from auditor.models import Organization
from auditor.registry import save_orgs
from auditor.resources import demo_dir
from auditor.store import Store

SITES = ("brightpath", "chatterbox", "pixelpals", "mathmate", "riskyrobot")


class FarmLoad:
    """Requests the farm is serving at once, and the most it ever served at once."""

    def __init__(self) -> None:
        self.active = self.peak = self.total = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.active += 1
            self.total += 1
            self.peak = max(self.peak, self.active)

    def leave(self) -> None:
        with self._lock:
            self.active -= 1


class _Handler(SimpleHTTPRequestHandler):
    latency_s = 0.0
    load: FarmLoad | None = None

    def translate_path(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) > 1 and "-" in parts[1]:
            parts[1] = parts[1].rsplit("-", 1)[0]  # copy k of a site serves the same files
        return super().translate_path("/".join(parts))

    _counted = False

    def _count_out(self) -> None:
        if self._counted and self.load is not None:
            self._counted = False
            self.load.leave()

    def end_headers(self) -> None:
        # counted out before anything reaches the client: a client holding the whole
        # response may send its next request at once, which must not find this one still
        # counted. An error page or a redirect is written whole inside `send_head`, so
        # counting out after it returned let a loaded machine see two requests at once.
        self._count_out()
        super().end_headers()

    def do_GET(self) -> None:
        body = None
        if self.load is not None:
            self.load.enter()
            self._counted = True
        try:
            if self.latency_s:
                time.sleep(self.latency_s)
            body = self.send_head()
        finally:
            self._count_out()
        if body is not None:
            try:
                self.copyfile(body, self.wfile)
            finally:
                body.close()

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client was killed mid-request: that is what these tests do

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@contextmanager
def org_farm(latency_s: float = 0.0, load: FarmLoad | None = None) -> Iterator[str]:
    """Serve the demo sites on 127.0.0.1; yields the base URL. `load` counts requests."""
    handler = type("Handler", (_Handler,), {"latency_s": latency_s, "load": load})
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(demo_dir())))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def farm_orgs(base: str, count: int, *, prefix: str = "") -> list[Organization]:
    """`count` distinct orgs over the demo sites (under-13 audiences, US, standard tier).

    With a `prefix` the ids are short (``prefix07``): audit and finding ids embed the org id.
    """
    orgs = []
    for i in range(count):
        site = SITES[i % len(SITES)]
        slug = f"{site}-{i // len(SITES) + 1}"
        orgs.append(Organization(
            id=f"{prefix}{i:02d}" if prefix else slug, name=f"{site.title()} {i // len(SITES) + 1}",
            url=f"{base}/{slug}/", contact_email=f"compliance@{site}.example",
            audience="under13" if site != "riskyrobot" else "teens",
            jurisdictions=["US"], tier="standard"))
    return orgs


def register(store: Store, orgs: list[Organization]) -> None:
    save_orgs(store, orgs, datetime.now(UTC))


class SmtpSink:
    """A real SMTP server (aiosmtpd) that keeps every message it accepts."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.messages.append(message_from_bytes(envelope.content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in (m.get("To") or "")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def auditor_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """Environment for an `auditor` subprocess: light (no browser), loopback allowed."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AUDITOR_") or k.startswith("AUDITOR_TEST_")}
    env.update({"AUDITOR_DATA_DIR": str(data_dir), "AUDITOR_TESTING": "true",
                "AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS": "true",
                "AUDITOR_CRAWL_BROWSER": "never", "AUDITOR_CRAWL_PER_HOST_CONCURRENCY": "8",
                "PYTHONUNBUFFERED": "1"})
    env.update(settings)
    return env


def start_auditor(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "auditor", *args], env=env,
                                stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_for(condition: Callable[[], bool], timeout: float, what: str,
             poll: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
