"""The session: an encrypted cookie (it carries the user's bearer token), its CSRF token, and who is signed in.

The cookie is `HttpOnly` (no script reads it), `SameSite=Lax` (no other site's form posts with it), `Secure`
outside development, and encrypted and authenticated (Fernet: AES-CBC with an HMAC) so neither its content nor
its age can be read or changed. Every form carries the session's CSRF token and every POST checks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Annotated, Any

from cryptography.fernet import Fernet, InvalidToken
from fastapi import Depends, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "continuum_portal"


@dataclass(frozen=True)
class SignedIn:
    """The signed-in user as the token says: for navigation only; every API decides access for itself."""

    token: str
    name: str
    roles: frozenset[str]
    pods: tuple[str, ...]
    worker_id: str | None
    expires: int

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


class SignInNeeded(Exception):
    """No session (or it has ended): the page sends the user to sign in, and back afterwards."""


class CsrfRefused(Exception):
    """A form posted without this session's CSRF token."""


def fernet_for(secret: str | None) -> Fernet:
    if secret is None:
        return Fernet(Fernet.generate_key())
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()))


class SessionMiddleware:
    """Loads `scope["session"]` from the cookie and writes it back when a page changed it."""

    def __init__(self, app: ASGIApp, *, fernet: Fernet, max_age: int, secure: bool) -> None:
        self.app = app
        self.fernet = fernet
        self.max_age = max_age
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loaded = self._load(Request(scope).cookies.get(COOKIE))
        scope["session"] = dict(loaded)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and scope["session"] != loaded:
                message.setdefault("headers", []).append((b"set-cookie", self._cookie(scope["session"]).encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, cookie: str | None) -> dict[str, Any]:
        if not cookie:
            return {}
        try:
            loaded = json.loads(self.fernet.decrypt(cookie.encode(), ttl=self.max_age))
        except (InvalidToken, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _cookie(self, session: dict[str, Any]) -> str:
        flags = f"Path=/; HttpOnly; SameSite=Lax{'; Secure' if self.secure else ''}"
        if not session:
            return f"{COOKIE}=; Max-Age=0; {flags}"
        value = self.fernet.encrypt(json.dumps(session, separators=(",", ":")).encode()).decode()
        return f"{COOKIE}={value}; Max-Age={self.max_age}; {flags}"


def session_of(request: Request) -> dict[str, Any]:
    session: dict[str, Any] = request.scope["session"]
    return session


def csrf_token(request: Request) -> str:
    session = session_of(request)
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


async def check_csrf(request: Request) -> None:
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    expected = session_of(request).get("csrf")
    if not expected or not hmac.compare_digest(sent.encode(), str(expected).encode()):
        raise CsrfRefused()


def sign_in(request: Request, user: SignedIn) -> None:
    session = session_of(request)
    session.clear()
    # A new session on sign-in (and a new CSRF token): nothing from before carries over.
    session["user"] = {
        "token": user.token,
        "name": user.name,
        "roles": sorted(user.roles),
        "pods": list(user.pods),
        "worker_id": user.worker_id,
        "expires": user.expires,
    }
    session["csrf"] = secrets.token_urlsafe(32)


def signed_in(request: Request) -> SignedIn | None:
    user = session_of(request).get("user")
    if not isinstance(user, dict) or int(user.get("expires", 0)) <= time.time():
        return None
    return SignedIn(
        token=str(user["token"]),
        name=str(user["name"]),
        roles=frozenset(user["roles"]),
        pods=tuple(user["pods"]),
        worker_id=user.get("worker_id"),
        expires=int(user["expires"]),
    )


async def require_user(request: Request) -> SignedIn:
    user = signed_in(request)
    if user is None:
        raise SignInNeeded()
    return user


User = Annotated[SignedIn, Depends(require_user)]
CsrfChecked = Depends(check_csrf)
