"""Connecting to Temporal with the project's converter, and registering the search attributes."""

import asyncio
import dataclasses
from collections.abc import Mapping

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.service import RPCError, RPCStatusCode

from infra.codec import EncryptionCodec
from infra.settings import Settings
from workflows.search_attributes import SEARCH_ATTRIBUTES


def data_converter(keys: bytes | Mapping[str, bytes], current: str = "k1") -> DataConverter:
    """Pydantic payloads, encrypted with the key ring's current key (read with any of its keys)."""
    return dataclasses.replace(pydantic_data_converter, payload_codec=EncryptionCodec(keys, current))


async def connect(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings.key_ring(), settings.payload_key_id),
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
