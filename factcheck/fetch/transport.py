"""httpx transports that only connect where the address policy allows, to the address they
checked, and that keep one deadline for the whole fetch.

Why a network backend, and not a check of the URL or of the connected socket:

- Checking the URL's host before the request is not enough: a name can resolve to 10.0.0.1,
  a redirect can point anywhere, and a name can resolve to a public address for the check and
  to a private one a moment later for the connection (DNS rebinding).
- Checking the peer of an established connection is too late: the connection attempt (a SYN
  to 169.254.169.254, say) is already what must not happen.

So the transports hand httpcore a network backend whose `connect_tcp` resolves the host once
(getaddrinfo), refuses (AddressRefused, before any socket is opened) if ANY address is not
allowed, and then connects to the checked IP addresses themselves, in order. httpcore still
knows the connection by its host name, so the Host header, TLS SNI and certificate checks use
the name as usual. Every connection goes through it (first request and each redirect hop
alike); a reused keep-alive connection is one whose address was checked when it was opened.
Proxies from the environment are not used: through a proxy we would check the proxy's address,
not the page's.

The deadline: httpx timeouts are per socket operation, so a server that sends a byte every few
seconds (headers or body) never trips them. The sync backend's streams therefore cut every
operation's timeout down to what is left of the current fetch's deadline (`deadline_at`, a
context variable the fetch sets), and name resolution runs in a helper thread waited on for
that long. The async path needs none of this: `asyncio.wait_for` around the whole request
cancels whatever it waits for.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from ipaddress import ip_address
from typing import Any
from urllib.parse import unquote

import httpcore
import httpx

from factcheck.fetch.addresses import AddressPolicy

# time.monotonic() by which the current fetch must be over; None outside a fetch.
_DEADLINE: ContextVar[float | None] = ContextVar("factcheck_fetch_deadline", default=None)
_RESOLVE_TIMEOUT = 10.0


@contextlib.contextmanager
def deadline_at(when: float) -> Iterator[None]:
    """Every socket operation of the sync transport in this block ends by `when`."""
    token = _DEADLINE.set(when)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` cut to what is left of the deadline; `expired` once nothing is left."""
    when = _DEADLINE.get()
    if when is None:
        return timeout
    left = when - time.monotonic()
    if left <= 0.001:  # a socket timeout of 0 would mean non-blocking, not "now"
        raise expired("the whole-fetch deadline has passed")
    return left if timeout is None else min(timeout, left)


def _host_for_lookup(host: str) -> str:
    # An IPv6 zone in a URL is percent-encoded ([fe80::1%25eth0]).
    return unquote(host) if ":" in host else host


def _addresses(infos: Iterable[tuple[Any, ...]]) -> list[str]:
    return [str(info[4][0]) for info in infos]


def _is_ip(host: str) -> bool:
    try:
        ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """getaddrinfo, waited on for at most `timeout` seconds (it cannot be interrupted, so it
    runs in a daemon thread that is left behind if it hangs)."""
    if _is_ip(host):
        return [host]
    found: list[list[str]] = []
    failed: list[OSError] = []

    def look_up() -> None:
        try:
            found.append(_addresses(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))
        except OSError as exc:
            failed.append(exc)

    worker = threading.Thread(target=look_up, name="factcheck-resolve", daemon=True)
    worker.start()
    worker.join(_RESOLVE_TIMEOUT if timeout is None else timeout)
    if failed:
        raise httpcore.ConnectError(f"name resolution failed: {failed[0]}")
    if not found:
        raise httpcore.ConnectTimeout("name resolution timed out")
    return found[0]


class _DeadlineStream(httpcore.NetworkStream):
    """A sync stream whose every read and write ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # CPython's handshake honours the socket timeout as a deadline for the whole handshake.
        return _DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class CheckedBackend(httpcore.NetworkBackend):
    """Resolve, check every address, connect to a checked one (see the module docstring)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        host = _host_for_lookup(host)
        addresses = _resolve(host, port, _bounded(timeout, httpcore.ConnectTimeout))
        checked = self.policy.check(host, addresses)
        last: Exception | None = None
        for address in checked:
            try:
                stream = self._inner.connect_tcp(
                    address, port, _bounded(timeout, httpcore.ConnectTimeout), local_address,
                    socket_options)
            except httpcore.ConnectError as exc:  # try the next address, as browsers do
                last = exc
                continue
            return _DeadlineStream(stream)
        raise last or httpcore.ConnectError(f"{host}: no address to connect to")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("fetching over a Unix socket is not supported")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class CheckedAsyncBackend(httpcore.AsyncNetworkBackend):
    """The async twin: resolution in the event loop's resolver thread, then the same check."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None
                          ) -> httpcore.AsyncNetworkStream:
        host = _host_for_lookup(host)
        if _is_ip(host):
            addresses = [host]
        else:
            try:
                infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM), timeout or _RESOLVE_TIMEOUT)
            except TimeoutError:
                raise httpcore.ConnectTimeout("name resolution timed out") from None
            except OSError as exc:
                raise httpcore.ConnectError(f"name resolution failed: {exc}") from None
            addresses = _addresses(infos)
        checked = self.policy.check(host, addresses)
        last: Exception | None = None
        for address in checked:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address,
                                                     socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"{host}: no address to connect to")

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("fetching over a Unix socket is not supported")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _pool_options(limits: httpx.Limits) -> dict[str, Any]:
    return {"max_connections": limits.max_connections,
            "max_keepalive_connections": limits.max_keepalive_connections,
            "keepalive_expiry": limits.keepalive_expiry}


class CheckedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the checked backend (HTTP/1.1, TLS
    verified as usual, no proxies)."""

    def __init__(self, policy: AddressPolicy, pool: httpx.Limits | None = None) -> None:
        ssl_context = httpx.create_ssl_context()
        super().__init__(verify=ssl_context, trust_env=False)
        # HTTPTransport has no parameter for a network backend: its pool is swapped for one
        # made the same way with ours (handle_request only uses self._pool).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=CheckedBackend(policy),
            **_pool_options(pool or httpx.Limits()))


class CheckedAsyncTransport(httpx.AsyncHTTPTransport):
    def __init__(self, policy: AddressPolicy, pool: httpx.Limits | None = None) -> None:
        ssl_context = httpx.create_ssl_context()
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(  # type: ignore[assignment]
            ssl_context=ssl_context, network_backend=CheckedAsyncBackend(policy),
            **_pool_options(pool or httpx.Limits()))
