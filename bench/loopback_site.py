"""A loopback news site for benchmarks: deterministic HTML pages, served from another process."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

SECTIONS = ("world", "politics", "business", "science", "health", "culture", "sport", "opinion")
MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
_SYLLABLES = (
    "ka lo mi ren tor sa vel dan or ist ple cor na ther gu bri sel mon ta we "
    "al be chi dro em fa gri ho in ju ki lum mar nes ol pra qui ros stu val"
).split()
_FUNCTION_WORDS = (
    "the of and to in a that is was for on with as by at from said after before which "
    "their has have were but not also its this more than over about into when would"
).split()
_REPORTING = ("said", "told reporters", "wrote", "announced", "confirmed", "denied")
_SENTENCE_POOL = 8000
_VOCABULARY = 3000
_STARTUP_TIMEOUT = 120.0


@dataclass
class Site:
    """A running site: its port, the server's process id and every page's URL."""

    port: int
    pid: int
    urls: list[str]

    def cpu_seconds(self) -> float:
        """CPU (user + system) the server process has used so far; 0.0 off Linux."""
        try:
            with open(f"/proc/{self.pid}/stat") as stat:
                # The command name may hold spaces, so count fields after its closing parenthesis.
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _word(rng: random.Random) -> str:
    return "".join(rng.choices(_SYLLABLES, k=rng.choice((1, 2, 2, 3, 3, 4))))


def _vocabulary(rng: random.Random) -> list[str]:
    return [_word(rng) for _ in range(_VOCABULARY)]


def _name(rng: random.Random, words: list[str]) -> str:
    return f"{rng.choice(words).title()} {rng.choice(words).title()}"


def _date_phrase(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}"


def _sentence(rng: random.Random, words: list[str]) -> str:
    """A sentence of pseudo-words with the dates, names and figures news text carries."""
    body = [
        rng.choice(_FUNCTION_WORDS) if rng.random() < 0.4 else rng.choice(words)
        for _ in range(rng.randint(8, 28))
    ]
    extra = rng.random()
    if extra < 0.2:
        body.insert(rng.randint(0, len(body)), f"on {_date_phrase(rng)}")
    elif extra < 0.35:
        body.insert(rng.randint(0, len(body)), f"{rng.randint(2, 9000):,}")
    elif extra < 0.5:
        body += [_name(rng, words), rng.choice(_REPORTING)]
    text = " ".join(body)
    return text[0].upper() + text[1:] + "."


def _sentence_pool(seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    words = _vocabulary(rng)
    return words, [_sentence(rng, words) for _ in range(_SENTENCE_POOL)]


def page_path(index: int, rng: random.Random, words: list[str]) -> tuple[str, str]:
    """A distinct path and headline for page ``index``."""
    title_words = [rng.choice(words) for _ in range(rng.randint(5, 9))]
    slug = "-".join(title_words[:6])
    section = SECTIONS[index % len(SECTIONS)]
    title = " ".join(title_words).capitalize()
    return f"/news/{section}/{2015 + index % 10}/{index:05d}-{slug}.html", title


def _paragraph(rng: random.Random, sentences: list[str], paths: list[str]) -> str:
    chosen = rng.sample(sentences, rng.randint(2, 6))
    if rng.random() < 0.3:
        words = chosen[-1].split()
        cut = rng.randint(1, max(1, len(words) - 3))
        anchor = " ".join(words[cut : cut + 3])
        link = f'<a href="{rng.choice(paths)}">{anchor}</a>'
        chosen[-1] = " ".join([*words[:cut], link, *words[cut + 3 :]])
    return "<p>" + " ".join(chosen) + "</p>\n"


def _head(title: str, path: str, summary: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} | The Evening Ledger</title>\n"
        f'<meta name="description" content="{summary}">\n'
        f'<meta property="og:title" content="{title}">\n'
        '<meta property="og:type" content="article">\n'
        f'<link rel="canonical" href="{path}">\n<link rel="stylesheet" href="/static/site.css">\n'
        '<script src="/static/app.js" defer></script>\n</head>\n<body>\n<header><nav><ul>\n'
        + "".join(f'<li><a href="/news/{s}/">{s.title()}</a></li>\n' for s in SECTIONS)
        + "</ul></nav></header>\n"
    )


def _headline_of(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".html").split("-", 1)[-1].replace("-", " ")


def page_frame(
    rng: random.Random, words: list[str], sentences: list[str], paths: list[str], index: int
) -> tuple[str, str, str]:
    """Page ``index``'s path and the HTML before and after its article text."""
    path, title = page_path(index, rng, words)
    byline = f'<p class="byline">By {_name(rng, words)} | <time>{_date_phrase(rng)}</time></p>\n'
    related = "".join(
        f'<li><a href="{p}">{_headline_of(p)}</a></li>\n'
        for p in rng.sample(paths, min(5, len(paths)))
    )
    head = _head(title, path, rng.choice(sentences)) + f"<main><article><h1>{title}</h1>\n{byline}"
    tail = (
        f"</article>\n<aside><h2>Related</h2><ul>\n{related}</ul></aside>\n</main>\n"
        '<footer><p>&copy; The Evening Ledger</p><a href="/about">About</a> '
        '<a href="/contact">Contact</a></footer>\n</body>\n</html>\n'
    )
    return path, head, tail


