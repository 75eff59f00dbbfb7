"""The address a request came from, as login throttling counts it.

Behind the TLS proxy, every connection comes from the proxy; the client's
address is in X-Forwarded-For, which the proxy appends to. That header is only
believed when the connection comes from a proxy gunicorn trusts too
(FORWARDED_ALLOW_IPS), and then read from the right, so whatever a client put
in it itself (to the left of what its proxy appended) is never used.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ANY = "*"


def trusted_networks(values):
    """FORWARDED_ALLOW_IPS as networks (addresses, CIDR networks), or ANY for "*"."""
    if ANY in values:
        return ANY
    try:
        return [ipaddress.ip_network(value, strict=False) for value in values]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"FORWARDED_ALLOW_IPS: {error}. Give comma-separated addresses or networks "
            "(10.0.0.0/8), or *."
        ) from None


def client_ip(request):
    """The client's address: the peer's, or the one a trusted proxy says it received from."""
    proxies = settings.TRUSTED_PROXIES
    peer = request.META.get("REMOTE_ADDR")
    peer_address = _parse(peer)
    # No peer address is a unix socket: only a local proxy can connect (gunicorn trusts it too).
    if peer and proxies != ANY and not _within(peer_address, proxies):
        return _text(peer_address)
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop.strip())
        if address is None:
            break  # not an address: not something a trusted proxy wrote
        # With "*" the proxies are not known by address: believe the hop the last one added.
        if proxies == ANY or not _within(address, proxies):
            return str(address)
    return _text(peer_address)


def _parse(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _text(address):
    return None if address is None else str(address)


def _within(address, networks):
    return address is not None and any(address in network for network in networks)
