"""Encrypts every payload (notices, case state, letters' data) before it reaches the server.

Workflow histories hold personal data; with this codec the server, its database and the Web
UI see only ciphertext. Search attributes are not payloads and stay readable, which is why
they never hold personal data. Each payload also names, in clear, the case it belongs to (the
keyed hash, no personal data) when the SDK gives the codec that context, so that the codec
server can log who read which case.
"""

import copy
import hashlib
import hmac
import os
from collections.abc import Mapping, Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    ActivitySerializationContext,
    PayloadCodec,
    SerializationContext,
    WithSerializationContext,
    WorkflowSerializationContext,
)

ENCODING = b"binary/encrypted"
CASE_ID = "case-id"
# The payload format: "2" binds the case id named in clear to the ciphertext (AES-GCM associated
# data), so a payload decrypts only with the case id it was written for: removing or swapping it
# fails, and every read the codec server logs names the right case (issue 19). Payloads without
# it (written before) are read as they were, and the access log says they are not bound.
VERSION = "encryption-version"
BOUND = b"2"
_ASSOCIATED = b"eviction-prevention case:"


def associated_data(case_id: bytes) -> bytes:
    """What a bound payload's ciphertext is authenticated with: its case id (empty: no case)."""
    return _ASSOCIATED + case_id


def is_bound(payload: Payload) -> bool:
    return payload.metadata.get(VERSION) == BOUND


class UnknownKey(ValueError):
    """A payload written with a key this process does not hold (another key ring, or one retired)."""


def check_value(key: bytes) -> str:
    """A key's check value: compared between processes to see that they hold the same key,
    revealing nothing of it (a keyed hash of a fixed text, shortened)."""
    return hmac.new(key, b"eviction-prevention key check", hashlib.sha256).hexdigest()[:16]


class EncryptionCodec(PayloadCodec, WithSerializationContext):
    """AES-256-GCM with a random nonce per payload. A key ring: new payloads are written with
    the current key and name its id; a payload is read with the key its id names, so keys can
    be rotated while cases that span the rotation keep being read."""

    def __init__(
        self, keys: bytes | Mapping[str, bytes], current: str = "k1", case_id: str | None = None
    ) -> None:
        self._keys = dict(keys) if isinstance(keys, Mapping) else {current: keys}
        if current not in self._keys:
            raise ValueError(f"the current key id {current!r} is not in the key ring")
        self._ciphers = {key_id: AESGCM(key) for key_id, key in self._keys.items()}
        self._key_id = current
        self._case_id = case_id

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def with_context(self, context: SerializationContext) -> "EncryptionCodec":
        case_id = None
        if isinstance(context, WorkflowSerializationContext | ActivitySerializationContext):
            case_id = context.workflow_id
        if case_id == self._case_id:
            return self
        # The SDK asks for a codec for every context it converts in, several times in each
        # workflow activation: the same key ring and ciphers, only the case named anew (the
        # ciphers were built again each time, issue 20). AESGCM keeps no state between calls.
        bound = copy.copy(self)
        bound._case_id = case_id
        return bound

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        encoded = []
        for payload in payloads:
            metadata = {"encoding": ENCODING, "encryption-key-id": self._key_id.encode(), VERSION: BOUND}
            case_id = self._case_id.encode() if self._case_id else b""
            if case_id:
                metadata[CASE_ID] = case_id
            data = self._encrypt(payload.SerializeToString(), associated_data(case_id))
            encoded.append(Payload(metadata=metadata, data=data))
        return encoded

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        decoded: list[Payload] = []
        for payload in payloads:
            if payload.metadata.get("encoding") != ENCODING:
                decoded.append(payload)
                continue
            key_id = payload.metadata.get("encryption-key-id", b"").decode()
            cipher = self._ciphers.get(key_id)
            if cipher is None:
                raise UnknownKey(f"payload encrypted with key id {key_id!r}, which this key ring lacks")
            # A bound payload names its case in clear and is authenticated with it: the name
            # cannot be removed or changed without the decryption failing (InvalidTag).
            associated = associated_data(payload.metadata.get(CASE_ID, b"")) if is_bound(payload) else None
            decoded.append(
                Payload.FromString(cipher.decrypt(payload.data[:12], payload.data[12:], associated))
            )
        return decoded

    def _encrypt(self, data: bytes, associated: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._ciphers[self._key_id].encrypt(nonce, data, associated)
