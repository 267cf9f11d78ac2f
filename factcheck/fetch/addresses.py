"""Which network addresses we fetch from: public ones only, unless the caller allows private.

A source URL comes from a pasted link or an imported file, and on a team server it is
anyone's, so a URL must not be a way to make us talk to the machine itself, the office network
or a cloud metadata service. What counts is the address a host name RESOLVES to (every one of
them, and again for every redirect hop), not only what the URL says: `2130706433`, `127.1`,
`0x7f.1` and a DNS name pointing at 10.0.0.1 are all caught the same way.

Two classes of non-public address:

- "private" (loopback, RFC 1918, unique-local IPv6, carrier-grade NAT, the other special
  ranges that are not globally routed): refused unless `allow_private` is set. That is what a
  test server on 127.0.0.1 or an intranet site needs; the refusal names the setting.
- "never" (unspecified 0.0.0.0 and ::, link-local 169.254/16 and fe80::/10 where cloud
  metadata services answer, multicast, broadcast and reserved ranges): refused whatever the
  setting, since no web page lives there and 169.254.169.254 is the classic target of such
  requests.

IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, 6to4 2002::/16, NAT64
64:ff9b::/96) are judged by the IPv4 address inside. Python's own `is_global` tables differ
between patch releases (3.11.7 calls multicast and fec0:: global), so the ranges are spelled
out here and `is_global` is only the last word for what the table does not name.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Verdict = Literal["private", "never"]

# The one place the fetch layer names the setting; it never reads it (config.Settings does).
ALLOW_PRIVATE_HINT = "set FACTCHECK_ALLOW_PRIVATE_URLS=1 to allow it"

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# Checked in order; the first match names the address.
_RANGES: tuple[tuple[_V4 | _V6, str, Verdict], ...] = (
    (_V4("0.0.0.0/8"), "an unspecified address", "never"),
    (_V4("127.0.0.0/8"), "a loopback address", "private"),
    (_V4("10.0.0.0/8"), "a private address", "private"),
    (_V4("172.16.0.0/12"), "a private address", "private"),
    (_V4("192.168.0.0/16"), "a private address", "private"),
    (_V4("100.64.0.0/10"), "a shared (carrier-grade NAT) address", "private"),
    (_V4("169.254.0.0/16"), "a link-local address (where cloud metadata services answer)",
     "never"),
    (_V4("224.0.0.0/4"), "a multicast address", "never"),
    (_V4("240.0.0.0/4"), "a reserved address", "never"),  # includes 255.255.255.255
    (_V6("::/128"), "an unspecified address", "never"),
    (_V6("::1/128"), "a loopback address", "private"),
    (_V6("64:ff9b:1::/48"), "a local-use NAT64 address", "private"),
    # The deprecated IPv4-compatible form ::a.b.c.d, and the rest of ::/8 apart from the
    # embedded-IPv4 forms handled before this table is read.
    (_V6("::/8"), "a reserved address", "never"),
    (_V6("fe80::/10"), "a link-local address", "never"),
    (_V6("fec0::/10"), "a site-local address", "private"),
    (_V6("fc00::/7"), "a private (unique local) address", "private"),
    (_V6("ff00::/8"), "a multicast address", "never"),
)
_NAT64 = _V6("64:ff9b::/96")


class AddressRefused(Exception):  # noqa: N818 - it is a refusal, not an error of ours
    """Connecting was refused before any connection attempt. `problem` says why, in words
    meant for the user (the caller adds which URL it was)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None


def classify(ip: IPAddress) -> tuple[str, Verdict] | None:
    """(what the address is, "private" or "never"), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
        inner = _embedded_ipv4(ip)
        if inner is not None:
            found = classify(inner)
            if found is None:
                return None
            what, verdict = found
            return f"{what} ({inner}) in IPv6 form", verdict
    for network, what, verdict in _RANGES:
        if ip.version == network.version and ip in network:
            return what, verdict
    if not ip.is_global:
        # Documentation, benchmarking, IETF protocol ranges and the like: not on the Internet.
        return "not a public address", "private"
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses always; "private" ones only with `allow_private`; "never" ones never."""

    allow_private: bool = False

    def problem(self, ip: IPAddress) -> str | None:
        """Why we do not connect to `ip` (user-facing, without the host name), or None."""
        found = classify(ip)
        if found is None:
            return None
        what, verdict = found
        if verdict == "private":
            if self.allow_private:
                return None
            return f"{what} ({ALLOW_PRIVATE_HINT})"
        return f"{what}; never fetched"

    def check(self, host: str, addresses: list[str]) -> list[str]:
        """The addresses `host` resolved to, each checked; AddressRefused names the first bad
        one (any bad one refuses the host: a name must not be half public, half private)."""
        checked: list[str] = []
        for text in addresses:
            ip = ipaddress.ip_address(text.split("%", 1)[0])
            problem = self.problem(ip)
            if problem is not None:
                if _same_address(host, ip):
                    raise AddressRefused(f"{host} is {problem}")
                raise AddressRefused(f"{host} resolves to {ip}, {problem}")
            if text not in checked:
                checked.append(text)
        return checked


def _same_address(host: str, ip: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0]) == ip
    except ValueError:
        return False
