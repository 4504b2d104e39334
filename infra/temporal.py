"""Connecting to Temporal with the project's converter, and registering the search attributes."""

import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client
from temporalio.contrib.pydantic import PydanticPayloadConverter
from temporalio.converter import DataConverter
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.service import RPCError, RPCStatusCode, TLSConfig

from infra.codec import EncryptionCodec
from infra.settings import Settings
from workflows.search_attributes import OVERVIEW_ATTRIBUTES


class SharedPayloadConverter(PydanticPayloadConverter):
    """Pydantic's payload converter, one for the whole process: the SDK builds a converter for
    every context it converts in, several times in each workflow activation, and each built a
    payload converter of its own to throw away (a tenth of a worker's payload time under a
    burst of notices, issue 20). It holds no state but its cache of type adapters, which is
    then shared too."""

    _one: ClassVar["SharedPayloadConverter"]

    def __new__(cls) -> "SharedPayloadConverter":
        if "_one" not in cls.__dict__:
            one = super().__new__(cls)
            PydanticPayloadConverter.__init__(one)
            cls._one = one
        return cls._one

    def __init__(self) -> None:
        """Built once, in `__new__`."""


def data_converter(keys: bytes | Mapping[str, bytes], current: str = "k1") -> DataConverter:
    """Pydantic payloads, encrypted with the key ring's current key (read with any of its keys)."""
    return DataConverter(
        payload_converter_class=SharedPayloadConverter, payload_codec=EncryptionCodec(keys, current)
    )


async def connect(settings: Settings, runtime: Runtime | None = None) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings.key_ring(), settings.payload_key_id),
        runtime=runtime,
        tls=server_tls(),
        api_key=server_token(),
    )


def server_tls() -> TLSConfig | bool:
    """mTLS to the frontend (docker-compose.yml): the CA that signed the server's certificate and
    this process's client certificate, from EVICTION_TLS_CA / _CERT / _KEY; none on the
    embedded default."""
    ca = os.environ.get("EVICTION_TLS_CA")
    if not ca:
        return False
    cert, key = os.environ.get("EVICTION_TLS_CERT"), os.environ.get("EVICTION_TLS_KEY")
    return TLSConfig(
        server_root_ca_cert=Path(ca).read_bytes(),
        client_cert=Path(cert).read_bytes() if cert else None,
        client_private_key=Path(key).read_bytes() if key else None,
        domain=os.environ.get("EVICTION_TLS_SERVER_NAME"),
    )


def server_token() -> str | None:
    """The JWT the server's authorizer reads (its `permissions` claim), from the file a token
    agent keeps fresh (EVICTION_TEMPORAL_TOKEN_FILE); none on the embedded default."""
    path = os.environ.get("EVICTION_TEMPORAL_TOKEN_FILE")
    return Path(path).read_text().strip() if path else None


async def keep_token_fresh(client: Client, every_seconds: float = 60) -> None:
    """Reads the token file again now and then: a token lives minutes, a worker months."""
    while os.environ.get("EVICTION_TEMPORAL_TOKEN_FILE"):
        await asyncio.sleep(every_seconds)
        try:
            client.api_key = server_token()
        except OSError:
            continue  # the agent is writing it: the old token holds a while longer


def metrics_runtime(address: str | None) -> Runtime | None:
    """A runtime whose metrics (the SDK's and the project's, activities/metrics.py) Prometheus
    scrapes at `address` (host:port, EVICTION_METRICS_ADDRESS); None: no endpoint."""
    if not address:
        return None
    return Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=address)))


# How long a worker waits for a server that is starting (compose starts them together).
SERVER_WAIT = 300.0


async def connect_when_up(
    settings: Settings, seconds: float = SERVER_WAIT, runtime: Runtime | None = None
) -> Client:
    """A client, once the server answers: a worker started beside a server that is still
    starting waits for it (saying so once) instead of exiting; after `seconds`, one clear line."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    said = False
    while True:
        try:
            return await connect(settings, runtime)
        except RuntimeError as error:  # the SDK's "failed client connect"
            if loop.time() >= end:
                raise SystemExit(
                    f"worker gives up: the server at {settings.temporal_address} did not answer within "
                    f"{seconds:.0f} s ({type(error).__name__})"
                ) from None
            if not said:
                print(
                    f"worker waits for the server at {settings.temporal_address} (up to {seconds:.0f} s)",
                    file=sys.stderr,
                )
                said = True
            await asyncio.sleep(1.0)


async def ensure_search_attributes(client: Client, namespace: str, timeout: float = 30.0) -> None:
    """Register any missing search attribute and wait until the server lists them all.

    The time-skipping test server cannot list them; there every attribute is added once.
    """
    try:
        existing = await _registered(client, namespace)
    except RPCError as error:
        if error.status is not RPCStatusCode.UNIMPLEMENTED:
            raise
        await _add(client, namespace, {key.name for key in OVERVIEW_ATTRIBUTES})
        return
    missing = {key.name for key in OVERVIEW_ATTRIBUTES if key.name not in existing}
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
        for key in OVERVIEW_ATTRIBUTES
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
