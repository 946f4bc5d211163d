"""The committed SDL is what the code serves: clients read schema.graphql."""

import re
from pathlib import Path

from strawberry.printer import print_schema

from backend.graphql.schema import schema

SDL = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_schema_graphql_matches_the_code() -> None:
    assert SDL.read_text() == print_schema(schema) + "\n", (
        "schema.graphql is out of date: run `make schema`"
    )


def _flat(sdl: str) -> str:
    """The SDL without descriptions, on one line, arguments separated by spaces: the same
    whether the printer puts arguments on one line (none described) or one per line."""
    sdl = re.sub(r'"""[\s\S]*?"""|"[^"\n]*"(?=\s*\n)', " ", sdl)
    sdl = re.sub(r"\s+", " ", sdl.replace(",", " "))
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", sdl))


def test_contract_names_are_kept() -> None:
    sdl = _flat(SDL.read_text())
    for name in [
        # The per-domain code enums of the first contract (SerialNumberErrorCode, …) became one
        # ErrorCode behind one Error interface (docs/design.md); every code kept its name.
        "enum ErrorCode",
        "interface Error",
        "type SerialNumberError implements Error",
        "type Tracing",
        "type PurchaseOrderRow",
        "purchaseOrders(filter: PurchaseOrderFilter",
        "serialNumber(sku: String!, number: String!)",
        "checkSerialNumbers(rowId: ID!, numbers: [String!]!",
        "assignSerialNumbers(input: AssignSerialNumbersInput!): SerialNumbersPayload!",
        "revertPurchaseOrderReceipt(input: RevertPurchaseOrderReceiptInput!)",
    ]:
        assert _flat(name) in sdl, name


def test_the_schema_is_served_to_signed_in_clients_even_in_production(database_url: str) -> None:
    from starlette.testclient import TestClient

    from backend.app import create_app
    from support.client import settings, user_with_token

    with TestClient(create_app(settings(database_url, production=True))) as http:
        assert http.get("/schema.graphql").status_code == 401
        token = http.portal.call(user_with_token, "reader", "VIEWER")
        served = http.get("/schema.graphql", headers={"Authorization": f"Bearer {token}"})
        assert served.status_code == 200
        assert served.text == SDL.read_text()


RELEASED = SDL.parent / "docs" / "schema-released.graphql"
# Breaking changes since the released schema that were made on purpose, each announced in
# docs/api.md ("How the schema evolves"). Anything else that breaks a client fails here.
ACCEPTED_BREAKS = {
    # One ErrorCode enum behind one Error interface instead of one enum per domain: every
    # code kept its name, so answers are the same JSON.
    *(
        f"{name} was removed."
        for name in (
            "CatalogErrorCode",
            "ImportErrorCode",
            "PurchaseOrderErrorCode",
            "SalesOrderErrorCode",
            "SerialNumberErrorCode",
            "UserErrorCode",
        )
    ),
    *(
        f"Field {kind}Error.code changed type from {kind}ErrorCode! to ErrorCode!."
        for kind in ("Catalog", "Import", "PurchaseOrder", "SalesOrder", "SerialNumber", "User")
    ),
}


def test_no_breaking_change_to_the_released_schema_unless_announced() -> None:
    """graphql-core's own comparison (the one graphql-inspector makes): a removed type or
    field, a changed type, a new required argument… breaks existing clients."""
    from graphql import build_schema, find_breaking_changes

    changes = find_breaking_changes(
        build_schema(RELEASED.read_text()), build_schema(SDL.read_text())
    )
    unannounced = [c.description for c in changes if c.description not in ACCEPTED_BREAKS]
    assert not unannounced, "breaking changes to the schema: deprecate first (docs/api.md)"
