"""The remote codec server for the Temporal Web UI: decrypts payloads for people allowed to
read them, and logs every read.

Temporal's remote codec protocol: `POST /decode` and `POST /encode` with `{"payloads": [...]}`
in the protobuf JSON form. Every request is authenticated first, and without valid credentials
the answer is 401 with nothing else: not whether the case exists, not what failed. Two ways in:

- the embedded default: a one-time link (`/login?token=...`, printed by the run command) sets a
  session cookie; the Web UI sends it with "include cross-origin credentials";
- production: the Web UI runs with OIDC and passes the user's access token
  (`TEMPORAL_CODEC_PASS_ACCESS_TOKEN`); its signature is checked against the identity
  provider's published keys (PyJWT), with issuer, audience, expiry, and a required group or
  role claim (403 without it).

CORS answers the Web UI's origin only. `python -m infra.codec_server` runs it.
"""

import asyncio
import binascii
import html
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from aiohttp import web
from cryptography.exceptions import InvalidTag
from google.protobuf import json_format
from temporalio.api.common.v1 import Payloads

from infra.access_log import record_read
from infra.codec import CASE_ID, ENCODING, EncryptionCodec, is_bound
from infra.logging import configure_logging
from infra.process import private_files
from infra.settings import load_settings

SESSION_COOKIE = "eviction_codec_session"
LOGGED_IN = """<!doctype html><html lang="sv"><meta charset="utf-8"><title>Inloggad</title>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Du är inloggad för att läsa ärenden</h1>
<p>Första gången i den här webbläsaren: öppna Web UI, klicka på glasögonikonen uppe till höger
(Codec Server), välj <em>Use my browser setting and ignore Cluster-level setting</em>, skriv
<code>{origin}</code> som endpoint, kryssa i <em>Include cross-origin credentials</em> och spara.</p>
<p>Varje gång du läser ett ärende loggas det: vem, när och vilket ärende.</p>
<p><a id="web-ui" href="{ui}">Till Web UI</a></p>
</body></html>"""
SESSION_SECONDS = 8 * 3600
MAX_BODY = 4 * 1024 * 1024


def client_of(request: web.Request) -> str:
    """Which client asked: a browser sends its page's origin (the Web UI), the `temporal` CLI is
    a Go program; anything else is named as such."""
    if request.headers.get("Origin"):
        return "web-ui"
    if request.headers.get("User-Agent", "").startswith("Go-http-client"):
        return "temporal-cli"
    return "other"


@dataclass(frozen=True)
class OidcSettings:
    jwks_url: str
    issuer: str
    audience: str
    role_claim: str = "groups"
    role: str = "eviction-supervisors"


