"""The senders' HTTP intake (shared/spec/intake-api.md): the operators' intake path behind HTTP.

One way in, two doors: a notice is judged by `domain.notice_files` and taken in by
`infra.intake.take_in` with the same notice index, idempotency and reporting of duplicates and
rejections as `cases intake`; this module adds only what HTTP needs: credentials, the sender's
own namespace of notice ids, receipts kept per sender, limits, and status codes.

FastAPI, because it writes the OpenAPI document from the same pydantic models the answers are
made of (the document cannot drift from the code), serves it with human documentation at
/docs, and runs on uvicorn, one process per service.
"""

import asyncio
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import structlog
from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException
from temporalio.api.workflowservice.v1 import GetSystemInfoRequest
from temporalio.client import Client
from temporalio.service import RPCError

from domain.deadlines import STOCKHOLM
from domain.notice_files import (
    NotJson,
    ReadNotice,
    Source,
    StrictJsonError,
    parse_body,
    read_notice_body,
    read_notice_value,
)
from domain.notice_kind import NoticeKind
from domain.notices import Notice, SenderKind
from domain.sender_view import NoticeStatus
from infra.intake import Receipt as IntakeReceipt, take_in
from infra.key_check import case_queue, polling_identities
from infra.notice_claims import StoreNoticeIndex
from infra.settings import Settings
from infra.submission_report import report_submissions
from intake_api.models import FieldProblem, Health, MonthNotices, NoticeView, Problem, Receipt, Rejected
from intake_api.receipts import SenderReceipt, SenderReceipts
from intake_api.senders import Sender, SenderStore
from reporting.notice_keys import notice_key
from reporting.store import open_store

MAX_BODY = 64 * 1024  # the spec's limit on one notice
MAX_IDEMPOTENCY_KEY = 255
ANSWER_SECONDS = 10.0  # a case that does not answer in this long: 503, send again
RETRY_AFTER_SECONDS = 5
WORKER_CHECK_SECONDS = 2.0  # how long "a worker polls" is believed before asking the server again
CASE_NUMBER_WAIT = 3.0  # how long a new case's number is waited for before the receipt goes
CASE_NUMBER_STEP = 0.5  # between asking the case for it (each ask is a query the worker answers)
DEFAULT_RATE = "50/second"  # per sender; `[api] rate` in the configuration
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"

log = structlog.get_logger("intake_api")
# Prometheus scrapes GET /metrics: requests by endpoint and status (a 422 on POST is a rejection).
REQUESTS = Counter("eviction_api_requests", "The senders' API's requests", ["endpoint", "status"])