def build_pages(pages: int, size_kb: int, seed: int) -> dict[str, bytes]:
    """Every page of the site, {path: HTML}, each about ``size_kb`` KB; the same for one seed."""
    words, sentences = _sentence_pool(seed)
    text_rng = random.Random(seed + 1)
    paths = [page_path(i, _page_rng(seed, i), words)[0] for i in range(pages)]
    site: dict[str, bytes] = {}
    for index in range(pages):
        path, head, tail = page_frame(_page_rng(seed, index), words, sentences, paths, index)
        room = size_kb * 1024 - len(head) - len(tail)
        body: list[str] = []
        while room > 0:
            body.append(_paragraph(text_rng, sentences, paths))
            room -= len(body[-1])
        site[path] = (head + "".join(body) + tail).encode()
    return site


def _page_rng(seed: int, index: int) -> random.Random:
    # One generator per page, so a page's path is known before any page is built.
    return random.Random(seed * 7919 + index)


def _response(body: bytes, status: str = "200 OK", content_type: str = "text/html") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nServer: bench-site\r\nDate: Mon, 04 Mar 2024 10:00:00 GMT\r\n"
        f"Content-Type: {content_type}; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
        "Last-Modified: Mon, 04 Mar 2024 09:00:00 GMT\r\nCache-Control: max-age=300\r\n\r\n"
    )
    return head.encode() + body


# What every page embeds, and a robots.txt that allows everything, as a real site has.
_SUPPORT = {
    b"/robots.txt": _response(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
    b"/static/site.css": _response(b"body { font: 16px/1.5 serif; }\n", content_type="text/css"),
    b"/static/app.js": _response(
        b"document.documentElement.className = 'js';\n", content_type="text/javascript"
    ),
}
_NOT_FOUND = _response(b"<html><body><h1>Not found</h1></body></html>\n", "404 Not Found")


class _SiteProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive over prebuilt responses: the server must never be the bottleneck."""

    def __init__(self, responses: dict[bytes, bytes]) -> None:
        self._responses = responses
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head, self._buffer = self._buffer[:end], self._buffer[end + 4 :]
            self._answer(head)

    def _answer(self, head: bytes) -> None:
        assert self._transport is not None
        parts = head.split(b"\r\n", 1)[0].split(b" ")
        path = parts[1] if len(parts) >= 2 else b""
        self._transport.write(self._responses.get(path, _NOT_FOUND))
        if b"\r\nconnection: close" in head.lower():
            self._transport.close()


async def _serve_until_orphaned(sock: socket.socket, responses: dict[bytes, bytes]) -> None:
    parent = os.getppid()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _SiteProtocol(responses), sock=sock)
    async with server:
        # A parent killed outright cannot stop us, so stop when it is gone.
        while os.getppid() == parent:
            await asyncio.sleep(0.5)


def _serve(sock: socket.socket, pages: int, size_kb: int, seed: int, ready: Connection) -> None:
    # Ctrl-C reaches the whole process group; the parent stops the server itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    site = build_pages(pages, size_kb, seed)
    responses = {path.encode(): _response(html) for path, html in site.items()} | _SUPPORT
    ready.send(list(site))
    ready.close()
    asyncio.run(_serve_until_orphaned(sock, responses))


@contextmanager
def serve_site(pages: int, size_kb: int, seed: int = 1) -> Iterator[Site]:
    """Serve the site on 127.0.0.1 from a child process (its CPU is not the client's)."""
    sock = socket.create_server(("127.0.0.1", 0), backlog=1024)
    port = sock.getsockname()[1]
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_serve, args=(sock, pages, size_kb, seed, sender), daemon=True
    )
    process.start()
    sock.close()
    sender.close()
    try:
        if not receiver.poll(_STARTUP_TIMEOUT):
            raise RuntimeError("the benchmark site did not start")
        paths: list[str] = receiver.recv()
        assert process.pid is not None
        yield Site(port, process.pid, [f"http://127.0.0.1:{port}{p}" for p in paths])
    finally:
        receiver.close()
        process.terminate()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


async def _fetch_share(port: int, paths: list[str]) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    received = 0
    try:
        for path in paths:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            received += len(await reader.readexactly(length))
    finally:
        writer.close()
        await writer.wait_closed()
    return received


async def _fetch_all(port: int, paths: list[str], connections: int) -> int:
    shares = [paths[i::connections] for i in range(connections)]
    return sum(await asyncio.gather(*(_fetch_share(port, share) for share in shares)))


def measure_site(site: Site, connections: int = 8) -> tuple[float, float]:
    """Fetch every page over keep-alive connections at once: (pages/s, MB/s) the site sustains."""
    paths = ["/" + url.split("/", 3)[3] for url in site.urls]
    start = time.perf_counter()
    received = asyncio.run(_fetch_all(site.port, paths, connections))
    elapsed = time.perf_counter() - start
    return len(paths) / elapsed, received / 1e6 / elapsed
