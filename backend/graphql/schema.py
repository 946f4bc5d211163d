"""The schema: each domain's queries and mutations merged, unexpected failures masked."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

import strawberry
from graphql import GraphQLEnumType, GraphQLError, GraphQLObjectType, get_named_type
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.file_uploads import Upload
from strawberry.file_uploads.scalars import UploadDefinition
from strawberry.schema.types.base_scalars import (
    DateDefinition,
    DateTimeDefinition,
    DecimalDefinition,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from backend.graphql.catalog import CatalogMutation, CatalogQuery
from backend.graphql.cost import QueryCost
from backend.graphql.errors import ERROR_CODE_DOCS
from backend.graphql.events import EventsQuery
from backend.graphql.expected import ExpectedError
from backend.graphql.importing import ImportMutation, ImportQuery
from backend.graphql.live import LiveQuery, LiveSubscription
from backend.graphql.nodes import NodeQuery
from backend.graphql.pagination import DEFAULT_PAGE, MAX_PAGE
from backend.graphql.purchasing_mutations import PurchasingMutation
from backend.graphql.purchasing_queries import PurchasingQuery
from backend.graphql.sales_mutations import SalesMutation
from backend.graphql.sales_queries import SalesQuery
from backend.graphql.search import SearchQuery
from backend.graphql.users import UsersMutation, UsersQuery
from backend.graphql.warehouse import WarehouseMutation, WarehouseQuery
from backend.graphql.webhooks import (
    EVENT_TYPE_DOCS,
    STATUS_DOCS,
    WebhooksMutation,
    WebhooksQuery,
)

Query = merge_types(
    "Query",
    (
        NodeQuery,
        CatalogQuery,
        PurchasingQuery,
        SalesQuery,
        SearchQuery,
        EventsQuery,
        ImportQuery,
        UsersQuery,
        WarehouseQuery,
        LiveQuery,
        WebhooksQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        CatalogMutation,
        PurchasingMutation,
        SalesMutation,
        ImportMutation,
        UsersMutation,
        WarehouseMutation,
        WebhooksMutation,
    ),
)


def should_mask(error: GraphQLError) -> bool:
    """Syntax and validation errors (no original error), GraphQL errors raised on purpose (a
    refused role, a bad variable) and our own `ExpectedError`s are the client's to read;
    anything else raised in a resolver is a bug or an outage: masked."""
    original = error.original_error
    return original is not None and not isinstance(original, ExpectedError | GraphQLError)


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Logs only the unexpected errors (with their stack trace); a refused role or a bad
        query is the client's business."""
        super().process_errors([e for e in errors if should_mask(e)], execution_context)