@dataclass
class CodecServer:
    codec: EncryptionCodec
    ui_origin: str
    access_log: Path
    login_tokens: set[str] = field(default_factory=set)  # one-time, each used once
    # The embedded default's token for the `temporal` CLI (`--codec-auth "Bearer …"`): a person
    # at this machine, for as long as this server runs. Production uses OIDC tokens instead.
    cli_tokens: set[str] = field(default_factory=set)
    oidc: OidcSettings | None = None
    sessions: dict[str, tuple[str, float]] = field(default_factory=dict)  # id -> (user, expiry)
    ui_url: str = ""

    def __post_init__(self) -> None:
        self._keys = jwt.PyJWKClient(self.oidc.jwks_url, cache_keys=True) if self.oidc else None

    # ---- who is asking ---------------------------------------------------------------------

    def _session_user(self, request: web.Request) -> str | None:
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if session is None or session[1] < time.time():
            return None
        return session[0]

    async def _token_user(self, request: web.Request) -> str | None:
        """The token's user when it checks out; raises HTTPForbidden when the role is missing."""
        header = request.headers.get("Authorization", "")
        if self.oidc is None or self._keys is None or not header.startswith("Bearer "):
            return None
        token = header.removeprefix("Bearer ").strip()
        try:
            # The key set is fetched (and cached) by PyJWT over blocking HTTP: off the event loop.
            key = await asyncio.to_thread(self._keys.get_signing_key_from_jwt, token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256", "ES256", "PS256"],
                audience=self.oidc.audience,
                issuer=self.oidc.issuer,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, jwt.PyJWKClientError):
            return None
        # Claims of another type than the standard's (a number, an object) are the identity
        # provider's mistake or an attack: refused like a missing claim, never a 500 (issue 19).
        roles = claims.get(self.oidc.role_claim) or []
        if isinstance(roles, str):
            roles = roles.split()
        if not isinstance(roles, list) or self.oidc.role not in [r for r in roles if isinstance(r, str)]:
            raise web.HTTPForbidden(text=json.dumps({"error": "forbidden"}), content_type="application/json")
        for name in ("preferred_username", "email", "sub"):
            user = claims.get(name)
            if isinstance(user, str) and user.strip():
                return user
        return None

    def _cli_user(self, request: web.Request) -> str | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if token and any(secrets.compare_digest(token, known) for known in self.cli_tokens):
            return "supervisor (embedded default, temporal CLI)"
        return None

    async def _user(self, request: web.Request) -> str:
        user = self._session_user(request) or self._cli_user(request) or await self._token_user(request)
        if user is None:
            raise web.HTTPUnauthorized(
                text=json.dumps({"error": "unauthorized"}), content_type="application/json"
            )
        return user

    # ---- the protocol ----------------------------------------------------------------------

    async def _payloads(self, request: web.Request) -> Payloads:
        try:
            body = await request.read()
            if len(body) > MAX_BODY:
                raise ValueError("too large")
            return json_format.Parse(body, Payloads())
        except (ValueError, json_format.ParseError):
            raise web.HTTPBadRequest(
                text=json.dumps({"error": "not a list of payloads"}), content_type="application/json"
            ) from None

    async def decode(self, request: web.Request) -> web.Response:
        user = await self._user(request)
        payloads = await self._payloads(request)
        try:
            decoded = await self.codec.decode(list(payloads.payloads))
        except (InvalidTag, ValueError, binascii.Error):
            raise web.HTTPBadRequest(
                text=json.dumps({"error": "a payload could not be decrypted"}),
                content_type="application/json",
            ) from None
        # Every bound payload decrypted with the case id it names: the log names the right case.
        cases = [p.metadata[CASE_ID].decode() for p in payloads.payloads if CASE_ID in p.metadata]
        unbound = sum(p.metadata.get("encoding") == ENCODING and not is_bound(p) for p in payloads.payloads)
        record_read(
            self.access_log,
            user=user,
            via=client_of(request),
            cases=cases,
            remote=request.remote,
            namespace=request.headers.get("X-Namespace"),
            payloads=len(decoded),
            **({"unbound_payloads": unbound} if unbound else {}),
        )
        return self._json(Payloads(payloads=decoded))

    async def encode(self, request: web.Request) -> web.Response:
        await self._user(request)
        payloads = await self._payloads(request)
        return self._json(Payloads(payloads=await self.codec.encode(list(payloads.payloads))))

    @staticmethod
    def _json(payloads: Payloads) -> web.Response:
        return web.Response(text=json_format.MessageToJson(payloads), content_type="application/json")

    async def login(self, request: web.Request) -> web.Response:
        """The one-time link: a valid token becomes a session cookie, once."""
        token = request.query.get("token", "")
        if not token or not any(secrets.compare_digest(token, known) for known in self.login_tokens):
            raise web.HTTPUnauthorized(text="Länken är ogiltig eller redan använd.")
        self.login_tokens.discard(token)
        session = secrets.token_urlsafe(32)
        self.sessions[session] = ("supervisor (embedded default)", time.time() + SESSION_SECONDS)
        page = LOGGED_IN.format(
            ui=html.escape(self.ui_url or self.ui_origin), origin=html.escape(self.origin_of_self(request))
        )
        response = web.Response(text=page, content_type="text/html")
        response.set_cookie(
            SESSION_COOKIE, session, max_age=SESSION_SECONDS, httponly=True, samesite="Strict", path="/"
        )
        return response

    @staticmethod
    def origin_of_self(request: web.Request) -> str:
        return f"{request.scheme}://{request.host}"

    async def health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    # ---- CORS: the Web UI's origin only ----------------------------------------------------

    @web.middleware
    async def cors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        allowed = origin == self.ui_origin
        if request.method == "OPTIONS":
            if not allowed:
                return web.Response(status=403)
            response: web.StreamResponse = web.Response(status=204)
        else:
            try:
                response = await handler(request)
            except web.HTTPException as error:  # answered as a plain response, CORS added below
                response = web.Response(status=error.status, body=error.body, headers=error.headers)
        if allowed:
            response.headers["Access-Control-Allow-Origin"] = self.ui_origin
            response.headers["Access-Control-Allow-Credentials"] = "true"
            response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization, X-Namespace"
            response.headers["Vary"] = "Origin"
        return response

    def app(self) -> web.Application:
        application = web.Application(middlewares=[self.cors], client_max_size=MAX_BODY)
        application.add_routes(
            [
                web.post("/decode", self.decode),
                web.post("/encode", self.encode),
                web.get("/login", self.login),
                web.get("/health", self.health),
            ]
        )
        return application


def from_environment() -> tuple[CodecServer, str, int]:
    """The codec server the settings describe (the payload key is the cases' key)."""
    settings = load_settings()
    oidc = None
    if os.environ.get("EVICTION_OIDC_JWKS_URL"):
        oidc = OidcSettings(
            jwks_url=os.environ["EVICTION_OIDC_JWKS_URL"],
            issuer=os.environ["EVICTION_OIDC_ISSUER"],
            audience=os.environ["EVICTION_OIDC_AUDIENCE"],
            role_claim=os.environ.get("EVICTION_OIDC_ROLE_CLAIM", "groups"),
            role=os.environ.get("EVICTION_OIDC_ROLE", "eviction-supervisors"),
        )
    tokens = {token for token in os.environ.get("EVICTION_LOGIN_TOKEN", "").split(",") if token}
    ui_origin = os.environ.get("EVICTION_UI_ORIGIN", "http://localhost:8233")
    server = CodecServer(
        codec=EncryptionCodec(settings.key_ring(), settings.payload_key_id),  # the workers' key ring
        ui_origin=ui_origin,
        access_log=settings.data_dir / "logs" / "access.jsonl",
        login_tokens=tokens,
        cli_tokens={token for token in os.environ.get("EVICTION_CLI_TOKEN", "").split(",") if token},
        oidc=oidc,
        ui_url=os.environ.get(
            "EVICTION_UI_URL", f"{ui_origin}/namespaces/{settings.temporal_namespace}/workflows"
        ),
    )
    return (
        server,
        os.environ.get("EVICTION_CODEC_HOST", "127.0.0.1"),
        int(os.environ.get("EVICTION_CODEC_PORT", "8081")),
    )


def main() -> None:
    private_files()
    configure_logging()
    server, host, port = from_environment()
    web.run_app(server.app(), host=host, port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
