"""A loopback listener that counts every connection made to it and answers with a secret.

Tests point a hostile page at it (frames, fetches, WebSockets, images) and then
assert that nothing ever connected and that the secret is nowhere in the evidence.
"""

from __future__ import annotations

import socket
import threading

SECRET = "CANARY-SECRET-7f3a9c"


class Canary:
    """Accepts on `host`, counts connections, answers any request with :data:`SECRET`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.connections = 0
        self.requests: list[bytes] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        self.host, self.port = host, self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            with conn:
                conn.settimeout(0.5)
                try:
                    self.requests.append(conn.recv(4096)[:200])
                except OSError:
                    pass
                body = f"<html><body><p>{SECRET}</p></body></html>".encode()
                try:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                 b"Access-Control-Allow-Origin: *\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
                                 + body)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


class UdpCanary:
    """Counts datagrams sent to a UDP port on `host` (STUN/TURN from WebRTC)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.datagrams = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind((host, 0))
        self._sock.settimeout(0.1)
        self.host, self.port = host, self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                self._sock.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            self.datagrams += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()
