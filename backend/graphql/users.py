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
from backend.graphql.types import FromModel, Node, copied, node_id

if TYPE_CHECKING:  # strawberry.enum returns the class itself; mypy sees only a variable
    Role = models.Role
else:
    Role = strawberry.enum(models.Role)


@strawberry.type(
    description="A person's account: a username and a role. Users and their tokens "
    "are visible to admins only (and `me` to oneself)."
)
class User(Node, FromModel):
    m: strawberry.Private[models.User]
    id: strawberry.ID = node_id("User", "The opaque, global ID (see Node): pass it back as it is.")
    username: str = copied(
        "The name signed in with and recorded in history (`user`): 1 to 64 "
        "letters, digits or `. _ @ -`; unique."
    )
    role: Role = copied("What the user may do: VIEWER, OPERATOR or ADMIN.")
    active: bool = copied(
        "Whether the user may sign in; while false none of its credentials "
        "(sessions, links, API tokens) works."
    )


@strawberry.type(
    description="A credential for a program (`Authorization: Bearer …`), owned by a "
    "user and acting as that user, at most with its `scope`. Its secret "
    "was shown once, at creation."
)
class ApiToken(Node, FromModel):
    m: strawberry.Private[models.Credential]
    id: strawberry.ID = node_id(
        "ApiToken", "The opaque, global ID (see Node); revokeApiToken takes it."
    )
    name: str = copied("What uses it, as given at creation (at most 100 characters).")
    created_at: datetime = copied("When it was issued (UTC).")
    last_used_at: datetime | None = copied(
        "When a request last used it (UTC, updated at most every 5 minutes); null: never used."
    )
    revoked_at: datetime | None = copied(
        "When it was revoked (UTC), by revokeApiToken or by its "
        "user's deactivation or new password; null: not "
        "revoked."
    )
    expires_at: datetime | None = copied("After this it no longer works; null: it does not expire.")
    scope: Role | None = copied(
        "The most the token may do; null: its user's role. VIEWER makes it read-only."
    )

    @strawberry.field(description="The user it acts as.")
    async def user(self) -> User:
        # Fetched with the token (apiTokens, node(id:), the token mutations).
        return User(m=self.m.user)


@strawberry.input(description="A new user account.")
class CreateUserInput:
    username: str = strawberry.field(
        description="1 to 64 letters, digits or `. _ @ -`, trimmed (INVALID_USERNAME); not taken "
        "(USERNAME_TAKEN)."
    )
    role: Role = strawberry.field(description="VIEWER, OPERATOR or ADMIN.")
    password: str | None = strawberry.field(
        default=None, description="Leave out to sign the user in by a one-time link instead."
    )


@strawberry.input(description="Changes to a user; a field left out (or null) stays as it is.")
class UpdateUserInput:
    user_id: strawberry.ID = strawberry.field(
        description="The user, by its ID (NOT_FOUND when it names none)."
    )
    role: Role | None = strawberry.field(
        default=None, description="A new role; the last active admin keeps ADMIN (LAST_ADMIN)."
    )
    active: bool | None = strawberry.field(
        default=None,
        description="False ends the user's sessions, sign-in links and (unless "
        "keepTokens) API tokens; reactivating brings none of them back.",
    )
    password: str | None = strawberry.field(
        default=None, description="A new password ends the same credentials as deactivating."
    )
    keep_tokens: bool = strawberry.field(
        default=False,
        description="Keep the user's API tokens when deactivating it or setting its password.",
    )


