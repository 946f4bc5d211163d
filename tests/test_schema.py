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
