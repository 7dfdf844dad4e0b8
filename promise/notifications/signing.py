"""Webhook signatures: HMAC-SHA256 of the raw body with the subscription's
secret, sent as ``X-Promise-Signature: sha256=<hex digest>``."""
import hashlib
import hmac

HEADER = 'X-Promise-Signature'
PREFIX = 'sha256='


def sign(secret, body):
    """The header value for ``body`` (bytes)."""
    digest = hmac.new(secret.encode('utf-8'), body, hashlib.sha256)
    return PREFIX + digest.hexdigest()


def verify(secret, body, header_value):
    """What a receiver does: recompute and compare in constant time."""
    if not header_value or not header_value.startswith(PREFIX):
        return False
    return hmac.compare_digest(sign(secret, body), header_value)
