"""A real HTTP server on loopback whose routes each test writes (threads, port 0)."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Callable
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """Routes by path; counts requests so a test can prove what was (not) fetched."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: dict[str, int] = {}
        self.sent: dict[str, int] = {}
        site = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                path = self.path
                site.hits[path] = site.hits.get(path, 0) + 1
                route = site.routes.get(path) or site.routes.get(path.split("?")[0])
                if route is None:
                    site.reply(self, 404, "<html><body>not found</body></html>")
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), _H)
        self.server.daemon_threads = True
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @staticmethod
    def reply(h: BaseHTTPRequestHandler, status: int, body: str | bytes,
              ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def page(self, path: str, body: str | bytes, status: int = 200,
             ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.routes[path] = lambda h: self.reply(h, status, body, ctype, headers)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def html(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><head><title>{title}</title></head>"
            f"<body>{body}</body></html>")


def twin_sites(first: str, second: str) -> tuple[Site, Site]:
    """Two servers on the same port of two loopback addresses (a name that rebinds from
    one to the other keeps its port)."""
    for _ in range(20):
        one = Site(first)
        try:
            return one, Site(second, one.port)
        except OSError:
            one.close()
    raise RuntimeError("no port free on both addresses")


def rebind(monkeypatch: Any, name: str, first: str, then: str) -> list[str]:
    """Make `name` resolve to `first` on its first lookup and to `then` on every later one
    (DNS rebinding), for every resolver in the process; returns the answers given."""
    real = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in (name, name.encode()):
            answers.append(first if not answers else then)
            return real(answers[-1], port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@lru_cache(maxsize=2)
def double_gzip_bomb(size: int) -> bytes:
    """`size` zero bytes gzipped twice: a few KB on the wire (``Content-Encoding: gzip, gzip``)."""
    return gzip.compress(gzip.compress(bytes(size), 9), 9)
