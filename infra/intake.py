"""Taking in notice files: validate each notice, submit the good ones, one receipt per notice.

Notices about the same household go in file order (so a Kronofogden notice after a landlord's
notice reports `joined`); different households go in parallel.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from domain.actions import NoticeReceipt
from domain.deadlines import STOCKHOLM
from domain.notice_files import ReadNotice, read_notice_file
from domain.notices import FieldError, received_in_the_future
from infra.case_client import case_id_of, end_unreadable_start, holds_notice, submit_notice
from reporting.notice_index import Holder


@dataclass
class Receipt:
    read: ReadNotice
    status: str
    case_id: str | None = None
    conflict: bool = False
    note: str | None = None
    # Rejected for now, not for a rule: the same notice sent again later may be taken in (the
    # senders' API answers 503 with Retry-After; a file says "re-run the file").
    retry: bool = False

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"notice_id": self.read.notice_id, "status": self.status}
        if self.status == "rejected":
            found["errors"] = [error.model_dump() for error in self.read.errors]
            found["source"] = self.read.source.as_dict()
        else:
            found["case_id"] = self.case_id
        if self.conflict:
            found["conflict"] = "a notice with this id but other content was taken in before"
        if self.note:
            found["note"] = self.note
        return found


class NoticeIndex(Protocol):
    """The index of notice ids across cases (reporting/notice_index.py says where and why)."""

    async def claim(self, claims: list[tuple[str, str]]) -> dict[str, Holder]: ...
    async def taken_in(self, pairs: Iterable[tuple[str, str]]) -> None: ...
    async def release(self, pairs: Iterable[tuple[str, str]]) -> None: ...
    async def take_over(self, notice_id: str, before: Holder, case_id: str) -> bool: ...


def read_files(paths: list[Path]) -> list[ReadNotice]:
    return [item for path in paths for item in read_notice_file(path)]


SERVER_GONE = (
    "the server stopped answering before this notice was sent",
    "servern slutade svara innan underrättelsen skickades",
)

# A case that does not answer within this long is looked at: was it started with a key the
# workers cannot read? Then that run is ended (it never ran), and the notice opens the case anew.
LOOK_AFTER_SECONDS = 5.0
ENDED_UNREADABLE = (
    "the case's earlier run had been started with another payload key and could not run; it was "
    "ended (nothing had run in it) and this notice opened the case anew"
)


async def _answered(
    client: Client, case_id: str, submit: Awaitable[NoticeReceipt], seconds: float
) -> tuple[NoticeReceipt, bool]:
    """The case's answer within `seconds` (else TimeoutError), and whether a run that could not
    run at all was found while waiting and ended. The submission goes on after that: the SDK
    sends the notice again until a run takes it, which is then a new one."""
    sent = asyncio.ensure_future(submit)
    loop = asyncio.get_running_loop()
    end, ended = loop.time() + seconds, False
    try:
        while True:
            left = end - loop.time()
            done, _ = await asyncio.wait({sent}, timeout=max(0.0, min(LOOK_AFTER_SECONDS, left)))
            if done:
                return sent.result(), ended
            if left <= LOOK_AFTER_SECONDS:
                raise TimeoutError
            if not ended:
                try:
                    ended = await end_unreadable_start(client, case_id)
                except RPCError:  # the look is a help only: the bounded wait still holds
                    pass
                if ended:
                    end = loop.time() + seconds
    finally:
        sent.cancel()
        # What the abandoned send ends with is known already (a timeout): not an unread error.
        sent.add_done_callback(lambda done: done.cancelled() or done.exception())


def _notice_id(item: ReadNotice) -> str:
    assert item.notice is not None
    return item.notice.notice_id


def _held_by_another(case_id: str | None) -> FieldError:
    if case_id is None:  # a sender is never told another household's case id
        return FieldError(
            field="notice_id",
            reason="this notice id was taken in for another household; one id is one notice",
            reason_sv=(
                "underrättelsens id har redan tagits emot för ett annat hushåll; ett id är en underrättelse"
            ),
        )
    return FieldError(
        field="notice_id",
        reason=(
            f"this notice id was taken in for another household (case {case_id}); one id is one notice: "
            "check the personnummer, or ask the sender for the notice's own id"
        ),
        reason_sv=(
            f"underrättelsens id har redan tagits emot för ett annat hushåll (ärende {case_id}); "
            "ett id är en underrättelse: kontrollera personnumret eller be avsändaren om "
            "underrättelsens eget id"
        ),
    )


def _being_taken_in(holder: Holder, case_id: str | None) -> FieldError:
    until = holder.lease_ends().astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")
    case_en, case_sv = (f" (case {case_id})", f" (ärende {case_id})") if case_id else ("", "")
    return FieldError(
        field="notice_id",
        reason=(
            f"this notice id is being taken in for another household{case_en} and may still "
            f"arrive there; if that was a mistake, re-run the file after {until}"
        ),
        reason_sv=(
            f"underrättelsens id håller på att tas emot för ett annat hushåll{case_sv} och kan ännu komma "
            f"fram dit; var det ett misstag, kör filen igen efter {until}"
        ),
    )


def _unverified(case_id: str | None) -> FieldError:
    case_en, case_sv = (f" (case {case_id})", f" (ärende {case_id})") if case_id else ("", "")
    return FieldError(
        field="notice_id",
        reason=(
            f"this notice id was claimed for another household{case_en}, which cannot say now "
            "whether it has the notice; re-run the file later"
        ),
        reason_sv=(
            f"underrättelsens id gjordes anspråk på för ett annat hushåll{case_sv}, vars ärende inte kan "
            "svara nu på om det har underrättelsen; kör filen igen senare"
        ),
    )


def not_taken_in(why: str, why_sv: str) -> FieldError:
    """A notice the system could not take in now (nothing was done with it): send it again."""
    return FieldError(
        field="notice",
        reason=f"not taken in ({why}); re-run the file",
        reason_sv=f"inte mottagen ({why_sv}); kör filen igen",
    )


async def _may_take(
    client: Client, index: NoticeIndex, notice_id: str, holder: Holder, case_id: str, name_cases: bool
) -> tuple[FieldError, bool] | None:
    """Whether `case_id` may have an id another case holds: only a pending claim whose lease has
    run out, and whose case answers that it never took the notice in. Else the reason why not,
    and whether trying again later may succeed."""
    other = holder.case_id if name_cases else None
    if holder.taken_in:
        return _held_by_another(other), False
    if datetime.now(UTC) < holder.lease_ends():
        return _being_taken_in(holder, other), True
    holds = await holds_notice(client, holder.case_id, notice_id)
    if holds:
        await index.taken_in([(notice_id, holder.case_id)])
        return _held_by_another(other), False
    if holds is None or not await index.take_over(notice_id, holder, case_id):
        return _unverified(other), True  # the case cannot answer, or someone else moved it meanwhile
    return None


async def take_in(
    client: Client,
    task_queue: str,
    case_id_key: bytes,
    notices: list[ReadNotice],
    *,
    notice_index: NoticeIndex,
    parallel: int = 32,
    on_done: Callable[[], None] = lambda: None,
    answer_seconds: float = 60,
    name_cases: bool = True,
) -> list[Receipt]:
    """Every notice taken in, or a receipt that says why not; a case that does not answer within
    `answer_seconds` (a worker gone mid-file) gives a rejection to re-run, never a hang.
    `name_cases` False: no reason names another household's case (the senders' API).

    A notice id that another household's case holds is rejected before anything is sent: one
    id is one notice, so it opens no second case. A claim becomes the case's for good when the
    case answers; a notice the case refused releases its claim."""
    receipts: list[Receipt | None] = [None] * len(notices)
    case_of: dict[int, str] = {}
    now = datetime.now(UTC)

    def reject(index: int, error: FieldError, retry: bool = False) -> None:
        notices[index].errors = [error]
        receipts[index] = Receipt(notices[index], "rejected", retry=retry)
        on_done()

    for index, item in enumerate(notices):
        future = received_in_the_future(item.notice, now) if item.notice else None
        if future is not None:
            item.notice, item.errors = None, [future]
        if item.notice is None:
            receipts[index] = Receipt(item, "rejected")
            on_done()
        else:
            case_of[index] = case_id_of(item.notice, case_id_key)
    by_case: dict[str, list[int]] = {}
    if case_of:
        claims = [(_notice_id(notices[at]), case_id) for at, case_id in case_of.items()]
        try:
            held = await notice_index.claim(claims)
            for at, case_id in case_of.items():
                holder = held.get(_notice_id(notices[at]))
                why_not = None
                if holder is not None and holder.case_id != case_id:
                    why_not = await _may_take(
                        client, notice_index, _notice_id(notices[at]), holder, case_id, name_cases
                    )
                if why_not is not None:
                    reject(at, *why_not)
                else:
                    by_case.setdefault(case_id, []).append(at)
        except Exception as error:  # the index cannot be reached: nothing is sent, re-run is safe
            name = type(error).__name__
            unreachable = not_taken_in(
                f"the index of notice ids cannot be reached: {name}",
                f"registret över underrättelsernas id kan inte nås: {name}",
            )
            for at in case_of:
                if receipts[at] is None:
                    reject(at, unreachable, retry=True)
            return [receipt for receipt in receipts if receipt is not None]
    gate = asyncio.Semaphore(parallel)
    answered: list[tuple[str, str]] = []  # the case has the notice: its claim is taken in
    refused: list[tuple[str, str]] = []  # the case said no: its claim goes
    server_gone = False  # once the server cannot be reached, the rest is not tried one by one

    async def one_household(case_id: str, indexes: list[int]) -> None:
        nonlocal server_gone
        async with gate:
            for index in indexes:
                item = notices[index]
                assert item.notice is not None
                if server_gone:
                    reject(index, not_taken_in(*SERVER_GONE), retry=True)
                    continue
                try:
                    answer, ended = await _answered(
                        client,
                        case_id,
                        submit_notice(client, task_queue, case_id_key, item.notice, case_id),
                        answer_seconds,
                    )
                except TimeoutError:
                    item.errors = [
                        not_taken_in(
                            f"no answer in {answer_seconds:.0f} s", f"inget svar på {answer_seconds:.0f} s"
                        )
                    ]
                    receipts[index] = Receipt(item, "rejected", retry=True)
                except WorkflowUpdateFailedError as error:  # the case refused it, with its reason
                    cause = error.cause
                    if isinstance(cause, ApplicationError) and cause.type == "ActionRefused":
                        sv = str(cause.details[0]) if cause.details else cause.message
                        refused.append((item.notice.notice_id, case_id))
                        item.errors = [FieldError(field="notice", reason=cause.message, reason_sv=sv)]
                        receipts[index] = Receipt(item, "rejected")
                    else:
                        name = type(cause).__name__
                        item.errors = [not_taken_in(name, name)]
                        receipts[index] = Receipt(item, "rejected", retry=True)
                except Exception as error:  # the server did not take it: say so, re-run is safe
                    server_gone = server_gone or (
                        isinstance(error, RPCError) and error.status is RPCStatusCode.UNAVAILABLE
                    )
                    name = type(error).__name__
                    item.errors = [not_taken_in(name, name)]
                    receipts[index] = Receipt(item, "rejected", retry=True)
                else:
                    answered.append((item.notice.notice_id, answer.case_id))
                    receipts[index] = Receipt(
                        item,
                        answer.status,
                        answer.case_id,
                        answer.conflict,
                        ENDED_UNREADABLE if ended else None,
                    )
                on_done()

    await asyncio.gather(*(one_household(case_id, indexes) for case_id, indexes in by_case.items()))
    try:  # a claim left pending is verified with its case before anyone else may take the id
        await notice_index.taken_in(answered)
        await notice_index.release(refused)
    except Exception:
        pass  # the cases' own publications mark their claims taken in all the same
    return [receipt for receipt in receipts if receipt is not None]