class ErrorCodes(SchemaExtension):
    """Every error outside a payload carries `extensions.code`, so that clients can tell them
    apart without reading messages: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
    BAD_USER_INPUT (a variable or argument that is not acceptable), UNAUTHENTICATED,
    FORBIDDEN, QUERY_TOO_COMPLEX, INTERNAL (masked: "Unexpected error.")."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            extensions = error.extensions if error.extensions is not None else {}
            if "code" in extensions:
                continue
            if error.message == UNEXPECTED:
                extensions["code"] = "INTERNAL"
            elif error.message.startswith("Syntax Error"):
                extensions["code"] = "GRAPHQL_PARSE_FAILED"
            elif error.path is None and (
                "Variable" in error.message or "cannot represent" in error.message
            ):
                extensions["code"] = "BAD_USER_INPUT"
            elif error.path is None:
                extensions["code"] = "GRAPHQL_VALIDATION_FAILED"
            else:
                extensions["code"] = "BAD_USER_INPUT"
            error.extensions = extensions


UNEXPECTED = "Unexpected error."


def masked_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=should_mask, error_message=UNEXPECTED)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Strawberry's DateTime parser (typed optional, as scalars may have none; this one has one).
_parse_datetime = cast(Callable[[Any], datetime], DateTimeDefinition.parse_value)


# A date-time without an offset is read as UTC (the database keeps times in UTC).
AWARE_DATETIME = dataclasses.replace(
    DateTimeDefinition,
    description="A date with time, as an ISO 8601 / RFC 3339 string: `2026-12-01T14:05:00Z` or "
    "`2026-12-01T15:05:00+01:00`; without an offset it is read as UTC. Answers are always in "
    "UTC (`+00:00`).",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    parse_value=lambda value: _aware(_parse_datetime(value)),
)
CALENDAR_DATE = dataclasses.replace(
    DateDefinition,
    description="A calendar day, as an ISO 8601 string `2026-12-24` (no time, no zone).",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
)
EXACT_DECIMAL = dataclasses.replace(
    DecimalDefinition,
    description='An exact decimal number. Answers are strings without trailing zeros (`"5"`, '
    '`"2.5"`); inputs may be a string or a number (`"2.5"` or `2.5`). Quantities take at '
    "most 3 decimals and are below 100,000,000.",
    specified_by_url="https://www.w3.org/TR/xmlschema11-2/#decimal",
)
FILE_UPLOAD = dataclasses.replace(
    UploadDefinition,
    description="A file sent beside the operation in a multipart request, following the GraphQL "
    "multipart request spec; such requests need the `X-Serialtrace-CSRF: 1` header.",
    specified_by_url="https://github.com/jaydenseric/graphql-multipart-request-spec",
)

# Refused before execution, with a message saying why. MAX_DEPTH counts levels of fields: in
# `{ purchaseOrders { edges { node { id } } } }` there are 4.
MAX_DEPTH = 12
MAX_TOKENS = 5000
MAX_ALIASES = 20


class DepthMessage(SchemaExtension):
    """Says the depth limit in the README's terms (levels of fields, the root field counting
    as one), where Strawberry's own message counts from 0."""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            if "exceeds maximum operation depth" in error.message:
                error.message = (
                    f"The query nests fields more than {MAX_DEPTH} levels deep; "
                    f"the most is {MAX_DEPTH}."
                )


CONNECTION_DOCS = {
    "edges": "The items of this page, in the list's order.",
    "pageInfo": "Whether there is more, and the cursor to ask for it.",
    "totalCount": "How many items the whole list holds (over every page).",
    "node": "The item.",
    "cursor": "Pass as `after` to get the items that follow this one.",
    "hasNextPage": "Whether items follow this page.",
    "endCursor": "The cursor of this page's last item (pass as `after`); null when empty.",
}
ARGUMENT_DOCS = {
    "input": "The change; see the input type's fields.",
    "search": "Text to look for, in any case (see the field for what it matches); all when "
    "left out.",
    "id": "The ID, as an answer gave it.",
    "filter": "Which ones; every field given must match; all when left out.",
    "orderBy": "How the list is sorted; see the field for its default.",
    "serialTracked": "Only serial-tracked items (true) or only untracked ones (false); both "
    "when left out.",
    "rowId": "The order row, by its ID.",
    "purchaseOrderId": "The purchase order, by its ID.",
}
PAGE_ARGUMENT_DOCS = {
    "first": f"How many items (default {DEFAULT_PAGE}, at most {MAX_PAGE}).",
    "after": "The `endCursor` of the page before; from the start when left out.",
    "last": f"Read backwards: how many items before `before` (default {DEFAULT_PAGE}, at most "
    f"{MAX_PAGE}); not with `first` or `after`.",
    "before": "The `startCursor` of the page after, to read backwards with `last`; from the end "
    "when left out.",
}


