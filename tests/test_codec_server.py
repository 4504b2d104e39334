"""The Web UI's codec server: only those allowed read, nothing leaks to the rest, every read is
logged. A real HTTP server on loopback, a real identity provider's key set, real tokens."""

import base64
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads

from infra.access_log import reads_of
from infra.codec import EncryptionCodec
from infra.codec_server import SESSION_COOKIE, CodecServer, OidcSettings
from run_local import free_port

UI = "http://localhost:8233"
ISSUER, AUDIENCE = "https://idp.kommun.example", "temporal-ui"
CASE = "household-" + "ab" * 16


@dataclass
class Running:
    base: str
    server: CodecServer
    key: rsa.RSAPrivateKey
    log: Path

    def token(self, *, groups: Any = None, expires_in: int = 300, key: Any = None, **more: Any) -> str:
        claims = {
            "sub": "u-17",
            "preferred_username": "arbetsledare.anna",
            "iss": ISSUER,
            "aud": AUDIENCE,
            "exp": int(time.time()) + expires_in,
            "groups": ["eviction-supervisors"] if groups is None else groups,
            **more,
        }
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": "k1"})


async def _serve(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))

    async def jwks(_: web.Request) -> web.Response:
        return web.json_response({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})

    idp = web.Application()
    idp.add_routes([web.get("/jwks", jwks)])
    idp_port, port = free_port(), free_port()
    server = CodecServer(
        codec=EncryptionCodec(b"p" * 32),
        ui_origin=UI,
        access_log=tmp_path / "access.jsonl",
        login_tokens={"one-time-token"},
        oidc=OidcSettings(jwks_url=f"http://127.0.0.1:{idp_port}/jwks", issuer=ISSUER, audience=AUDIENCE),
        ui_url=f"{UI}/namespaces/default/workflows",
    )
    runners = [await _serve(idp, idp_port), await _serve(server.app(), port)]
    yield Running(f"http://127.0.0.1:{port}", server, key, tmp_path / "access.jsonl")
    for runner in runners:
        await runner.cleanup()


def body(*payloads: Payload) -> str:
    return json_format.MessageToJson(Payloads(payloads=list(payloads)))


async def encrypted(text: str) -> Payload:
    codec = EncryptionCodec(b"p" * 32, case_id=CASE)
    [payload] = await codec.encode([Payload(metadata={"encoding": b"json/plain"}, data=text.encode())])
    return payload


async def post(running: Running, path: str, data: str, **headers: str) -> tuple[int, str, dict[str, str]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(running.base + path, data=data, headers=headers) as response,
    ):
        return response.status, await response.text(), dict(response.headers)


async def logged_in(running: Running) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{running.base}/login?token=one-time-token", allow_redirects=False) as response,
    ):
        assert response.status == 200 and f'href="{UI}/namespaces/default/workflows"' in await response.text()
        cookie = response.cookies[SESSION_COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        return cookie.value


async def test_decode_and_encode_round_trip_for_a_logged_in_supervisor(running: Running) -> None:
    cookie = await logged_in(running)
    secret = await encrypted('{"tenant": "Amina Example"}')
    status, text, _ = await post(running, "/decode", body(secret), Cookie=f"{SESSION_COOKIE}={cookie}")
    assert status == 200
    [plain] = json_format.Parse(text, Payloads()).payloads
    assert plain.data == b'{"tenant": "Amina Example"}'
    status, text, _ = await post(running, "/encode", body(plain), Cookie=f"{SESSION_COOKIE}={cookie}")
    [again] = json_format.Parse(text, Payloads()).payloads
    assert status == 200 and b"Amina" not in again.data
    assert (await EncryptionCodec(b"p" * 32).decode([again]))[0].data == plain.data


async def test_the_one_time_link_works_once(running: Running) -> None:
    await logged_in(running)
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{running.base}/login?token=one-time-token", allow_redirects=False) as response,
    ):
        assert response.status == 401 and SESSION_COOKIE not in response.cookies


async def test_without_valid_credentials_nothing_is_revealed(running: Running) -> None:
    secret = await encrypted('{"tenant": "Amina Example"}')
    garbage = Payload(
        metadata={"encoding": b"binary/encrypted", "encryption-key-id": b"k1"}, data=b"no such case"
    )
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attempts = [
        {},
        {"Cookie": f"{SESSION_COOKIE}=made-up-session"},
        {"Authorization": f"Bearer {running.token(expires_in=-60)}"},
        {"Authorization": f"Bearer {running.token(key=other_key)}"},
        {"Authorization": "Bearer not-a-token"},
    ]
    for headers in attempts:
        for payload in (secret, garbage):  # a real case or none: the same answer
            status, text, _ = await post(running, "/decode", body(payload), **headers)
            assert (status, json.loads(text)) == (401, {"error": "unauthorized"}), headers
        status, _, _ = await post(running, "/encode", body(secret), **headers)
        assert status == 401
    status, text, _ = await post(
        running, "/decode", body(secret), Authorization=f"Bearer {running.token(groups=['staff'])}"
    )
    assert (status, json.loads(text)) == (403, {"error": "forbidden"})
    assert reads_of(running.log, CASE) == []  # nothing was read, nothing logged


