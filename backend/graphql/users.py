"""Users and API tokens: who is signed in, and the admin's management of accounts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

import strawberry

from backend import ids, models
from backend.domain import users
from backend.graphql.context import Info
from backend.graphql.errors import UserError
from backend.graphql.mutations import mutation, query
from backend.graphql.types import Node

if TYPE_CHECKING:  # strawberry.enum returns the class itself; mypy sees only a variable
    Role = models.Role
else:
    Role = strawberry.enum(models.Role)


@strawberry.type
class User(Node):
    m: strawberry.Private[models.User]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("User", self.m.id))

    @strawberry.field
    def username(self) -> str:
        return self.m.username

    @strawberry.field
    def role(self) -> Role:
        return self.m.role

    @strawberry.field
    def active(self) -> bool:
        return self.m.active


@strawberry.type
class ApiToken(Node):
    m: strawberry.Private[models.Credential]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("ApiToken", self.m.id))

    @strawberry.field
    def name(self) -> str:
        return self.m.name

    @strawberry.field
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field
    def last_used_at(self) -> datetime | None:
        return self.m.last_used_at

    @strawberry.field
    def revoked_at(self) -> datetime | None:
        return self.m.revoked_at

    @strawberry.field(description="After this it no longer works; null: it does not expire.")
    def expires_at(self) -> datetime | None:
        return self.m.expires_at

    @strawberry.field(description="The most the token may do; null: its user's role. VIEWER "
                      "makes it read-only.")
    def scope(self) -> Role | None:
        return self.m.scope

    @strawberry.field
    async def user(self) -> User:
        return User(m=self.m.user)  # fetched with the token


@strawberry.input
class CreateUserInput:
    username: str
    role: Role
    password: str | None = strawberry.field(
        default=None, description="Leave out to sign the user in by a one-time link instead.")


@strawberry.input
class UpdateUserInput:
    user_id: strawberry.ID
    role: Role | None = None
    active: bool | None = strawberry.field(
        default=None, description="False ends the user's sessions, sign-in links and (unless "
        "keepTokens) API tokens; reactivating brings none of them back.")
    password: str | None = strawberry.field(
        default=None, description="A new password ends the same credentials as deactivating.")
    keep_tokens: bool = strawberry.field(
        default=False, description="Keep the user's API tokens when deactivating it or "
        "setting its password.")


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateApiTokenInput:
    name: str
    expires_at: datetime | None = strawberry.field(
        default=None, description="When it stops working; null: never (at most 5 years).")
    scope: Role | None = strawberry.field(
        default=None, description="The most it may do, at most its user's role; VIEWER: "
        "read-only. Null: its user's role.")
    user_id: strawberry.ID | None = strawberry.field(default=None,
                                                     description="Default: yourself.")


@strawberry.type
class ApiTokenPayload:
    token: ApiToken | None = None
    secret: str | None = strawberry.field(
        default=None, description="The token itself, for `Authorization: Bearer …`. Shown only "
        "this once; only its hash is stored.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class RevokeApiTokenInput:
    token_id: strawberry.ID


@strawberry.input
class CreateSignInLinkInput:
    user_id: strawberry.ID


@strawberry.type
class SignInLinkPayload:
    path: str | None = strawberry.field(default=None,
                                        description="A one-time sign-in path, valid 24 hours.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UsersQuery:
    @query(role=None, description="The signed-in user; null when nobody is signed in.")
    def me(self, info: Info) -> User | None:
        return User(m=info.context.user) if info.context.user else None

    @query(role=models.Role.ADMIN, description="Every user account (ADMIN only).")
    async def users(self) -> list[User]:
        return [User(m=u) for u in await users.list_users()]

    @query(role=models.Role.ADMIN, description="Every API token, of every user, with when it "
           "was last used (ADMIN only; the secrets are never shown again).")
    async def api_tokens(self) -> list[ApiToken]:
        return [ApiToken(m=c) for c in await users.list_tokens()]


@strawberry.type
class UsersMutation:
    @mutation(role=models.Role.ADMIN)
    async def create_user(self, input: CreateUserInput) -> UserPayload:
        return UserPayload(user=User(m=await users.create_user(input.username, input.password,
                                                                input.role)))

    @mutation(role=models.Role.ADMIN)
    async def update_user(self, input: UpdateUserInput) -> UserPayload:
        user = await users.update_user(ids.decode_or_missing("User", input.user_id),
                                       role=input.role, active=input.active,
                                       password=input.password, keep_tokens=input.keep_tokens)
        return UserPayload(user=User(m=user))

    @mutation(role=models.Role.ADMIN)
    async def create_api_token(self, info: Info, input: CreateApiTokenInput) -> ApiTokenPayload:
        owner = (ids.decode_or_missing("User", input.user_id) if input.user_id is not None
                 # the ADMIN role guard has run: there is a user
                 else cast(models.User, info.context.user).id)
        issued = await users.create_token(owner, input.name, expires_at=input.expires_at,
                                          scope=input.scope)
        return ApiTokenPayload(token=ApiToken(m=issued.credential), secret=issued.secret)

    @mutation(role=models.Role.ADMIN)
    async def revoke_api_token(self, input: RevokeApiTokenInput) -> ApiTokenPayload:
        token = await users.revoke_token(ids.decode_or_missing("ApiToken", input.token_id))
        return ApiTokenPayload(token=ApiToken(m=token))

    @mutation(role=models.Role.ADMIN)
    async def create_sign_in_link(self, input: CreateSignInLinkInput) -> SignInLinkPayload:
        secret = await users.sign_in_link_for_id(ids.decode_or_missing("User", input.user_id))
        return SignInLinkPayload(path=f"/auth/link/{secret}")
