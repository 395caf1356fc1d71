"""Who the client is: the socket peer, or what a configured proxy says about it."""

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[IpNetwork, ...]:
    """IPs and CIDRs (`10.0.0.5`, `10.0.0.0/8`, `::1`) as networks; raises ValueError on junk."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _as_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class TrustedProxies:
    """The proxies whose forwarding headers are believed; empty means none are."""

    networks: tuple[IpNetwork, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[str]) -> "TrustedProxies":
        """Trust the given IPs and CIDRs."""
        return cls(parse_networks(entries))

    def trusts(self, address: str | None) -> bool:
        """True when `address` is one of the configured proxies."""
        ip = _as_ip(address) if address else None
        return ip is not None and any(ip in network for network in self.networks)

    def client_address(self, peer: str | None, forwarded_for: list[str]) -> str | None:
        """The client's address: the peer, unless a trusted proxy forwarded the request.

        Behind trusted proxies the answer is the right-most `X-Forwarded-For` entry that
        is not itself a trusted proxy: entries further left were written by the client
        and can say anything.
        """
        if not self.trusts(peer):
            return peer
        hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
        nearest = peer
        for hop in reversed(hops):
            if _as_ip(hop) is None:
                # A trusted proxy never writes junk: stop at the last hop we can name.
                return nearest
            if not self.trusts(hop):
                return str(_as_ip(hop))
            nearest = hop
        return nearest

    def scheme(self, peer: str | None, forwarded_proto: str | None, default: str) -> str:
        """`X-Forwarded-Proto` from a trusted proxy (http or https), else the connection's."""
        if forwarded_proto is None or not self.trusts(peer):
            return default
        # A chain of proxies appends; the right-most value is the nearest one's.
        proto = forwarded_proto.split(",")[-1].strip().lower()
        return proto if proto in ("http", "https") else default
