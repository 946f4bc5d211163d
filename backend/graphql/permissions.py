"""Who may resolve a root field, declared on the field itself: `query()` and `mutation()` (in
`backend.graphql.mutations`) take the role they need, so a field without a declared role
can't exist (tests/api/test_permissions.py walks the schema to make sure). Nested fields are
reachable only through a root field, so the root's check guards them all."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission, PermissionExtension

from backend.graphql.guard import check_arguments
from backend.models import Role


class Requires(BasePermission):
    """The signed-in user needs at least `role`; `None` declares a field open to anybody."""

    def __init__(self, role: Role | None) -> None:
        self.role = role

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        check_arguments(kwargs)  # first, as before any resolver: see backend.graphql.guard
        if self.role is None:
            return True
        user = info.context.user
        if user is None:
            raise GraphQLError("Sign in first.", extensions={"code": "UNAUTHENTICATED"})
        if not user.role.covers(self.role):
            raise GraphQLError(
                f"{info.field_name} needs the {self.role.value} role; you are {user.role.value}.",
                extensions={"code": "FORBIDDEN"},
            )
        return True


def requires(role: Role | None) -> PermissionExtension:
    return PermissionExtension(permissions=[Requires(role)], use_directives=False)


def declared_role(extensions: list[Any]) -> tuple[bool, Role | None]:
    """(whether a role is declared, which) for a field's extensions."""
    for extension in extensions:
        if isinstance(extension, PermissionExtension):
            for permission in extension.permissions:
                if isinstance(permission, Requires):
                    return True, permission.role
    return False, None