async def test_a_valid_token_with_the_role_reads_and_the_read_is_logged(running: Running) -> None:
    secret = await encrypted('{"deadline": "2026-12-04"}')
    status, text, _ = await post(
        running,
        "/decode",
        body(secret),
        Authorization=f"Bearer {running.token()}",
        Origin=UI,
        **{"X-Namespace": "default"},
    )
    assert status == 200 and b"2026-12-04" in json_format.Parse(text, Payloads()).payloads[0].data
    [entry] = reads_of(running.log, CASE)
    assert (
        entry["user"] == "arbetsledare.anna" and entry["via"] == "web-ui" and entry["namespace"] == "default"
    )
    assert entry["remote"] == "127.0.0.1" and "Amina" not in running.log.read_text()
    assert oct(running.log.stat().st_mode & 0o777) == "0o600"


async def test_a_tampered_ciphertext_is_refused_cleanly(running: Running) -> None:
    cookie = await logged_in(running)
    secret = await encrypted("{}")
    secret.data = secret.data[:-1] + bytes([secret.data[-1] ^ 1])
    status, text, _ = await post(running, "/decode", body(secret), Cookie=f"{SESSION_COOKIE}={cookie}")
    assert (status, json.loads(text)) == (400, {"error": "a payload could not be decrypted"})
    status, _, _ = await post(running, "/decode", "{not json", Cookie=f"{SESSION_COOKIE}={cookie}")
    assert status == 400


async def test_cors_answers_the_web_uis_origin_only(running: Running) -> None:
    async with aiohttp.ClientSession() as session:
        for origin, status in ((UI, 204), ("https://evil.example", 403)):
            headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
            async with session.options(running.base + "/decode", headers=headers) as response:
                assert response.status == status
                allowed = response.headers.get("Access-Control-Allow-Origin")
                assert allowed == (UI if origin == UI else None)
                if origin == UI:
                    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    _, _, headers = await post(running, "/decode", body(await encrypted("{}")), Origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in headers


def test_payload_bodies_use_the_protocols_json_form() -> None:
    payload = Payload(metadata={"encoding": b"json/plain"}, data=b"1")
    loaded = json.loads(body(payload))
    assert loaded == {
        "payloads": [{"metadata": {"encoding": base64.b64encode(b"json/plain").decode()}, "data": "MQ=="}]
    }


async def test_a_payload_decodes_only_with_the_case_id_it_was_written_for(running: Running) -> None:
    """Issue 19: the case id in clear is the ciphertext's associated data. Removed or swapped,
    the payload is not decrypted, so no read escapes the log or is logged under another case."""
    cookie = await logged_in(running)
    other = "household-" + "cd" * 16
    for change in ("remove", "swap"):
        secret = await encrypted('{"tenant": "Amina Example"}')
        if change == "remove":
            del secret.metadata["case-id"]
        else:
            secret.metadata["case-id"] = other.encode()
        status, text, _ = await post(running, "/decode", body(secret), Cookie=f"{SESSION_COOKIE}={cookie}")
        assert (status, json.loads(text)) == (400, {"error": "a payload could not be decrypted"}), change
        del secret.metadata["encryption-version"]  # and read as a payload from before: still refused
        status, _, _ = await post(running, "/decode", body(secret), Cookie=f"{SESSION_COOKIE}={cookie}")
        assert status == 400, change
    assert not running.log.exists() or "Amina" not in running.log.read_text()
    assert reads_of(running.log, other) == []


async def test_payloads_written_before_the_binding_stay_readable_and_the_log_says_so(
    running: Running,
) -> None:
    nonce = b"n" * 12
    legacy = Payload(
        metadata={"encoding": b"binary/encrypted", "encryption-key-id": b"k1", "case-id": CASE.encode()},
        data=nonce
        + AESGCM(b"p" * 32).encrypt(
            nonce, Payload(metadata={"encoding": b"json/plain"}, data=b"{}").SerializeToString(), None
        ),
    )
    status, _, _ = await post(
        running,
        "/decode",
        body(legacy),
        Authorization=f"Bearer {running.token()}",
        **{"User-Agent": "Go-http-client/1.1"},
    )
    assert status == 200
    [entry] = reads_of(running.log, CASE)
    assert entry["unbound_payloads"] == 1 and entry["via"] == "temporal-cli"


async def test_claims_of_the_wrong_type_are_refused_not_a_server_error(running: Running) -> None:
    secret = await encrypted("{}")
    for claims, wanted in (
        ({"groups": 42}, 403),
        ({"groups": {"eviction-supervisors": True}}, 403),
        ({"groups": [["eviction-supervisors"]]}, 403),
        ({"preferred_username": 7, "email": None, "sub": ["u"]}, 401),
    ):
        token = running.token(**claims)
        status, text, _ = await post(running, "/decode", body(secret), Authorization=f"Bearer {token}")
        assert status == wanted and "Traceback" not in text, claims
    assert reads_of(running.log, CASE) == []
