"""Encrypts every payload (notices, case state, letters' data) before it reaches the server.

Workflow histories hold personal data; with this codec the server, its database and the Web
UI see only ciphertext. Search attributes are not payloads and stay readable, which is why
they never hold personal data. Each payload also names, in clear, the case it belongs to (the
keyed hash, no personal data) when the SDK gives the codec that context, so that the codec
server can log who read which case.
"""

import os
from collections.abc import Sequence

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


class EncryptionCodec(PayloadCodec, WithSerializationContext):
    """AES-256-GCM with a random nonce per payload; the key id allows later rotation."""

    def __init__(self, key: bytes, key_id: str = "k1", case_id: str | None = None) -> None:
        self._key = key
        self._cipher = AESGCM(key)
        self._key_id = key_id
        self._case_id = case_id

    def with_context(self, context: SerializationContext) -> "EncryptionCodec":
        case_id = None
        if isinstance(context, WorkflowSerializationContext | ActivitySerializationContext):
            case_id = context.workflow_id
        return EncryptionCodec(self._key, self._key_id, case_id)

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        encoded = []
        for payload in payloads:
            metadata = {"encoding": ENCODING, "encryption-key-id": self._key_id.encode()}
            if self._case_id:
                metadata[CASE_ID] = self._case_id.encode()
            encoded.append(Payload(metadata=metadata, data=self._encrypt(payload.SerializeToString())))
        return encoded

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        decoded: list[Payload] = []
        for payload in payloads:
            if payload.metadata.get("encoding") != ENCODING:
                decoded.append(payload)
                continue
            key_id = payload.metadata.get("encryption-key-id", b"").decode()
            if key_id != self._key_id:
                raise ValueError(f"payload encrypted with unknown key id {key_id!r}")
            decoded.append(Payload.FromString(self._decrypt(payload.data)))
        return decoded

    def _encrypt(self, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._cipher.encrypt(nonce, data, None)

    def _decrypt(self, data: bytes) -> bytes:
        return self._cipher.decrypt(data[:12], data[12:], None)