class Refusal(Exception):
    """An answer other than a receipt, with its status and words."""

    def __init__(self, status: int, en: str, sv: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(en)
        self.status, self.en, self.sv, self.headers = status, en, sv, headers or {}


UNAUTHORIZED = Refusal(
    401,
    "missing, unknown or revoked credentials",
    "inloggningsuppgifterna saknas, är okända eller återkallade",
    {"WWW-Authenticate": "Bearer"},
)  # fmt: skip
NOT_FOUND = Refusal(404, "no such notice", "ingen sådan underrättelse")


def unavailable(en: str, sv: str) -> Refusal:
    return Refusal(503, en, sv, {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _refused(error: Refusal) -> JSONResponse:
    return JSONResponse(
        Problem(detail=error.en, detail_sv=error.sv).model_dump(),
        status_code=error.status,
        headers=error.headers,
    )


def _rejected(errors: list[FieldProblem]) -> JSONResponse:
    return JSONResponse(Rejected(errors=errors).model_dump(), status_code=422)


PROBLEM = {"model": Problem}
ANSWERS: dict[int | str, dict[str, Any]] = {
    401: {**PROBLEM, "description": "No, unknown or revoked credentials."},
    429: {**PROBLEM, "description": "Too many requests from this sender: wait `Retry-After` seconds."},
    503: {
        **PROBLEM,
        "description": "No worker or no server now: nothing was done; send again after `Retry-After`.",
    },
}  # fmt: skip


class Api:
    """What the routes share: the store, the senders, the receipts, the Temporal client."""

    def __init__(self, settings: Settings, rate: str) -> None:
        self.settings = settings
        self.engine = open_store(settings.reporting_url, settings.case_id_key)
        self.senders = SenderStore(self.engine)
        self.receipts = SenderReceipts(self.engine, settings.case_id_key)
        self.index = StoreNoticeIndex(settings.reporting_url, settings.case_id_key)
        self.limit: RateLimitItem = parse(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.client: Client | None = None
        self._connecting = asyncio.Lock()
        self._worker_seen = 0.0

    async def temporal(self) -> Client:
        if self.client is not None:
            return self.client
        async with self._connecting:
            if self.client is None:
                from infra.temporal import connect

                try:
                    self.client = await connect(self.settings)
                except RuntimeError:
                    raise unavailable(
                        "the case server cannot be reached", "ärendeservern kan inte nås"
                    ) from None
        return self.client

    async def require_worker(self, client: Client) -> None:
        """503 at once when no worker polls (nothing is sent); believed for a few seconds."""
        if time.monotonic() - self._worker_seen < WORKER_CHECK_SECONDS:
            return
        try:
            described = await client.workflow_service.describe_task_queue(case_queue(self.settings))
        except RPCError:
            raise unavailable("the case server cannot be reached", "ärendeservern kan inte nås") from None
        if not polling_identities(described.pollers):
            raise unavailable(
                "no worker takes notices in now", "ingen worker tar emot underrättelser just nu"
            )
        self._worker_seen = time.monotonic()

    def rate(self, sender: Sender) -> None:
        if self.limiter.hit(self.limit, sender.sender_id):
            return
        reset, _ = self.limiter.get_window_stats(self.limit, sender.sender_id)
        wait = max(1, math.ceil(reset - time.time()))
        raise Refusal(
            429, "too many requests from this sender", "för många anrop från denna avsändare",
            {"Retry-After": str(wait)},
        )  # fmt: skip


def create_app(settings: Settings, rate: str = DEFAULT_RATE) -> FastAPI:
    state: dict[str, Api] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["api"] = await asyncio.to_thread(Api, settings, rate)
        asyncio.get_running_loop().set_exception_handler(_quiet_cancellations)
        yield

    app = FastAPI(
        title="Vräkningsförebyggande arbete: avsändarnas intag / Eviction prevention: senders' intake",
        version="1",
        description=(
            "Hyresvärdar och Kronofogden skickar sina underrättelser hit och får kvitto direkt. "
            "Landlords and Kronofogden send their notices here and get a receipt at once. "
            "Contract: shared/spec/intake-api.md; the notice format: shared/spec/notices.md."
        ),
        lifespan=lifespan,
        responses=ANSWERS,
    )

    def api() -> Api:
        return state["api"]

    async def sender(request: Request) -> Sender:
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise UNAUTHORIZED
        found = await asyncio.to_thread(api().senders.authenticate, secret.strip())
        if found is None:
            raise UNAUTHORIZED
        request.state.sender_id = found.sender_id
        api().rate(found)
        return found

    @app.exception_handler(Refusal)
    async def _refusal(_: Request, error: Refusal) -> JSONResponse:
        return _refused(error)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            FieldProblem(
                field=".".join(str(p) for p in item["loc"][1:]) or str(item["loc"][0]),
                reason="is not valid here",
                reason_sv="är inte giltigt här",
            )
            for item in error.errors()
        ]
        return _rejected(problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        words = {404: ("not found", "finns inte"), 405: ("method not allowed", "metoden är inte tillåten")}
        en, sv = words.get(error.status_code, ("refused", "avböjt"))
        return JSONResponse(Problem(detail=en, detail_sv=sv).model_dump(), status_code=error.status_code)

    @app.exception_handler(Exception)
    async def _fault(request: Request, error: Exception) -> JSONResponse:  # no traceback to a sender
        log.error("request failed", path=request.url.path, error=type(error).__name__)
        refusal = unavailable("the notice could not be taken in now", "underrättelsen kunde inte tas emot nu")
        return _refused(refusal)

    @app.middleware("http")
    async def request_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Every request: time, sender, endpoint, status, notice id hashed; never the body."""
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        notice_id = request.path_params.get("notice_id") or getattr(request.state, "notice_id", None)
        # The route's template, never the path as sent: an unknown path may hold anything.
        endpoint = f"{request.method} {getattr(route, 'path', 'unknown')}"[:100]
        REQUESTS.labels(endpoint=endpoint, status=str(response.status_code)).inc()
        log.info(
            "request",
            sender_id=getattr(request.state, "sender_id", None),
            endpoint=endpoint,
            status=response.status_code,
            notice=notice_key(notice_id, settings.case_id_key) if notice_id else None,
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return response

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/health", response_model=Health, tags=["drift"], responses={503: {"model": Health}})
    async def health() -> JSONResponse:
        """Whether the store and the case server answer (for the orchestrator's probe)."""
        store = await asyncio.to_thread(_store_answers, api())
        try:
            client = await api().temporal()
            await client.workflow_service.get_system_info(GetSystemInfoRequest())
            temporal = True
        except (Refusal, RPCError):
            temporal = False
        body = Health(status="ok" if store and temporal else "degraded", temporal=temporal, store=store)
        return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)

    @app.post(
        "/v1/notices",
        response_model=Receipt,
        status_code=201,
        tags=["underrättelser"],
        summary="Skicka en underrättelse / Send a notice",
        responses={
            200: {
                "model": Receipt,
                "description": "A duplicate: the same notice (or key) as first answered.",
            },
            201: {"model": Receipt, "description": "Opened a case, or joined the tenant's open case."},
            400: {**PROBLEM, "description": "The body is not JSON."},
            403: {**PROBLEM, "description": "Not this sender's to send."},
            413: {**PROBLEM, "description": "The body is over 64 KB."},
            422: {"model": Rejected, "description": "A rule of the notice format broken, or the key reused."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Notice"}}},
            }
        },
    )
    async def send_notice(
        request: Request,
        who: Annotated[Sender, Depends(sender)],
        idempotency_key: Annotated[
            str, Header(alias="Idempotency-Key", min_length=1, max_length=MAX_IDEMPOTENCY_KEY)
        ],
    ) -> JSONResponse:
        body = await _body(request)
        return await _send(api(), request, who, idempotency_key, body)

    @app.get(
        "/v1/notices/{notice_id}",
        response_model=NoticeView,
        tags=["underrättelser"],
        summary="En egen underrättelse / One of your notices",
        responses={404: {**PROBLEM, "description": "Not one of this sender's notices (or never received)."}},
    )
    async def one_notice(
        request: Request,
        who: Annotated[Sender, Depends(sender)],
        notice_id: Annotated[str, Path(max_length=100)],
    ) -> NoticeView:
        found = await asyncio.to_thread(api().receipts.by_notice_id, who.sender_id, notice_id)
        if found is None:
            raise NOT_FOUND
        return await _view(api(), who, found)

    @app.get(
        "/v1/notices",
        response_model=MonthNotices,
        tags=["underrättelser"],
        summary="Egna underrättelser en månad / Your notices of a month",
    )
    async def month_notices(
        who: Annotated[Sender, Depends(sender)],
        month: Annotated[str, Query(pattern=MONTH, description="YYYY-MM, Swedish time")],
    ) -> MonthNotices:
        found = await asyncio.to_thread(api().receipts.of_month, who.sender_id, month)
        return MonthNotices(month=month, notices=[_stored_view(receipt, None) for receipt in found])

    def openapi() -> dict[str, Any]:
        """FastAPI's document, with the notice format's schema (shared/spec/notices.md) among its
        components: the body is judged by the intake's own rules, not by the framework."""
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            notice = Notice.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(notice.pop("$defs", {}))
            schemas["Notice"] = notice
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _quiet_cancellations(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """A send given up on (503) is cancelled inside the SDK too; that is no fault to log."""
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


def _store_answers(api: Api) -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with api.engine.connect() as db:
            db.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


async def _body(request: Request) -> bytes:
    """The body, refused past MAX_BODY before more of it is read."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise Refusal(413, "the body is over 64 KB", "innehållet är större än 64 kB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Refusal(413, "the body is over 64 KB", "innehållet är större än 64 kB")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> Any:
    """The body's JSON value, parsed once; None for JSON the notice rules reject as a whole
    (a key given twice), which `read_notice_body` then names."""
    try:
        return parse_body(body)
    except NotJson:
        raise Refusal(400, "the body is not JSON", "innehållet är inte JSON") from None
    except StrictJsonError:
        return None


def _not_theirs(who: Sender, raw: Any) -> Refusal | None:
    """The sender of a notice is the authenticated sender; only Kronofogden sends evictions."""
    if not isinstance(raw, dict):
        return None
    given = raw.get("sender")
    if isinstance(given, dict):
        kind, name = given.get("kind"), given.get("name")
        if kind is not None and kind != who.kind.value:
            return Refusal(
                403, "sender.kind is not this sender's kind", "sender.kind är inte denna avsändares slag"
            )
        if name is not None and (not isinstance(name, str) or name.strip().casefold() != who.name.casefold()):
            return Refusal(
                403, "sender.name is not this sender's name", "sender.name är inte denna avsändares namn"
            )
    if raw.get("kind") == NoticeKind.EVICTION.value and who.kind is not SenderKind.KRONOFOGDEN:
        return Refusal(
            403,
            "only Kronofogden sends eviction notices",
            "bara Kronofogden skickar underrättelser om avhysning",
        )
    return None


def internal_notice_id(sender_id: str, notice_id: str) -> str:
    """A sender's notice ids are its own: two senders may both use "2026-001" (a landlord's
    notice and Kronofogden's about the same household must never be taken for one another)."""
    return f"{sender_id}/{notice_id}"


async def _send(api: Api, request: Request, who: Sender, idempotency_key: str, body: bytes) -> JSONResponse:
    raw = _parse(body)
    if isinstance(raw, dict) and "sender" not in raw:  # the authenticated sender is the sender
        raw["sender"] = {"kind": who.kind.value, "name": who.name}
    body_hash = api.receipts.body_hash(
        who.sender_id, raw if raw is not None else body.decode("utf-8", "replace")
    )
    earlier = await asyncio.to_thread(api.receipts.by_idempotency_key, who.sender_id, idempotency_key)
    if earlier is not None:
        request.state.notice_id = earlier.notice_id
        if earlier.body_hash != body_hash:
            return _rejected(
                [
                    FieldProblem(
                        field="Idempotency-Key",
                        reason="was used before with another body: one key is one notice",
                        reason_sv="har använts förut med ett annat innehåll: en nyckel är en underrättelse",
                    )
                ]
            )
        return _receipt(earlier, "duplicate", 200)
    now = datetime.now(UTC)
    received = now.astimezone(STOCKHOLM).isoformat()
    if raw is not None:
        read = read_notice_value(raw, Source("api"), received)
    else:  # JSON the rules refuse whole (or `null`): the reader names why
        read = read_notice_body(body, Source("api"), received)
    if read.notice is None:
        await asyncio.to_thread(report_submissions, [_as_intake(read, "rejected")], api.settings)
        return _rejected([FieldProblem(**error.model_dump()) for error in read.errors])
    refusal = _not_theirs(who, raw)  # judged after the rules, so a sender learns what is wrong first
    if refusal is not None:
        raise refusal
    notice_id = read.notice.notice_id
    request.state.notice_id = notice_id
    first = await asyncio.to_thread(api.receipts.by_notice_id, who.sender_id, notice_id)
    if first is not None:  # sent again (a retry of one request is not: its key is the same)
        await asyncio.to_thread(report_submissions, [_as_intake(read, "duplicate")], api.settings)
        return _receipt(first, "duplicate", 200, conflict=first.body_hash != body_hash)
    inside = internal_notice_id(who.sender_id, notice_id)
    read.notice = read.notice.model_copy(update={"notice_id": inside})
    read.notice_id = inside
    client = await api.temporal()
    await api.require_worker(client)
    [answer] = await take_in(
        client,
        api.settings.task_queue,
        api.settings.case_id_key,
        [read],
        notice_index=api.index,
        answer_seconds=ANSWER_SECONDS,
        name_cases=False,
    )
    if answer.retry:
        raise unavailable("the notice could not be taken in now", "underrättelsen kunde inte tas emot nu")
    await asyncio.to_thread(report_submissions, [answer], api.settings)
    if answer.status == "rejected":
        return _rejected([FieldProblem(**error.model_dump()) for error in read.errors])
    assert answer.case_id is not None
    status = await _case_status(client, answer.case_id, inside, wait=answer.status == "opened")
    receipt = SenderReceipt(
        notice_id=notice_id,
        kind=read.notice.kind.value,
        status=answer.status,
        case_id=answer.case_id,
        case_number=status.case_number if status else None,
        received_at=(status.received_at if status and status.received_at else read.notice.received_at),
        body_hash=body_hash,
    )
    kept = await asyncio.to_thread(api.receipts.record, who.sender_id, idempotency_key, receipt, now)
    if kept is not receipt:  # another request of the same notice was answered first
        return _receipt(kept, "duplicate", 200, conflict=kept.body_hash != body_hash)
    code = 200 if answer.status == "duplicate" else 201
    return _receipt(receipt, answer.status, code, conflict=answer.conflict)


def _as_intake(read: ReadNotice, status: str) -> IntakeReceipt:
    return IntakeReceipt(read, status)


async def _case_status(client: Client, case_id: str, notice_id: str, wait: bool) -> NoticeStatus | None:
    """What the case says of the notice; a new case's number is waited for a little (it is
    registered just after the notice is taken in)."""
    from infra.case_client import case_handle
    from workflows.household_case import HouseholdCase

    handle = case_handle(client, case_id)
    end = time.monotonic() + (CASE_NUMBER_WAIT if wait else 0)
    status: NoticeStatus | None = None
    if wait:  # registering takes a few activities: a query before then is a workflow task wasted
        await asyncio.sleep(CASE_NUMBER_STEP)
    while True:
        try:
            status = await asyncio.wait_for(handle.query(HouseholdCase.notice_status, notice_id), timeout=2)
        except (RPCError, TimeoutError, Exception):  # a receipt goes without a number: GET gives it
            return status
        if status.case_number is not None or time.monotonic() >= end:
            return status
        await asyncio.sleep(CASE_NUMBER_STEP)


def _receipt(receipt: SenderReceipt, status: str, code: int, conflict: bool = False) -> JSONResponse:
    body = Receipt(
        status=status,
        notice_id=receipt.notice_id,
        case_number=receipt.case_number,
        received_at=receipt.received_at,
        conflict=conflict,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=code)


def _stored_view(receipt: SenderReceipt, status: NoticeStatus | None) -> NoticeView:
    eviction = receipt.kind == NoticeKind.EVICTION.value
    sent_at = status.confirmation_sent_at if status else None
    return NoticeView(
        notice_id=receipt.notice_id,
        kind=receipt.kind,
        status=receipt.status,
        received_at=receipt.received_at,
        case_number=(status.case_number if status and status.case_number else receipt.case_number),
        confirmation_sent=(sent_at is not None) if eviction and status is not None else None,
        confirmation_sent_at=sent_at,
    )


async def _view(api: Api, who: Sender, receipt: SenderReceipt) -> NoticeView:
    """The stored receipt, brought up to date by the case where it answers."""
    status = None
    try:
        client = await api.temporal()
        status = await _case_status(
            client, receipt.case_id, internal_notice_id(who.sender_id, receipt.notice_id), False
        )
    except Refusal:
        pass
    if status is not None and status.case_number and status.case_number != receipt.case_number:
        await asyncio.to_thread(
            api.receipts.set_case_number, who.sender_id, receipt.notice_id, status.case_number
        )
    return _stored_view(receipt, status)
