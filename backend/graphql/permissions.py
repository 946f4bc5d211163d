"""Roles, checked before any root field resolves: every query needs a signed-in viewer, every
mutation an operator, user and token management an admin. Nested fields are reachable only
through a root field, so this one check guards them all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from backend.models import Role

RANK = {Role.VIEWER: 1, Role.OPERATOR: 2, Role.ADMIN: 3}
ADMIN_FIELDS = {"users", "apiTokens", "createUser", "updateUser", "createApiToken",
                "revokeApiToken", "createSignInLink"}
OPEN_FIELDS = {"me", "__typename", "__schema", "__type"}


def required_role(operation: str, field: str) -> Role | None:
    if field in OPEN_FIELDS:
        return None
    if field in ADMIN_FIELDS:
        return Role.ADMIN
    return Role.OPERATOR if operation == "Mutation" else Role.VIEWER


class RoleGuard(SchemaExtension):
    def resolve(self, _next: Callable, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        if info.path.prev is None:
            needed = required_role(info.parent_type.name, info.field_name)
            if needed is not None:
                user = info.context.user
                if user is None:
                    raise GraphQLError("Sign in first.", extensions={"code": "UNAUTHENTICATED"})
                if RANK[user.role] < RANK[needed]:
                    raise GraphQLError(
                        f"{info.field_name} needs the {needed.value} role; you are "
                        f"{user.role.value}.", extensions={"code": "FORBIDDEN"})
        return _next(root, info, *args, **kwargs)
