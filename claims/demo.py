"""A loopback web server for the bundled example: the article and the pages it cites, by Host."""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

EXAMPLE_DIR: Path = Path(__file__).resolve().parent / "example"

_MANIFEST_NAME = "manifest.json"
_ARTICLE_NAME = "article.html"
_HTTP_PORT = 80
_POLL_SECONDS = 0.05
_HTML = "text/html; charset=utf-8"
_TEXT = "text/plain; charset=utf-8"
_ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
_NOT_FOUND_PAGE = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 Not Found</title></head>\n'
    b"<body><h1>Not Found</h1><p>The requested page does not exist.</p></body></html>\n"
)


@dataclass(frozen=True)
class _Response:
    """One canned answer: status, body and the headers that describe it."""

    status: int
    body: bytes
    content_type: str = _HTML
    last_modified: str | None = None


_NOT_FOUND = _Response(status=404, body=_NOT_FOUND_PAGE)

# Keyed by (host, path): the example's pages live on several hosts behind one port.
_Routes = dict[tuple[str, str], _Response]


@dataclass
class ExampleSite:
    """A running example server and the addresses a crawler needs to reach it."""

    host: str
    port: int
    article_url: str
    hosts: list[str]
    _server: ThreadingHTTPServer | None = field(default=None, repr=False, compare=False)
    _thread: threading.Thread | None = field(default=None, repr=False, compare=False)

    def connect_to(self) -> dict[tuple[str, int], tuple[str, int]]:
        """Map each served host's port 80 to this server, like curl's ``--connect-to``."""
        return {(name, _HTTP_PORT): (self.host, self.port) for name in self.hosts}

    def close(self) -> None:
        """Stop serving and release the port; calling it twice is harmless."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> ExampleSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def example_article_path() -> Path:
    """Return the path of the example article's HTML file."""
    return EXAMPLE_DIR / _ARTICLE_NAME


def serve_example(host: str = "127.0.0.1", port: int = 0) -> ExampleSite:
    """Serve the example from a background thread and return at once; port 0 picks a free port."""
    manifest = _read_manifest(EXAMPLE_DIR)
    routes = _build_routes(EXAMPLE_DIR, _manifest_entries(manifest))
    handler = functools.partial(_ExampleHandler, routes=routes)
    server = ThreadingHTTPServer((host, port), handler)
    # A short poll keeps close() quick: shutdown() waits for the loop's next wake-up.
    serve = functools.partial(server.serve_forever, poll_interval=_POLL_SECONDS)
    thread = threading.Thread(target=serve, name="citevault-example", daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    return ExampleSite(
        host=str(bound_host),
        port=int(bound_port),
        article_url=manifest["article"]["url"],
        hosts=sorted({route_host for route_host, _ in routes}),
        _server=server,
        _thread=thread,
    )


def _read_manifest(example_dir: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((example_dir / _MANIFEST_NAME).read_text("utf-8"))
    return manifest


def _manifest_entries(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    article = {"status": 200, **manifest["article"]}
    return [article, *manifest["pages"]]


def _build_routes(example_dir: Path, entries: list[dict[str, Any]]) -> _Routes:
    routes: _Routes = {}
    for entry in entries:
        routes[_route_key(entry["url"])] = _entry_response(example_dir, entry)
    robots = _Response(status=200, body=_ROBOTS_TXT, content_type=_TEXT)
    for host in {host for host, _ in routes}:
        routes[(host, "/robots.txt")] = robots
    return routes


def _entry_response(example_dir: Path, entry: dict[str, Any]) -> _Response:
    status = int(entry["status"])
    if entry.get("file") is None:
        return _Response(status=status, body=_NOT_FOUND_PAGE)
    return _Response(
        status=status,
        body=(example_dir / entry["file"]).read_bytes(),
        last_modified=_http_date(entry.get("last_modified")),
    )


def _http_date(iso_timestamp: str | None) -> str | None:
    if iso_timestamp is None:
        return None
    return format_datetime(datetime.fromisoformat(iso_timestamp), usegmt=True)


def _route_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "", parts.path or "/")


def _request_key(target: str, host_header: str | None) -> tuple[str, str]:
    # A client using the server as an HTTP proxy sends the absolute URL and it wins over Host.
    if target.startswith(("http://", "https://")):
        return _route_key(target)
    host = urlsplit(f"//{host_header or ''}").hostname or ""
    return (host, urlsplit(target).path or "/")


class _ExampleHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the prepared routes, ignoring query strings."""

    protocol_version = "HTTP/1.1"
    server_version = "citevault-example"
    # Lets idle keep-alive connections end on their own instead of holding a thread forever.
    timeout = 30

    def __init__(self, *args: Any, routes: _Routes, **kwargs: Any) -> None:
        self.routes = routes
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        # The demo's output belongs to citevault; a request log would bury it.
        return

    def _respond(self, *, send_body: bool) -> None:
        key = _request_key(self.path, self.headers.get("Host"))
        response = self.routes.get(key, _NOT_FOUND)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if response.last_modified is not None:
            self.send_header("Last-Modified", response.last_modified)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)
