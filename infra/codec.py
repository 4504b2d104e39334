"""Encrypts every payload (notices, case state, letters' data) before it reaches the server.

Workflow histories hold personal data; with this codec the server, its database and the Web
UI see only ciphertext. Search attributes are not payloads and stay readable, which is why
they never hold personal data.
"""

import os
from collections.abc import Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID_LENGTH = 8


class EncryptionCodec(PayloadCodec):
    """AES-256-GCM with a random nonce per payload; the key id allows later rotation."""

    def __init__(self, key: bytes, key_id: str = "k1") -> None:
        self._cipher = AESGCM(key)
        self._key_id = key_id

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [
            Payload(
                metadata={"encoding": ENCODING, "encryption-key-id": self._key_id.encode()},
                data=self._encrypt(payload.SerializeToString()),
            )
            for payload in payloads
        ]

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
