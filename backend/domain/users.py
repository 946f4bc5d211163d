"""Users, roles and credentials (browser sessions, API tokens, one-time sign-in links).

Secrets are random, shown once and stored only as SHA-256; passwords are hashed with argon2."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.domain import throttle
from backend.domain.dates import to_utc
from backend.domain.db import atomic
from backend.domain.errors import DomainError, Problem
from backend.domain.errors import UserErrorCode as Code
from backend.models import Credential, Role, User

SESSION = "session"
TOKEN = "token"
LINK = "link"
SESSION_LIFETIME = timedelta(days=14)
LINK_LIFETIME = timedelta(hours=24)
MAX_TOKEN_LIFETIME = timedelta(days=5 * 365)
MIN_PASSWORD = 10
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_PREFIX = {SESSION: "sts_", TOKEN: "stt_", LINK: "stl_"}
log = logging.getLogger("serialtrace.auth")
_hasher = PasswordHasher()
# Verified against when the user does not exist, so that a wrong name costs as long as a wrong
# password and does not tell which names exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    credential: Credential
    secret: str  # shown once


def _check_new_user(username: str, password: str | None) -> list[Problem]:
    problems = []
    if not _USERNAME.fullmatch(username):
        problems.append(
            Problem(
                Code.INVALID_USERNAME,
                "A username is 1-64 letters, digits or . _ @ -.",
                field="username",
            )
        )
    if password is not None and len(password) < MIN_PASSWORD:
        problems.append(
            Problem(
                Code.WEAK_PASSWORD,
                f"A password needs at least {MIN_PASSWORD} characters.",
                field="password",
            )
        )
    return problems


async def create_user(username: str, password: str | None, role: Role) -> User:
    username = username.strip()
    problems = _check_new_user(username, password)
    if problems:
        raise DomainError(problems)
    password_hash = await hash_password(password) if password else None

    async def work(conn: BaseDBAsyncClient) -> User:
        if await User.filter(username=username).using_db(conn).exists():
            raise DomainError(
                [Problem(Code.USERNAME_TAKEN, f"{username} exists already.", field="username")]
            )
        return await User.create(
            username=username, role=role, password_hash=password_hash, using_db=conn
        )

    return await atomic(work)


async def update_user(
    user_id: int,
    *,
    role: Role | None = None,
    active: bool | None = None,
    password: str | None = None,
    keep_tokens: bool = False,
) -> User:
    """Changes a user. Deactivating it or setting its password ends every credential that
    stands for it: sessions and sign-in links always, API tokens unless `keep_tokens` (an
    admin who knows the integrations must go on). Reactivating brings none of them back."""
    if password is not None and len(password) < MIN_PASSWORD:
        raise DomainError(
            [
                Problem(
                    Code.WEAK_PASSWORD,
                    f"A password needs at least {MIN_PASSWORD} characters.",
                    field="password",
                )
            ]
        )
    password_hash = await hash_password(password) if password is not None else None

    async def work(conn: BaseDBAsyncClient) -> User:
        user = await User.filter(id=user_id).using_db(conn).select_for_update().first()
        if user is None:
            raise DomainError([Problem(Code.NOT_FOUND, "The user was not found.", field="userId")])
        demoted = (role is not None and role != Role.ADMIN) or active is False
        if user.role == Role.ADMIN and demoted:
            admins = await User.filter(role=Role.ADMIN, active=True).using_db(conn).count()
            if admins <= 1:
                raise DomainError(
                    [
                        Problem(
                            Code.LAST_ADMIN,
                            "The last admin can't be demoted or deactivated.",
                            field="userId",
                        )
                    ]
                )
        if role is not None:
            user.role = role
        if active is not None:
            user.active = active
        if password_hash is not None:
            user.password_hash = password_hash
        await user.save(using_db=conn)
        if active is False or password is not None:
            kinds = [SESSION, LINK] if keep_tokens else [SESSION, LINK, TOKEN]
            await (
                Credential.filter(user_id=user.id, kind__in=kinds, revoked_at=None)
                .using_db(conn)
                .update(revoked_at=now())
            )
        return user

    return await atomic(work)


# argon2 takes tens of milliseconds and 64 MiB per hash: it runs in worker threads, never on
# the event loop, and at most HASHING at a time per process, so a burst of sign-ins can't
# starve other requests or the memory.
HASHING = 2
_hashing = asyncio.Semaphore(HASHING)


async def _verify(password_hash: str, password: str) -> bool:
    async with _hashing:
        try:
            return await asyncio.to_thread(_hasher.verify, password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


async def hash_password(password: str) -> str:
    async with _hashing:
        return await asyncio.to_thread(_hasher.hash, password)


async def authenticate(username: str, password: str) -> User | None:
    user = await User.filter(username=username.strip(), active=True).first()
    ok = await _verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    return user if ok and user and user.password_hash else None


@dataclass(frozen=True)
class SignIn:
    user: User | None
    blocked: throttle.Blocked | None = None


async def sign_in(username: str, password: str, address: str | None) -> SignIn:
    """A password sign-in, throttled per account and per client address (domain.throttle)."""
    blocked = await throttle.count_attempt(username, address)
    if blocked is not None:
        if throttle.first_refusal(username, address, blocked):  # once a minute per key
            log.warning(
                "sign-in refused for %r from %s: %s blocked for %d s",
                username[:64],
                address,
                blocked.what,
                blocked.retry_after,
            )
        return SignIn(None, blocked)
    user = await authenticate(username, password)
    if user is None:
        log.warning("sign-in failed for %r from %s", username[:64], address)
        return SignIn(None)
    await throttle.succeeded(username, address)
    return SignIn(user)


async def issue(
    user: User,
    kind: str,
    name: str = "",
    lifetime: timedelta | None = None,
    *,
    expires: datetime | None = None,
    scope: Role | None = None,
) -> Issued:
    secret = _PREFIX[kind] + secrets.token_urlsafe(32)
    credential = await Credential.create(
        user=user,
        kind=kind,
        name=name.strip()[:100],
        secret_hash=_digest(secret),
        expires_at=now() + lifetime if lifetime else expires,
        scope=scope,
    )
    return Issued(credential, secret)


async def resolve(secret: str, kind: str) -> User | None:
    """The active user a secret stands for, or None (unknown, revoked, expired)."""
    if not secret.startswith(_PREFIX[kind]):
        return None
    credential = (
        await Credential.filter(secret_hash=_digest(secret), kind=kind, revoked_at=None)
        .select_related("user")
        .first()
    )
    stamp = now()
    if credential is None or (credential.expires_at and credential.expires_at <= stamp):
        return None
    if not credential.user.active:
        return None
    if credential.scope is not None and not credential.scope.covers(credential.user.role):
        # A token scoped below its user acts with the scope's role (never saved).
        credential.user.role = credential.scope
    if credential.last_used_at is None or stamp - credential.last_used_at > timedelta(minutes=5):
        await Credential.filter(id=credential.id).update(last_used_at=stamp)
    return credential.user


async def use_link(secret: str) -> User | None:
    """A one-time sign-in link: it works once, then never again."""
    user = await resolve(secret, LINK)
    if user is None:
        return None
    used = await Credential.filter(secret_hash=_digest(secret), revoked_at=None).update(
        revoked_at=now()
    )
    return user if used else None


async def revoke(credential_id: int, kind: str | None = None) -> bool:
    query = Credential.filter(id=credential_id, revoked_at=None)
    if kind:
        query = query.filter(kind=kind)
    return bool(await query.update(revoked_at=now()))


async def revoke_secret(secret: str) -> None:
    await Credential.filter(secret_hash=_digest(secret), revoked_at=None).update(revoked_at=now())


async def first_run_link() -> str | None:
    """When nobody can sign in yet, creates an `admin` and returns a one-time sign-in link
    secret for it; otherwise None."""
    if await User.exists():
        return None
    admin = await create_user("admin", None, Role.ADMIN)
    return (await issue(admin, LINK, "first run", LINK_LIFETIME)).secret


async def sign_in_link_for(username: str) -> str:
    user = await User.filter(username=username, active=True).first()
    if user is None:
        raise DomainError(
            [Problem(Code.NOT_FOUND, f"No active user {username}.", field="username")]
        )
    return (await issue(user, LINK, "sign-in link", LINK_LIFETIME)).secret


def _no_user() -> DomainError:
    return DomainError([Problem(Code.NOT_FOUND, "The user was not found.", field="userId")])


async def list_users() -> list[User]:
    return await User.all().order_by("username")


async def list_tokens() -> list[Credential]:
    """Every API token, newest first, with its user."""
    return await Credential.filter(kind=TOKEN).select_related("user").order_by("-id")


async def create_token(
    owner_id: int, name: str, *, expires_at: datetime | None = None, scope: Role | None = None
) -> Issued:
    """A new API token for a user, optionally expiring and scoped to a lower role (VIEWER:
    read-only); its secret is shown once."""
    problems = (
        []
        if name.strip()
        else [Problem(Code.REQUIRED, "Name the token (what uses it).", field="name")]
    )
    stamp = now()
    expiry = to_utc(expires_at) if expires_at is not None else None
    if expires_at is not None and (expiry is None or expiry <= stamp):
        problems.append(
            Problem(Code.INVALID_DATE, "A token's expiry must be in the future.", field="expiresAt")
        )
    elif expiry is not None and expiry > stamp + MAX_TOKEN_LIFETIME:
        problems.append(
            Problem(
                Code.INVALID_DATE,
                f"A token expires within {MAX_TOKEN_LIFETIME.days // 365} years at the latest.",
                field="expiresAt",
            )
        )
    owner = await User.filter(id=owner_id).first()
    if owner is None:
        problems.append(_no_user().problems[0])
    elif scope is not None and not owner.role.covers(scope):
        problems.append(
            Problem(
                Code.INVALID_SCOPE,
                f"A token can't do more than its user: "
                f"{owner.username} is {owner.role.value}, not {scope.value}.",
                field="scope",
            )
        )
    if problems:
        raise DomainError(problems)
    assert owner is not None
    issued = await issue(owner, TOKEN, name, expires=expiry, scope=scope)
    issued.credential.user = owner
    return issued


async def revoke_token(token_id: int) -> Credential:
    if not await revoke(token_id, TOKEN):
        raise DomainError(
            [Problem(Code.NOT_FOUND, "No active token has that id.", field="tokenId")]
        )
    return await Credential.get(id=token_id).select_related("user")


async def sign_in_link_for_id(user_id: int) -> str:
    """A one-time sign-in link secret for a user (an admin hands it over)."""
    user = await User.filter(id=user_id).first()
    if user is None:
        raise _no_user()
    return await sign_in_link_for(user.username)