@strawberry.type(description="The user after the change, or why nothing changed.")
class UserPayload:
    user: User | None = strawberry.field(
        default=None, description="The user as it is now; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(description="A new API token for a user.")
class CreateApiTokenInput:
    name: str = strawberry.field(
        description="What will use it, e.g. `ERP sync` (REQUIRED; kept to 100 characters)."
    )
    expires_at: datetime | None = strawberry.field(
        default=None, description="When it stops working; null: never (at most 5 years)."
    )
    scope: Role | None = strawberry.field(
        default=None,
        description="The most it may do, at most its user's role; VIEWER: "
        "read-only. Null: its user's role.",
    )
    user_id: strawberry.ID | None = strawberry.field(default=None, description="Default: yourself.")


@strawberry.type(
    description="An API token after the change (with its secret, once, on "
    "creation), or why nothing changed."
)
class ApiTokenPayload:
    token: ApiToken | None = strawberry.field(
        default=None, description="The token as it is now; null when refused."
    )
    secret: str | None = strawberry.field(
        default=None,
        description="The token itself, for `Authorization: Bearer …`. Shown only "
        "this once; only its hash is stored.",
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(description="The API token to revoke.")
class RevokeApiTokenInput:
    token_id: strawberry.ID = strawberry.field(
        description="The token, by its ID; NOT_FOUND when it names no token that still works."
    )


@strawberry.input(description="The user to make a one-time sign-in link for.")
class CreateSignInLinkInput:
    user_id: strawberry.ID = strawberry.field(
        description="An active user, by its ID (NOT_FOUND otherwise)."
    )


@strawberry.type(description="A one-time sign-in link, or why none was made.")
class SignInLinkPayload:
    path: str | None = strawberry.field(
        default=None, description="A one-time sign-in path, valid 24 hours."
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why no link was made; empty on success."
    )


@strawberry.type
class UsersQuery:
    @query(role=None, description="The signed-in user; null when nobody is signed in.")
    def me(self, info: Info) -> User | None:
        return User(m=info.context.user) if info.context.user else None

    @query(role=models.Role.ADMIN, description="Every user account (ADMIN only).")
    async def users(self) -> list[User]:
        return [User(m=u) for u in await users.list_users()]

    @query(
        role=models.Role.ADMIN,
        description="Every API token, of every user, with when it "
        "was last used (ADMIN only; the secrets are never shown again).",
    )
    async def api_tokens(self) -> list[ApiToken]:
        return [ApiToken(m=c) for c in await users.list_tokens()]


@strawberry.type
class UsersMutation:
    @mutation(
        role=models.Role.ADMIN,
        description="Creates a user (ADMIN only), with a password "
        "or, without one, to be signed in by a one-time link (createSignInLink). Errors: "
        "INVALID_USERNAME, WEAK_PASSWORD (under 10 characters), USERNAME_TAKEN.",
    )
    async def create_user(self, input: CreateUserInput) -> UserPayload:
        return UserPayload(
            user=User(m=await users.create_user(input.username, input.password, input.role))
        )

    @mutation(
        role=models.Role.ADMIN,
        description="Changes a user's role, activity or password "
        "(ADMIN only). Deactivating or a new password ends the user's sessions, sign-in "
        "links and, unless `keepTokens`, API tokens. Errors: NOT_FOUND, WEAK_PASSWORD, "
        "LAST_ADMIN.",
    )
    async def update_user(self, input: UpdateUserInput) -> UserPayload:
        user = await users.update_user(
            ids.decode_or_missing("User", input.user_id),
            role=input.role,
            active=input.active,
            password=input.password,
            keep_tokens=input.keep_tokens,
        )
        return UserPayload(user=User(m=user))

    @mutation(
        role=models.Role.ADMIN,
        description="Issues an API token (ADMIN only), for "
        "yourself or `userId`; its secret is in the answer only this once. Errors: "
        "REQUIRED (name), INVALID_DATE (expiresAt not in the future, or over 5 years "
        "ahead), NOT_FOUND (userId), INVALID_SCOPE (above its user's role).",
    )
    async def create_api_token(self, info: Info, input: CreateApiTokenInput) -> ApiTokenPayload:
        owner = (
            ids.decode_or_missing("User", input.user_id)
            if input.user_id is not None
            # the ADMIN role guard has run: there is a user
            else cast(models.User, info.context.user).id
        )
        issued = await users.create_token(
            owner, input.name, expires_at=input.expires_at, scope=input.scope
        )
        return ApiTokenPayload(token=ApiToken(m=issued.credential), secret=issued.secret)

    @mutation(
        role=models.Role.ADMIN,
        description="Revokes an API token at once (ADMIN only); "
        "requests with it are refused from then on, its live subscriptions close within "
        "5 seconds. "
        "Errors: NOT_FOUND (no such token, or revoked already).",
    )
    async def revoke_api_token(self, input: RevokeApiTokenInput) -> ApiTokenPayload:
        token = await users.revoke_token(ids.decode_or_missing("ApiToken", input.token_id))
        return ApiTokenPayload(token=ApiToken(m=token))

    @mutation(
        role=models.Role.ADMIN,
        description="Makes a one-time sign-in link for an active "
        "user (ADMIN only), valid 24 hours, to hand over: opening it signs that user in "
        "once. Errors: NOT_FOUND.",
    )
    async def create_sign_in_link(self, input: CreateSignInLinkInput) -> SignInLinkPayload:
        secret = await users.sign_in_link_for_id(ids.decode_or_missing("User", input.user_id))
        return SignInLinkPayload(path=f"/auth/link/{secret}")
