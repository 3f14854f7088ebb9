"""The network layer under httpx: connection overrides, the SSRF guard and DNS errors named."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Mapping
from typing import Any

import httpcore

from .errors import BlockedAddress, FetchError

ConnectTo = Mapping[tuple[str, int], tuple[str, int]]


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
                return await self._inner.connect_tcp(
                    address,
                    target_port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
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
