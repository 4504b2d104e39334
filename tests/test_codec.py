"""The payload codec: what leaves the process is ciphertext, and only the right key reads it."""

import pytest
from cryptography.exceptions import InvalidTag
from temporalio.api.common.v1 import Payload

from infra.codec import ENCODING, EncryptionCodec

KEY = b"k" * 32


def payload(text: str) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=text.encode())


async def test_a_payload_round_trips_and_is_not_readable_on_the_way() -> None:
    codec = EncryptionCodec(KEY)
    original = payload('{"tenant": "Amina Example", "personnummer": "19850412-2386"}')
    [encoded] = await codec.encode([original])
    assert encoded.metadata["encoding"] == ENCODING
    assert b"Amina" not in encoded.data and b"19850412" not in encoded.data
    assert await codec.decode([encoded]) == [original]


async def test_the_same_payload_encrypts_differently_each_time() -> None:
    codec = EncryptionCodec(KEY)
    first, second = await codec.encode([payload("x"), payload("x")])
    assert first.data != second.data


async def test_a_tampered_ciphertext_is_refused() -> None:
    codec = EncryptionCodec(KEY)
    [encoded] = await codec.encode([payload("the case")])
    encoded.data = encoded.data[:-1] + bytes([encoded.data[-1] ^ 1])
    with pytest.raises(InvalidTag):
        await codec.decode([encoded])


async def test_another_key_or_an_unknown_key_id_reads_nothing() -> None:
    [encoded] = await EncryptionCodec(KEY).encode([payload("the case")])
    with pytest.raises(InvalidTag):
        await EncryptionCodec(b"w" * 32).decode([encoded])
    with pytest.raises(ValueError, match="unknown key id"):
        await EncryptionCodec(KEY, key_id="k2").decode([encoded])


async def test_payloads_that_were_never_encrypted_pass_through() -> None:
    plain = payload("null")
    assert await EncryptionCodec(KEY).decode([plain]) == [plain]
