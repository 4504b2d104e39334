"""Connecting to Temporal with the project's converter, and the search attributes it uses."""

import asyncio
import dataclasses
from typing import Any

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client
from temporalio.common import SearchAttributeKey
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.service import RPCError, RPCStatusCode

from infra.codec import EncryptionCodec
from infra.settings import Settings

# Typed search attributes for supervisors' lists in the Web UI. None holds personal data.
CASE_TRACKS = SearchAttributeKey.for_keyword_list("CaseTracks")
CASE_PHASE = SearchAttributeKey.for_keyword("CasePhase")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")
NEXT_DEADLINE_KIND = SearchAttributeKey.for_keyword("NextDeadlineKind")
RECOVERY_PERIOD_END = SearchAttributeKey.for_datetime("RecoveryPeriodEnd")
EVICTION_AT = SearchAttributeKey.for_datetime("EvictionAt")
HAS_CHILDREN = SearchAttributeKey.for_bool("HasChildren")
DISTRICT = SearchAttributeKey.for_keyword("District")
LANDLORD = SearchAttributeKey.for_keyword("Landlord")
CASE_OFFICER = SearchAttributeKey.for_keyword("CaseOfficer")

SEARCH_ATTRIBUTES: list[SearchAttributeKey[Any]] = [
    CASE_TRACKS,
    CASE_PHASE,
    NEXT_DEADLINE,
    NEXT_DEADLINE_KIND,
    RECOVERY_PERIOD_END,
    EVICTION_AT,
    HAS_CHILDREN,
    DISTRICT,
    LANDLORD,
    CASE_OFFICER,
]


def data_converter(payload_key: bytes) -> DataConverter:
    return dataclasses.replace(pydantic_data_converter, payload_codec=EncryptionCodec(payload_key))


async def connect(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings.payload_key),
    )


async def ensure_search_attributes(client: Client, namespace: str, timeout: float = 30.0) -> None:
    """Register any missing search attribute and wait until the server lists them all.

    The time-skipping test server cannot list them; there every attribute is added once.
    """
    try:
        existing = await _registered(client, namespace)
    except RPCError as error:
        if error.status is not RPCStatusCode.UNIMPLEMENTED:
            raise
        await _add(client, namespace, {key.name for key in SEARCH_ATTRIBUTES})
        return
    missing = {key.name for key in SEARCH_ATTRIBUTES if key.name not in existing}
    if not missing:
        return
    await _add(client, namespace, missing)
    deadline = asyncio.get_running_loop().time() + timeout
    while not set(missing) <= await _registered(client, namespace):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("search attributes did not become visible in time")
        await asyncio.sleep(0.5)


async def _add(client: Client, namespace: str, names: set[str]) -> None:
    types = {
        key.name: IndexedValueType.ValueType(key.indexed_value_type)
        for key in SEARCH_ATTRIBUTES
        if key.name in names
    }
    try:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(namespace=namespace, search_attributes=types)
        )
    except RPCError as error:
        # Another worker registered them first: that is the state we want.
        if error.status is not RPCStatusCode.ALREADY_EXISTS:
            raise


async def _registered(client: Client, namespace: str) -> set[str]:
    response = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=namespace)
    )
    return set(response.custom_attributes)
