"""Notice ids as the reporting store keeps them: keyed hashes, never the sender's text.

A sender chooses its notice ids, and some put a personnummer in them (`PRIV-<personnummer>-…`,
issue 19); the store and the report never hold one. The hash is keyed with the case id key
(with a purpose of its own), so the same id is the same key everywhere (the notice index, the
cases' notices, intake's submissions) and cannot be found by trying ids without the key.
"""

import hashlib
import hmac

PREFIX = "nid1-"  # the version of the hash: a store written with another one is told apart
_PURPOSE = b"eviction-prevention notice id\x00"
_HEX_CHARS = 32  # 128 bits: no two ids of a municipality's lifetime share one


def notice_key(notice_id: str, key: bytes) -> str:
    """The store's key for a notice id."""
    if not key:
        raise ValueError("the notice id key must not be empty")
    digest = hmac.new(key, _PURPOSE + notice_id.encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:_HEX_CHARS]


def is_notice_key(value: str) -> bool:
    return value.startswith(PREFIX) and len(value) == len(PREFIX) + _HEX_CHARS
