"""The schema: each domain's queries and mutations merged, unexpected failures masked."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry
from graphql import GraphQLError
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
from backend.graphql.expected import ExpectedError
from backend.graphql.guard import ArgumentGuard
from backend.graphql.importing import ImportMutation, ImportQuery
from backend.graphql.live import LiveQuery, LiveSubscription
from backend.graphql.purchasing_mutations import PurchasingMutation
from backend.graphql.purchasing_queries import PurchasingQuery
from backend.graphql.sales_mutations import SalesMutation
from backend.graphql.sales_queries import SalesQuery
from backend.graphql.search import SearchQuery
from backend.graphql.users import UsersMutation, UsersQuery

Query = merge_types("Query", (CatalogQuery, PurchasingQuery, SalesQuery, SearchQuery,
                              ImportQuery, UsersQuery, LiveQuery))
Mutation = merge_types("Mutation", (CatalogMutation, PurchasingMutation, SalesMutation,
                                    ImportMutation, UsersMutation))


def should_mask(error: GraphQLError) -> bool:
    """Syntax and validation errors (no original error), GraphQL errors raised on purpose (a
    refused role, a bad variable) and our own `ExpectedError`s are the client's to read;
    anything else raised in a resolver is a bug or an outage: masked."""
    original = error.original_error
    return original is not None and not isinstance(original, ExpectedError | GraphQLError)


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
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
            elif error.path is None and ("Variable" in error.message
                                         or "cannot represent" in error.message):
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


# A date-time without an offset is read as UTC (the database keeps times in UTC).
AWARE_DATETIME = dataclasses.replace(
    DateTimeDefinition,
    description="A date with time, as an ISO 8601 / RFC 3339 string: `2026-12-01T14:05:00Z` or "
    "`2026-12-01T15:05:00+01:00`; without an offset it is read as UTC. Answers are always in "
    "UTC (`+00:00`).",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    parse_value=lambda value: _aware(DateTimeDefinition.parse_value(value)),
)
CALENDAR_DATE = dataclasses.replace(
    DateDefinition,
    description="A calendar day, as an ISO 8601 string `2026-12-24` (no time, no zone).",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
)
EXACT_DECIMAL = dataclasses.replace(
    DecimalDefinition,
    description="An exact decimal number. Answers are strings without trailing zeros (`\"5\"`, "
    "`\"2.5\"`); inputs may be a string or a number (`\"2.5\"` or `2.5`). Quantities take at "
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
                error.message = (f"The query nests fields more than {MAX_DEPTH} levels deep; "
                                 f"the most is {MAX_DEPTH}.")


def build_schema(*, production: bool = False) -> strawberry.Schema:
    """Development keeps introspection (GraphiQL needs it); production turns it off."""
    extensions: list = [
        # Strawberry counts the root field as depth 0: 12 levels of fields is its depth 11.
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH - 1),
        DepthMessage,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        ArgumentGuard,
        QueryCost,
        ErrorCodes,
        masked_errors,
    ]
    if production:
        extensions.insert(0, DisableIntrospection)
    return Schema(query=Query, mutation=Mutation, subscription=LiveSubscription,
                  extensions=extensions,
                  scalar_overrides={datetime: AWARE_DATETIME, date: CALENDAR_DATE,
                                    Decimal: EXACT_DECIMAL, Upload: FILE_UPLOAD})


schema = build_schema()
