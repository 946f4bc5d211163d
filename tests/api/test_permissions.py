"""Every root field declares the role it needs, on the field itself: a new field can't be
left open by accident."""

from __future__ import annotations

from backend.graphql.permissions import declared_role
from backend.graphql.schema import schema
from backend.models import Role

OPEN = {"me"}  # fields anybody may ask, signed in or not
ADMIN_ONLY = {
    "users",
    "apiTokens",
    "createUser",
    "updateUser",
    "createApiToken",
    "revokeApiToken",
    "createSignInLink",
    "webhookEndpoints",
    "webhookDeliveries",
    "createWebhookEndpoint",
    "updateWebhookEndpoint",
    "deleteWebhookEndpoint",
    "rotateWebhookSecret",
    "resendWebhookDelivery",
}


def _root_fields(type_name: str) -> dict[str, Role | None]:
    definition = schema.get_type_by_name(type_name)
    assert definition is not None
    found = {}
    for field in definition.fields:
        name = schema.config.name_converter.get_graphql_name(field)
        declared, role = declared_role(field.extensions)
        assert declared, f"{type_name}.{name} declares no role: use query(role=…)/mutation(role=…)"
        found[name] = role
    return found


def test_every_query_declares_its_role() -> None:
    for name, role in _root_fields("Query").items():
        if name in OPEN:
            assert role is None, name
        elif name in ADMIN_ONLY:
            assert role == Role.ADMIN, name
        else:
            assert role == Role.VIEWER, f"{name} needs {role}"


def test_every_mutation_needs_at_least_an_operator() -> None:
    for name, role in _root_fields("Mutation").items():
        assert role is not None and role.covers(Role.OPERATOR), name
        assert (role == Role.ADMIN) == (name in ADMIN_ONLY), name