ROOT_DOCS = {
    "Query": "What can be read. Every field needs a signed-in user (a session cookie or "
    "`Authorization: Bearer <API token>`) with at least VIEWER, except `me`; users and tokens "
    "need ADMIN. Lists that grow are Relay connections (`first`/`after`, at most 500 items a "
    "page).",
    "Mutation": "What can be changed: OPERATOR at least, ADMIN for users and tokens. Each "
    "mutation is all or nothing: an expected failure comes back in its payload's `errors` "
    "(see the Error interface) with nothing written. The top-level `errors` (with "
    "`extensions.code`) are for a refused credential (UNAUTHENTICATED, FORBIDDEN), a request "
    "outside the schema or its limits (GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, "
    "QUERY_TOO_COMPLEX) and our own failures (INTERNAL).",
}

# The enums of the domain (backend/models.py), described here for the API.
ENUM_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "ChangeKind": (
        "What a change feed entry is.",
        {
            "PURCHASE_ORDER_CHANGED": "A purchase order changed: its rows, tracing, status or "
            "serial numbers.",
            "SALES_ORDER_CHANGED": "A sales order changed: its rows, picks, status or delivery.",
            "SERIAL_NUMBER_EVENTS": "Serial number events were recorded (assigned, received, "
            "picked, shipped, removed, …).",
        },
    ),
    "OrderListField": (
        "How a list of orders is sorted.",
        {
            "NUMBER": "By the order's number as text (so `PO-10` comes before `PO-2`).",
            "DATE": "By the date the order was placed (`orderedAt`).",
            "STATUS": "By status, then newest entered first.",
        },
    ),
    "PurchaseOrderKind": (
        "Which kind of purchase order; it gives the number's prefix.",
        {
            "PURCHASE": "Goods bought from a supplier: numbered `PO-1`, `PO-2`, …",
            "OUTSOURCED": "Work done by a supplier on our goods: numbered `OPO-1`, `OPO-2`, …",
        },
    ),
    "PurchaseOrderStatus": (
        "How much of a purchase order is received (from its rows).",
        {
            "NOT_RECEIVED": "No row is received.",
            "PARTIALLY_RECEIVED": "Some rows are received, some not.",
            "RECEIVED": "Every row is received.",
        },
    ),
    "RowStatus": (
        "Whether a purchase order row is received.",
        {
            "NOT_RECEIVED": "Not received: its numbers are EXPECTED and may still be changed.",
            "RECEIVED": "Received (`receivedAt`): its numbers are in stock; numbers only added.",
        },
    ),
    "SalesOrderStatus": (
        "Whether a sales order is delivered.",
        {
            "NOT_SHIPPED": "Not delivered: rows and picks may change.",
            "DELIVERED": "Delivered (`deliveredAt`): its numbers are SHIPPED; it doesn't change.",
        },
    ),
    "SerialNumberStatus": (
        "Where a unit is.",
        {
            "EXPECTED": "On a purchase order row not received yet.",
            "IN_STOCK": "Received, and not on a sales order.",
            "RESERVED": "Picked on a sales order that is not delivered yet.",
            "SHIPPED": "Delivered to the customer on a sales order.",
        },
    ),
    "TracingState": (
        "How many of a tracked row's units have their serial numbers.",
        {
            "MISSING": "None assigned.",
            "PARTIAL": "Some, fewer than the quantity.",
            "COMPLETE": "As many as the quantity.",
        },
    ),
    "SerialNumberEventKind": (
        "What happened to a serial number.",
        {
            "ASSIGNED": "Entered on a purchase order row.",
            "RECEIVED": "Its row was received (`at` is the received date chosen).",
            "REMOVED": "Taken off its purchase order row (before receipt).",
            "RECEIPT_REVERTED": "Its order's receipt was reverted: EXPECTED again.",
            "IMPORTED": "Entered by a spreadsheet import (into a received order).",
            "RESERVED": "Picked on a sales order row.",
            "RELEASED": "Released from a sales order row: back in stock.",
            "SHIPPED": "Its sales order was delivered (`at` is the delivery date).",
            "DELIVERY_REVERTED": "Its sales order's delivery was reverted: RESERVED again.",
        },
    ),
    "Role": (
        "What a user (or an API token, at most its user's role) may do.",
        {
            "VIEWER": "Reads everything; changes nothing.",
            "OPERATOR": "Also changes items, orders and serial numbers.",
            "ADMIN": "Also manages users and API tokens.",
        },
    ),
    "OrderDirection": (
        "Which way a list is sorted.",
        {
            "ASC": "Smallest (earliest, A, SN-2 before SN-10) first.",
            "DESC": "Largest (latest, Z) first.",
        },
    ),
    "SerialNumberOrderField": (
        "What the serial number list is sorted by (then by ID).",
        {
            "NUMBER": "The number, in natural order (SN-2 before SN-10).",
            "SKU": "The item's SKU.",
            "STATUS": "The status.",
            "ADDED_AT": "The received date (`addedAt`).",
        },
    ),
    "ImportSeverity": (
        "Whether an import problem stops the import.",
        {
            "ERROR": "Nothing is imported until it is fixed.",
            "WARNING": "Worth a look; the import may go ahead.",
        },
    ),
    "WebhookEventType": ("", EVENT_TYPE_DOCS),
    "WebhookDeliveryStatus": ("", STATUS_DOCS),
}


