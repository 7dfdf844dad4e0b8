"""Which callback URLs the manager may call.

A webhook URL is given by a user but called from inside the cloud: left
unchecked it would let a tenant reach the metadata service, the manager's
own host or the control-plane network. Only public addresses are called,
unless an operator lists a network or a host name in
``[notifications] callback_allow_list``. The host is resolved and every
address it resolves to is checked, when the subscription is made and again
before every delivery, since DNS answers may change in between.
"""
import ipaddress
import socket
import urllib.parse

METADATA = ipaddress.ip_address('169.254.169.254')
_SCHEMES = {'http': 80, 'https': 443}


class UnsafeURL(ValueError):
    """The URL may not be called; the message says why."""


class Target:
    """A checked URL: its parts and the addresses it may be called on."""

    def __init__(self, url, scheme, host, port, addresses):
        self.url = url
        self.scheme = scheme
        self.host = host
        self.port = port
        self.addresses = addresses


def _kind(addr):
    """Why an address is not public, or None when it is."""
    if addr == METADATA:
        return 'the cloud metadata address'
    for attr, name in (('is_unspecified', 'an unspecified'),
                       ('is_loopback', 'a loopback'),
                       ('is_link_local', 'a link-local'),
                       ('is_multicast', 'a multicast'),
                       ('is_private', 'a private'),
                       ('is_reserved', 'a reserved')):
        if getattr(addr, attr):
            return name + ' address'
    if not addr.is_global:
        return 'not a public address'
    return None


def _allow_list(entries):
    networks, names = [], set()
    for entry in entries or ():
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.lower().rstrip('.'))
    return networks, names


def _address(text):
    addr = ipaddress.ip_address(text.split('%', 1)[0])
    # ::ffff:127.0.0.1 reaches 127.0.0.1.
    if addr.version == 6 and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def parse(url):
    """(scheme, host, port) of a URL Promise would accept, or UnsafeURL."""
    if not isinstance(url, str) or len(url) > 2048:
        raise UnsafeURL('the URL must be a string of at most 2048 '
                        'characters')
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL('%s is not a valid URL: %s' % (url, exc))
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise UnsafeURL('%s: only http and https URLs are called' % url)
    if not parts.hostname:
        raise UnsafeURL('%s has no host' % url)
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL('%s carries credentials; give a secret instead, '
                        'deliveries are signed with it' % url)
    if parts.fragment:
        raise UnsafeURL('%s has a fragment, which is never sent' % url)
    return scheme, parts.hostname.lower().rstrip('.'), \
        port or _SCHEMES[scheme]


def check(url, allow_list=(), resolve=socket.getaddrinfo):
    """A Target for ``url``, or UnsafeURL saying why it is refused."""
    scheme, host, port = parse(url)
    networks, names = _allow_list(allow_list)
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL('the host of %s does not resolve (%s)' % (url, exc))
    addresses = []
    for info in infos:
        text = info[4][0]
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise UnsafeURL('the host of %s does not resolve' % url)
    if host not in names:
        for text in addresses:
            addr = _address(text)
            if any(addr in net for net in networks):
                continue
            why = _kind(addr)
            if why is not None:
                raise UnsafeURL(
                    '%s resolves to %s, %s. Promise only calls public '
                    'addresses, unless the operator allows others in '
                    '[notifications] callback_allow_list.' %
                    (url, text, why))
    return Target(url, scheme, host, port, addresses)
