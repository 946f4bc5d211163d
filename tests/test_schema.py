"""The committed SDL is what the code serves: clients read schema.graphql."""

from pathlib import Path

from strawberry.printer import print_schema

from backend.graphql.schema import schema

SDL = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_schema_graphql_matches_the_code() -> None:
    assert SDL.read_text() == print_schema(schema) + "\n", (
        "schema.graphql is out of date: run `make schema`"
    )


def test_contract_names_are_kept() -> None:
    sdl = SDL.read_text()
    for name in [
        # The per-domain code enums of the first contract (SerialNumberErrorCode, …) became one
        # ErrorCode behind one Error interface (docs/design.md); every code kept its name.
        "enum ErrorCode", "interface Error", "type SerialNumberError implements Error",
        "type Tracing", "type PurchaseOrderRow",
        "purchaseOrders(filter: PurchaseOrderFilter", "serialNumber(sku: String!, number: String!)",
        "checkSerialNumbers(rowId: ID!, numbers: [String!]!",
        "assignSerialNumbers(input: AssignSerialNumbersInput!): SerialNumbersPayload!",
        "revertPurchaseOrderReceipt(input: RevertPurchaseOrderReceiptInput!)",
    ]:
        assert name in sdl, name


def test_the_schema_is_served_to_signed_in_clients_even_in_production(database_url: str
                                                                        ) -> None:
    from starlette.testclient import TestClient

    from backend.app import create_app
    from support.client import settings, user_with_token

    with TestClient(create_app(settings(database_url, production=True))) as http:
        assert http.get("/schema.graphql").status_code == 401
        token = http.portal.call(user_with_token, "reader", "VIEWER")
        served = http.get("/schema.graphql", headers={"Authorization": f"Bearer {token}"})
        assert served.status_code == 200
        assert served.text == SDL.read_text()
