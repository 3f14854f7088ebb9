"""The network layer under httpx: connection overrides, the SSRF guard and DNS errors named."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore
from httpcore._utils import is_socket_readable

from .errors import BlockedAddress, FetchError
from .options import ConnectTo

READABLE_TTL = 0.02


def is_public_address(address: str) -> bool:
    """True when an IP address is globally routable (not private, loopback, link-local, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def resolve(host: str, port: int) -> list[str]:
    """Every address a host name resolves to (an IP literal resolves to itself)."""
    if _is_ip_literal(host):
        return [host]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns", f"cannot resolve host {host!r}: {exc}") from exc
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError("dns", f"host {host!r} has no address")
    return addresses


class _Stream(httpcore.AsyncNetworkStream):
    """A connection whose socket details are looked up once, not on every pool check.

    httpcore asks each pooled connection for ``is_readable`` every time it assigns a request,
    and anyio rebuilds its whole attribute table (a ``getpeername`` call included) per question.
    """

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._info = {
            name: inner.get_extra_info(name)
            for name in ("socket", "server_addr", "client_addr", "ssl_object")
        }
        self._readable = False
        self._readable_at = 0.0

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # The pool asks for every idle connection at every request; an answer a few
            # milliseconds old is as good (a connection found dead later is retried).
            now = time.monotonic()
            if now - self._readable_at > READABLE_TTL:
                self._readable = is_socket_readable(self._info["socket"])
                self._readable_at = now
            return self._readable
        return self._info.get(info)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve each connection's host, refuse non-public addresses, connect to what was checked.

    Checking the resolved address (not the name) and then connecting to that very address closes
    the DNS-rebinding gap; since httpx opens a connection per redirect hop, every hop is checked.
    ``connect_to`` maps (host, port) to another (host, port), like curl's ``--connect-to``.
    """

    def __init__(self, *, allow_private: bool = False, connect_to: ConnectTo | None = None) -> None:
        self.allow_private = allow_private
        self.connect_to = dict(connect_to or {})
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        target_host, target_port = self.connect_to.get((host.lower(), port), (host, port))
        addresses = await resolve(target_host, target_port)
        if not self.allow_private:
            refused = [a for a in addresses if not is_public_address(a)]
            if refused:
                raise BlockedAddress(
                    f"{host} resolves to non-public address {refused[0]}; "
                    "pass --allow-private to archive private or loopback hosts"
                )
        last_error: Exception | None = None
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    target_port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return _Stream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are never archived")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
