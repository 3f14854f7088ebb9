"""Loopback web servers for tests: real sockets, real HTTP, routes defined per test."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """A running loopback server; ``url(path)`` gives an address on it."""

    server: ThreadingHTTPServer
    hits: dict[str, int]

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def host(self) -> str:
        return str(self.server.server_address[0])

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    """Answer with a status, headers and a body (Content-Length set unless chunked)."""
    handler.send_response(status)
    headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    for name, value in headers.items():
        handler.send_header(name, value)
    if "Transfer-Encoding" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def html_page(title: str, *paragraphs: str) -> bytes:
    """A small article page with the given paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        f"<footer><a href='/about'>About</a></footer></body></html>"
    ).encode()


def gzipped(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Answer with a gzip Content-Encoding."""
    send(handler, 200, gzip.compress(body), {"Content-Encoding": "gzip"})


def chunked(handler: BaseHTTPRequestHandler, body: bytes, size: int = 100) -> None:
    """Answer with chunked transfer encoding."""
    handler.protocol_version = "HTTP/1.1"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for i in range(0, len(body), size):
        piece = body[i : i + size]
        handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")


def serve(routes: dict[str, Route], host: str = "127.0.0.1") -> Site:
    """Start a threaded server on ``host`` (port 0) answering ``routes`` by path; 404 elsewhere."""
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            hits[path] = hits.get(path, 0) + 1
            route = routes.get(path)
            if route is None:
                send(self, 404, b"<html><body><p>Not found</p></body></html>")
            else:
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Site(server, hits)


@dataclass
class RawSite:
    """A TCP server whose connections are handed to a function as they come: for broken servers."""

    sock: socket.socket
    connections: list[int]

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> RawSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve_raw(handle: Callable[[socket.socket], None]) -> RawSite:
    """Accept connections on loopback and let ``handle`` misbehave on each, in its own thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    site = RawSite(listener, [])

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            site.connections.append(1)
            threading.Thread(target=_handle_quietly, args=(handle, conn), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return site


def _handle_quietly(handle: Callable[[socket.socket], None], conn: socket.socket) -> None:
    try:
        conn.recv(65536)
        handle(conn)
    except OSError:
        pass
    finally:
        conn.close()
