"""Worker Versioning (Worker Deployments): every worker declares the deployment it belongs to and
the build it runs; the server sends each workflow task to the version the workflow may run on.

The choice per workflow type (README, "Upgrades"):
- `HouseholdCase` is AUTO_UPGRADE: a case lives for months and mostly sleeps on timers, so a
  pinned case would keep its old version (and a worker of it) alive for as long, and the number
  of versions a deployment may hold is capped. Its changes stay behind `workflow.patched`
  (workflows/patches.py), and the recorded histories replay (tests/test_replay.py).
- `CaseMeetingAgenda` is PINNED: each run is a few seconds' work started by the schedule, so it
  finishes on the version it started on and needs no patching at all.

A build id names the code the worker runs: EVICTION_BUILD_ID, or a hash of the sources that
decide what a case does (domain, workflows, activities), so a change of them is a new version.
"""

import asyncio
import hashlib
import os
from pathlib import Path

from temporalio.api.workflowservice.v1 import (
    DescribeWorkerDeploymentRequest,
    SetWorkerDeploymentCurrentVersionRequest,
)
from temporalio.client import Client
from temporalio.common import WorkerDeploymentVersion
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import WorkerDeploymentConfig

from infra.settings import PROJECT_ROOT, Settings, SettingsError

SOURCES = ("domain", "workflows", "activities")


def source_build_id(root: Path = PROJECT_ROOT) -> str:
    """A hash of the sources that decide what a case does, in a stable order."""
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".txt") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\x00" + path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


def build_id() -> str:
    return os.environ.get("EVICTION_BUILD_ID") or source_build_id()


def deployment_version(settings: Settings) -> WorkerDeploymentVersion:
    return WorkerDeploymentVersion(deployment_name=settings.deployment_name, build_id=build_id())


def deployment_config(settings: Settings) -> WorkerDeploymentConfig:
    """The worker's deployment version. Versioning cannot be off: each workflow declares how it
    moves between versions (above), and a server refuses that declaration from a worker outside
    a versioned deployment, so every case would stall on its first task while the worker looked
    healthy (the time-skipping test server does not check; the tests' workers have none)."""
    if not settings.worker_versioning:
        raise SettingsError(
            "EVICTION_WORKER_VERSIONING ([temporal] worker_versioning) kan inte vara av: ärendena "
            "anger hur de uppgraderas mellan arbetarnas versioner, och servern tar inte emot det "
            "från en arbetare utan Worker Versioning, så varje ärende skulle stanna (cannot be off: "
            "the workflows declare their versioning behavior, which the server refuses from an "
            "unversioned worker)"
        )
    return WorkerDeploymentConfig(version=deployment_version(settings), use_worker_versioning=True)


async def current_build_id(client: Client, settings: Settings) -> str | None:
    """The deployment's current version's build id; None when it has none (or no deployment)."""
    try:
        described = await client.workflow_service.describe_worker_deployment(
            DescribeWorkerDeploymentRequest(
                namespace=settings.temporal_namespace, deployment_name=settings.deployment_name
            )
        )
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            return None
        raise
    current = described.worker_deployment_info.routing_config.current_deployment_version
    return current.build_id or None


async def make_current(
    client: Client, settings: Settings, build: str, identity: str, seconds: float = 60
) -> None:
    """Sets `build` as the deployment's current version, once its workers have polled (the server
    knows a version only then)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while True:
        try:
            await client.workflow_service.set_worker_deployment_current_version(
                SetWorkerDeploymentCurrentVersionRequest(
                    namespace=settings.temporal_namespace,
                    deployment_name=settings.deployment_name,
                    build_id=build,
                    identity=identity,
                )
            )
            return
        except RPCError as error:
            if error.status not in (RPCStatusCode.NOT_FOUND, RPCStatusCode.FAILED_PRECONDITION) or (
                loop.time() >= end
            ):
                raise
        await asyncio.sleep(0.5)


async def promote_if_due(client: Client, settings: Settings, identity: str) -> str | None:
    """Makes this worker's version current where nobody else decides: on the embedded default
    (make run, the tests: the code on this machine is the code that runs), or in a deployment
    with no current version yet (its first worker). Elsewhere an operator promotes a version
    (`temporal worker deployment set-current-version`, docs/runbook.md). Returns the build id
    made current, if any."""
    mine = build_id()
    current = await current_build_id(client, settings)
    if current == mine or (current is not None and not settings.promote_own_version):
        return None
    await make_current(client, settings, mine, identity)
    return mine
