"""Users, roles and credentials (browser sessions, API tokens, one-time sign-in links).

Secrets are random, shown once and stored only as SHA-256; passwords are hashed with argon2."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.domain.db import atomic
from backend.domain.errors import DomainError, Problem
from backend.domain.errors import UserErrorCode as Code
from backend.models import Credential, Role, User

SESSION = "session"
TOKEN = "token"
LINK = "link"
SESSION_LIFETIME = timedelta(days=14)
LINK_LIFETIME = timedelta(hours=24)
MIN_PASSWORD = 10
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_PREFIX = {SESSION: "sts_", TOKEN: "stt_", LINK: "stl_"}
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
        problems.append(Problem(Code.INVALID_USERNAME,
                                "A username is 1-64 letters, digits or . _ @ -.", field="username"))
    if password is not None and len(password) < MIN_PASSWORD:
        problems.append(Problem(Code.WEAK_PASSWORD,
                                f"A password needs at least {MIN_PASSWORD} characters.",
                                field="password"))
    return problems


async def create_user(username: str, password: str | None, role: Role) -> User:
    username = username.strip()
    problems = _check_new_user(username, password)
    if problems:
        raise DomainError(problems)

    async def work(conn: BaseDBAsyncClient) -> User:
        if await User.filter(username=username).using_db(conn).exists():
            raise DomainError([Problem(Code.USERNAME_TAKEN, f"{username} exists already.",
                                       field="username")])
        return await User.create(username=username, role=role,
                                 password_hash=_hasher.hash(password) if password else None,
                                 using_db=conn)

    return await atomic(work)


async def update_user(user_id: int, *, role: Role | None = None, active: bool | None = None,
                      password: str | None = None) -> User:
    async def work(conn: BaseDBAsyncClient) -> User:
        user = await User.filter(id=user_id).using_db(conn).select_for_update().first()
        if user is None:
            raise DomainError([Problem(Code.NOT_FOUND, "The user was not found.",
                                       field="userId")])
        if password is not None and len(password) < MIN_PASSWORD:
            raise DomainError([Problem(Code.WEAK_PASSWORD, f"A password needs at least "
                                       f"{MIN_PASSWORD} characters.", field="password")])
        demoted = (role is not None and role != Role.ADMIN) or active is False
        if user.role == Role.ADMIN and demoted:
            admins = await User.filter(role=Role.ADMIN, active=True).using_db(conn).count()
            if admins <= 1:
                raise DomainError([Problem(Code.LAST_ADMIN, "The last admin can't be demoted "
                                           "or deactivated.", field="userId")])
        if role is not None:
            user.role = role
        if active is not None:
            user.active = active
        if password is not None:
            user.password_hash = _hasher.hash(password)
        await user.save(using_db=conn)
        if active is False or password is not None:
            await Credential.filter(user_id=user.id, kind=SESSION, revoked_at=None).using_db(
                conn).update(revoked_at=now())
        return user

    return await atomic(work)


async def authenticate(username: str, password: str) -> User | None:
    user = await User.filter(username=username.strip(), active=True).first()
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH,
                       password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user and user.password_hash else None


async def issue(user: User, kind: str, name: str = "", lifetime: timedelta | None = None
                ) -> Issued:
    secret = _PREFIX[kind] + secrets.token_urlsafe(32)
    credential = await Credential.create(
        user=user, kind=kind, name=name.strip()[:100], secret_hash=_digest(secret),
        expires_at=now() + lifetime if lifetime else None)
    return Issued(credential, secret)


async def resolve(secret: str, kind: str) -> User | None:
    """The active user a secret stands for, or None (unknown, revoked, expired)."""
    if not secret.startswith(_PREFIX[kind]):
        return None
    credential = await Credential.filter(secret_hash=_digest(secret), kind=kind,
                                         revoked_at=None).select_related("user").first()
    stamp = now()
    if credential is None or (credential.expires_at and credential.expires_at <= stamp):
        return None
    if not credential.user.active:
        return None
    if credential.last_used_at is None or stamp - credential.last_used_at > timedelta(minutes=5):
        await Credential.filter(id=credential.id).update(last_used_at=stamp)
    return credential.user


async def use_link(secret: str) -> User | None:
    """A one-time sign-in link: it works once, then never again."""
    user = await resolve(secret, LINK)
    if user is None:
        return None
    used = await Credential.filter(secret_hash=_digest(secret), revoked_at=None).update(
        revoked_at=now())
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
        raise DomainError([Problem(Code.NOT_FOUND, f"No active user {username}.",
                                   field="username")])
    return (await issue(user, LINK, "sign-in link", LINK_LIFETIME)).secret


def _no_user() -> DomainError:
    return DomainError([Problem(Code.NOT_FOUND, "The user was not found.", field="userId")])


async def list_users() -> list[User]:
    return await User.all().order_by("username")


async def list_tokens() -> list[Credential]:
    """Every API token, newest first, with its user."""
    return await Credential.filter(kind=TOKEN).select_related("user").order_by("-id")


async def create_token(owner_id: int, name: str) -> Issued:
    """A new API token for a user; its secret is shown once."""
    if not name.strip():
        raise DomainError([Problem(Code.REQUIRED, "Name the token (what uses it).",
                                   field="name")])
    owner = await User.filter(id=owner_id).first()
    if owner is None:
        raise _no_user()
    issued = await issue(owner, TOKEN, name)
    issued.credential.user = owner
    return issued


async def revoke_token(token_id: int) -> Credential:
    if not await revoke(token_id, TOKEN):
        raise DomainError([Problem(Code.NOT_FOUND, "No active token has that id.",
                                   field="tokenId")])
    return await Credential.get(id=token_id).select_related("user")


async def sign_in_link_for_id(user_id: int) -> str:
    """A one-time sign-in link secret for a user (an admin hands it over)."""
    user = await User.filter(id=user_id).first()
    if user is None:
        raise _no_user()
    return await sign_in_link_for(user.username)