def _describe_conventions(built: strawberry.Schema) -> None:
    """Descriptions that are the same wherever the name is used: the Relay connection types'
    fields, page arguments of connections, `input` and `search`. Only where none is given."""
    for root_name, root_doc in ROOT_DOCS.items():
        root = built._schema.type_map[root_name]
        root.description = root.description or root_doc
    for enum_name, (enum_doc, value_docs) in ENUM_DOCS.items():
        enum = built._schema.type_map.get(enum_name)
        if isinstance(enum, GraphQLEnumType):
            enum.description = enum.description or enum_doc
            for value_name, value in enum.values.items():
                value.description = value.description or value_docs.get(value_name)
    codes = built._schema.type_map["ErrorCode"]
    if isinstance(codes, GraphQLEnumType):
        for code, value in codes.values.items():
            value.description = value.description or ERROR_CODE_DOCS.get(code)
    for name, type_ in built._schema.type_map.items():
        if not isinstance(type_, GraphQLObjectType) or name.startswith("__"):
            continue
        if name == "PageInfo" or name.endswith(("Connection", "Edge")):
            if not type_.description:
                type_.description = (
                    "Where a page of a list ends and whether more follows."
                    if name == "PageInfo"
                    else f"A page of {name.removesuffix('Connection')} items (Relay cursor "
                    "connection)."
                    if name.endswith("Connection")
                    else f"One {name.removesuffix('Edge')} of a page, with its cursor."
                )
            for field_name, field in type_.fields.items():
                if not field.description and field_name in CONNECTION_DOCS:
                    field.description = CONNECTION_DOCS[field_name]
        for field in type_.fields.values():
            paged = get_named_type(field.type).name.endswith("Connection")
            for arg_name, arg in field.args.items():
                if arg.description:
                    continue
                if arg_name in ARGUMENT_DOCS:
                    arg.description = ARGUMENT_DOCS[arg_name]
                elif paged and arg_name in PAGE_ARGUMENT_DOCS:
                    arg.description = PAGE_ARGUMENT_DOCS[arg_name]


def build_schema(*, production: bool = False) -> strawberry.Schema:
    """Development keeps introspection (GraphiQL needs it); production turns it off."""
    extensions: list[Any] = [
        # Strawberry counts the root field as depth 0: 12 levels of fields is its depth 11.
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH - 1),
        DepthMessage,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        QueryCost,
        ErrorCodes,
        masked_errors,
    ]
    if production:
        extensions.insert(0, DisableIntrospection)
    built = Schema(
        query=Query,
        mutation=Mutation,
        subscription=LiveSubscription,
        extensions=extensions,
        scalar_overrides={
            datetime: AWARE_DATETIME,
            date: CALENDAR_DATE,
            Decimal: EXACT_DECIMAL,
            Upload: FILE_UPLOAD,
        },
    )
    _describe_conventions(built)
    return built


schema = build_schema()
