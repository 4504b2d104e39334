"""The senders' HTTP intake (issue 22, shared/spec/intake-api.md), every row of the spec's table
through real HTTP to `cases api`, on the real dev server and worker."""

import json
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.deadlines import STOCKHOLM
from tests.api_server import ApiSender, RunningApi, add_sender, running_api
from tests.devserver import Operator, running_dev_server, wait_for_worker
from tests.factories import make_notice, unique_tenant

pytestmark = pytest.mark.devserver
CASE_NUMBER = r"^VRK \d{4}-\d{6}$"  # config/eviction.toml [case_register]


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Operator]:
    tmp = tmp_path_factory.mktemp("api")
    with running_dev_server(tmp) as running:
        yield running


@pytest.fixture(scope="module")
def api(operator: Operator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    log = tmp_path_factory.mktemp("api-log") / "api.log"
    with running_api(operator, log) as running:
        running.senders = {
            "landlord": add_sender(operator, "Bostads AB Exempel", "hyresvärd"),
            "other_landlord": add_sender(operator, "Hyresgården AB", "landlord"),
            "kfm": add_sender(operator, "Kronofogdemyndigheten", "kronofogden"),
        }
        yield running
    text = log.read_text()
    assert "Traceback" not in text
    # The request log: no body, no personnummer, no notice id as sent (hashed: nid1-…).
    assert "19" + "850412" not in text and "Provgatan" not in text and "API-" not in text
    assert '"notice": "nid1-' in text


def _notice(kind: str = "rent_arrears", **tenant: Any) -> dict[str, Any]:
    now = datetime.now(UTC) - timedelta(minutes=1)
    return make_notice(kind, now, notice_id=f"API-{uuid.uuid4().hex[:10]}", **(tenant or unique_tenant()))


def _post(
    client: httpx.Client, sender: ApiSender, body: Any, key: str | None = None, raw: bytes | None = None
) -> httpx.Response:
    headers = {**sender.auth, "Idempotency-Key": key or uuid.uuid4().hex, "Content-Type": "application/json"}
    return client.post("/v1/notices", content=raw if raw is not None else json.dumps(body), headers=headers)


def test_a_notice_opens_a_case_and_the_receipt_gives_its_number_only(
    api: RunningApi, operator: Operator
) -> None:
    landlord = api.senders["landlord"]
    notice = _notice()
    with api.client() as client:
        answer = _post(client, landlord, notice)
    assert answer.status_code == 201, answer.text
    receipt = answer.json()
    assert receipt["status"] == "opened" and receipt["notice_id"] == notice["notice_id"]
    assert re.match(CASE_NUMBER, receipt["case_number"] or ""), receipt
    assert "case_id" not in receipt and "household-" not in answer.text
    assert notice["tenant"]["personnummer"] not in answer.text
    view = operator.show("--personnummer", notice["tenant"]["personnummer"])
    assert view["case_number"] == receipt["case_number"]


def test_kronofogden_joins_the_open_case_and_sees_its_confirmation_go(api: RunningApi) -> None:
    tenant = unique_tenant()
    landlord, kfm = api.senders["landlord"], api.senders["kfm"]
    first = _notice(**tenant)
    eviction = _notice("eviction", **tenant)
    eviction["sender"] = {"kind": "kronofogden", "name": "Kronofogdemyndigheten"}
    with api.client() as client:
        opened = _post(client, landlord, first)
        joined = _post(client, kfm, eviction)
        assert opened.status_code == 201 and joined.status_code == 201, joined.text
        assert joined.json()["status"] == "joined"
        assert joined.json()["case_number"] == opened.json()["case_number"]
        end = time.monotonic() + 30
        while True:
            seen = client.get(f"/v1/notices/{eviction['notice_id']}", headers=kfm.auth).json()
            if seen["confirmation_sent"] or time.monotonic() > end:
                break
            time.sleep(0.5)
    assert seen["confirmation_sent"] is True and seen["confirmation_sent_at"], seen
    assert seen["status"] == "joined" and seen["kind"] == "eviction"


def test_the_same_notice_again_is_a_duplicate_as_first_answered(api: RunningApi) -> None:
    landlord = api.senders["landlord"]
    notice = _notice()
    with api.client() as client:
        first = _post(client, landlord, notice, key="key-1-" + notice["notice_id"])
        again_by_id = _post(client, landlord, notice)  # another key, the same notice
        spaced = json.dumps(notice, indent=2).encode()  # the same body, spaced otherwise
        again_by_key = _post(client, landlord, None, key="key-1-" + notice["notice_id"], raw=spaced)
    assert first.status_code == 201
    for again in (again_by_id, again_by_key):
        assert again.status_code == 200, again.text
        assert again.json() == {**first.json(), "status": "duplicate"}


def test_the_same_key_with_another_body_is_refused_naming_the_key(api: RunningApi) -> None:
    landlord = api.senders["landlord"]
    notice = _notice()
    with api.client() as client:
        assert _post(client, landlord, notice, key="reused").status_code == 201
        other = _notice()
        answer = _post(client, landlord, other, key="reused")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "Idempotency-Key"
    assert "nyckel" in answer.json()["errors"][0]["reason_sv"]


def test_a_broken_rule_is_rejected_in_both_languages_and_nothing_starts(
    api: RunningApi, operator: Operator
) -> None:
    notice = _notice()
    notice["rent_arrears"]["served_on"] = "2099-01-01"
    with api.client() as client:
        answer = _post(client, api.senders["landlord"], notice)
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == "rejected"
    assert {
        "field": "rent_arrears.served_on",
        "reason": "is after received_at",
        "reason_sv": "ligger efter received_at",
    } in body["errors"]
    done = operator.run("show", "--personnummer", notice["tenant"]["personnummer"], "--json")
    assert done.returncode == 1  # no case was started


def test_credentials_missing_unknown_or_revoked_get_401(api: RunningApi, operator: Operator) -> None:
    revoked = add_sender(operator, "Avflyttat AB", "landlord")
    notice = _notice()
    notice["sender"]["name"] = "Avflyttat AB"
    with api.client() as client:
        assert _post(client, revoked, notice).status_code == 201
        assert operator.run("senders", "revoke", revoked.sender_id).returncode == 0
        after = _post(client, revoked, _notice())
        assert after.status_code == 401 and after.headers["www-authenticate"] == "Bearer"
        assert client.get("/v1/notices?month=2026-01", headers=revoked.auth).status_code == 401
        assert client.post("/v1/notices", content=b"{}", headers={"Idempotency-Key": "x"}).status_code == 401
        wrong = ApiSender(revoked.sender_id, revoked.sender_id + ".guess", "", "")
        assert _post(client, wrong, notice).status_code == 401
    assert set(after.json()) == {"detail", "detail_sv"}


def test_not_this_senders_to_send_gets_403(api: RunningApi) -> None:
    landlord = api.senders["landlord"]
    with api.client() as client:
        eviction = _notice("eviction")
        eviction["sender"] = {"kind": "landlord", "name": "Bostads AB Exempel"}
        assert _post(client, landlord, eviction).status_code == 403  # only Kronofogden
        posing = _notice()
        posing["sender"] = {"kind": "kronofogden", "name": "Kronofogdemyndigheten"}
        assert _post(client, landlord, posing).status_code == 403
        other_name = _notice()
        other_name["sender"]["name"] = "Hyresgården AB"
        answer = _post(client, landlord, other_name)
    assert answer.status_code == 403 and "sender.name" in answer.json()["detail_sv"]


def test_the_sender_may_be_left_out_and_is_then_the_authenticated_one(
    api: RunningApi, operator: Operator
) -> None:
    notice = _notice()
    del notice["sender"], notice["received_at"]
    with api.client() as client:
        answer = _post(client, api.senders["other_landlord"], notice)
    assert answer.status_code == 201, answer.text
    received = datetime.fromisoformat(answer.json()["received_at"])
    assert abs(received - datetime.now(UTC)) < timedelta(minutes=2)  # the server's time of receipt


def test_too_large_or_not_json(api: RunningApi) -> None:
    landlord = api.senders["landlord"]
    with api.client() as client:
        large = _notice()
        large["note"] = "x" * (65 * 1024)
        assert _post(client, landlord, large).status_code == 413
        answer = _post(client, landlord, None, raw=b"{not json")
        assert answer.status_code == 400 and answer.json()["detail_sv"] == "innehållet är inte JSON"


def test_another_senders_notice_and_one_never_received_are_the_same_404(api: RunningApi) -> None:
    landlord, other = api.senders["landlord"], api.senders["other_landlord"]
    notice = _notice()
    with api.client() as client:
        assert _post(client, landlord, notice).status_code == 201
        mine = client.get(f"/v1/notices/{notice['notice_id']}", headers=landlord.auth)
        assert mine.status_code == 200 and mine.json()["notice_id"] == notice["notice_id"]
        timings: dict[str, list[float]] = {"theirs": [], "never": []}
        answers = {}
        for _ in range(15):
            for name, notice_id in (("theirs", notice["notice_id"]), ("never", "API-never-sent")):
                started = time.perf_counter()
                answer = client.get(f"/v1/notices/{notice_id}", headers=other.auth)
                timings[name].append(time.perf_counter() - started)
                answers[name] = (answer.status_code, answer.json())
    assert (
        answers["theirs"]
        == answers["never"]
        == (404, {"detail": "no such notice", "detail_sv": "ingen sådan underrättelse"})
    )
    theirs, never = statistics.median(timings["theirs"]), statistics.median(timings["never"])
    assert max(theirs, never) < 3 * min(theirs, never), timings  # the same order of time


def test_a_sender_lists_its_own_notices_of_a_month(api: RunningApi) -> None:
    landlord, other = api.senders["landlord"], api.senders["other_landlord"]
    notice = _notice()
    month = datetime.fromisoformat(notice["received_at"]).astimezone(STOCKHOLM).strftime("%Y-%m")
    with api.client() as client:
        assert _post(client, landlord, notice).status_code == 201
        mine = client.get("/v1/notices", params={"month": month}, headers=landlord.auth).json()
        theirs = client.get("/v1/notices", params={"month": month}, headers=other.auth).json()
        bad = client.get("/v1/notices", params={"month": "2026-13"}, headers=landlord.auth)
    assert notice["notice_id"] in [n["notice_id"] for n in mine["notices"]]
    assert notice["notice_id"] not in [n["notice_id"] for n in theirs["notices"]]
    assert bad.status_code == 422


def test_the_openapi_document_and_the_documentation_are_served(api: RunningApi) -> None:
    with api.client() as client:
        document = client.get("/openapi.json").json()
        docs = client.get("/docs")
    assert {"/v1/notices", "/v1/notices/{notice_id}"} <= set(document["paths"])
    posted = document["paths"]["/v1/notices"]["post"]["responses"]
    assert {"200", "201", "400", "401", "403", "413", "422", "429", "503"} <= set(posted)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_too_many_requests_from_one_sender_get_429(operator: Operator, tmp_path: Path) -> None:
    sender = add_sender(operator, "Bostads AB Exempel", "landlord")
    with running_api(operator, tmp_path / "api.log", rate="3/minute") as slow, slow.client() as client:
        answers = [client.get("/v1/notices?month=2026-11", headers=sender.auth) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60


def test_no_worker_is_503_with_retry_after_and_nothing_half_done(
    api: RunningApi, operator: Operator, tmp_path: Path
) -> None:
    landlord = api.senders["landlord"]
    notice = _notice()
    operator.stop_worker()
    try:
        with api.client() as client:
            answer = _post(client, landlord, notice, key="while-down")
        assert answer.status_code == 503, answer.text
        assert int(answer.headers["retry-after"]) > 0
    finally:
        operator.start_worker(operator.env, tmp_path / "worker-again.log")
        wait_for_worker(operator.env)
    with api.client() as client:
        again = _post(client, landlord, notice, key="while-down")  # the sender retries
    assert again.status_code in (200, 201), again.text
    view = operator.show_when(
        operator.show("--personnummer", notice["tenant"]["personnummer"])["case_id"],
        lambda v: v["letters"],
    )
    assert view["notices"] == [f"{landlord.sender_id}/{notice['notice_id']}"]
    assert sum(letter["kind"] == "information_letter" for letter in view["letters"]) == 1


def test_a_hostile_client_from_the_document_finds_no_fault(api: RunningApi, tmp_path: Path) -> None:
    """Schemathesis, property-based testing from the OpenAPI document, with and without
    credentials: no 500, and every answer as the document says. It runs in the test's folder:
    it keeps a cache of crashes in the folder it runs in, not in the repository."""
    checks = ",".join(
        [
            "not_a_server_error",
            "status_code_conformance",
            "content_type_conformance",
            "response_headers_conformance",
            "response_schema_conformance",
        ]
    )
    for headers in ([], ["--header", f"Authorization: Bearer {api.senders['other_landlord'].secret}"]):
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "st"),
                "run",
                f"{api.url}/openapi.json",
                "--checks",
                checks,
                "--max-examples",
                "40",
                "--phases",
                "examples,coverage,fuzzing",
                "--request-timeout",
                "30",
                "--seed",
                "22",
                "--generation-deterministic",
                *headers,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
