"""The payload codec: what leaves the process is ciphertext, and only the right key reads it."""

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag
from temporalio.api.common.v1 import Payload

from infra.codec import CASE_ID, ENCODING, EncryptionCodec, UnknownKey, check_value
from tests.factories import make_notice, unique_tenant
from tests.helpers import Cases, payloads_in, wait_for

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
    with pytest.raises(UnknownKey, match="'k1', which this key ring lacks"):
        await EncryptionCodec(KEY, current="k2").decode([encoded])


async def test_payloads_that_were_never_encrypted_pass_through() -> None:
    plain = payload("null")
    assert await EncryptionCodec(KEY).decode([plain]) == [plain]


async def test_a_rotated_key_ring_reads_old_payloads_and_writes_with_the_new_key() -> None:
    old, new = b"o" * 32, b"n" * 32
    [before] = await EncryptionCodec({"k1": old}, "k1").encode([payload("written before")])
    rotated = EncryptionCodec({"k2": new, "k1": old}, "k2")
    assert await rotated.decode([before]) == [payload("written before")]
    [after] = await rotated.encode([payload("written after")])
    assert after.metadata["encryption-key-id"] == b"k2"
    # The old key retired: what it wrote is refused by name, what the new one wrote still reads.
    retired = EncryptionCodec({"k2": new}, "k2")
    assert await retired.decode([after]) == [payload("written after")]
    with pytest.raises(UnknownKey):
        await retired.decode([before])
    with pytest.raises(ValueError, match="not in the key ring"):
        EncryptionCodec({"k1": old}, "k2")


def test_a_check_value_tells_keys_apart_and_reveals_nothing() -> None:
    assert check_value(KEY) == check_value(b"k" * 32) and len(check_value(KEY)) == 16
    assert check_value(KEY) != check_value(b"w" * 32)
    assert KEY.hex()[:16] not in check_value(KEY)


async def test_every_payload_of_cases_run_together_names_its_own_case(cases: Cases) -> None:
    """The worker shares one payload converter and binds the codec to each case anew (issue 20):
    two cases taken in together on one worker, each with letters, alerts and look-ups, and every
    payload in each one's history (read raw, no codec) names that case and no other."""
    now = await cases.now()
    stamp, child = f"{now.timestamp():.0f}", now.year - 7
    eviction_day = now + timedelta(days=21)
    notices = [
        make_notice(
            "eviction", now, notice_id=f"BIND-{stamp}-1", children=[child], scheduled_at=eviction_day,
            **unique_tenant(),
        ),
        make_notice("rent_arrears", now, notice_id=f"BIND-{stamp}-2", **unique_tenant()),
    ]  # fmt: skip
    receipts = await asyncio.gather(*(cases.submit(notice) for notice in notices))
    for receipt in receipts:
        await wait_for(cases, receipt.case_id, lambda s: len(s.letters) >= 1 and s.case_number is not None)
    for receipt in receipts:
        named: Counter[str] = Counter()
        async for event in cases.client.get_workflow_handle(receipt.case_id).fetch_history_events():
            for payload in payloads_in(event):
                if payload.metadata.get("encoding") == ENCODING:
                    named[payload.metadata.get(CASE_ID, b"").decode()] += 1
        assert set(named) == {receipt.case_id} and named[receipt.case_id] >= 5, named
