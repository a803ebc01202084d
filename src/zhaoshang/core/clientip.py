"""The address of the person at the other end of a request, also behind a load balancer.

``REMOTE_ADDR`` is the peer of the socket: behind a reverse proxy or load balancer that is the
proxy. Proxies named in ``ZHAOSHANG_TRUSTED_PROXIES`` (settings ``TRUSTED_PROXIES``: addresses or
networks) append their own peer to ``X-Forwarded-For``; reading that header from the right, the
first address that is not a trusted proxy is the client. Everything left of it was written by the
client and is never believed, and the header is ignored altogether when the request does not come
from a trusted proxy (anyone can send it). Rate limits, the audit log and django-axes all take the
address from here.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address
type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def parse_address(text: str) -> Address | None:
    """An address as proxies write it (``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1``,
    ``[2001:db8::1]:443``), IPv4-mapped IPv6 turned into IPv4; None when it is not one."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address, or ``""`` when the request carries none."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    networks = trusted_networks()
    peer = parse_address(remote) if networks else None
    if peer is None or not _trusted(peer, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    for entry in reversed(forwarded.split(",")):
        if not entry.strip():
            continue  # "a,,b" or a trailing comma: no hop wrote it
        address = parse_address(entry)
        if address is None:
            # Written by a trusted proxy that could not name its peer ("unknown", a token): what
            # lies left of it came from that unknown peer, so none of it is believed.
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote  # no header, or every hop is one of ours


def client_address_or_none(request: HttpRequest) -> str | None:
    """For django-axes (``AXES_CLIENT_IP_CALLABLE``), which stores no address as NULL."""
    return client_address(request) or None
