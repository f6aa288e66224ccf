"""A loopback web server for the bundled demo organization sites (and tests)."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from auditor.resources import demo_dir

DEMO_ORGS = ("brightpath", "chatterbox", "pixelpals", "mathmate", "riskyrobot")
DEMO_PORT = 8731
"""Where the demo sites are served when the port is free: a fixed address keeps the
demo orgs' URLs, and so the pages compared between their audits, the same from run
to run."""


class _SitesHandler(SimpleHTTPRequestHandler):
    """Serves only the org folders, plus a permissive robots.txt."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if path.strip("/").split("/", 1)[0] not in DEMO_ORGS:
            self.send_error(404)
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        return


class SiteServer:
    """Serve `root` on 127.0.0.1 in a background thread, on `port` when it is free, else on
    any free port."""

    def __init__(self, root: Path | None = None, port: int = 0) -> None:
        handler = partial(_SitesHandler, directory=str(root or demo_dir()))
        try:
            self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{name}:{port}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
