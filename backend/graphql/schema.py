"""The schema: each domain's queries and mutations merged, unexpected failures masked."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime

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
from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from backend.graphql.catalog import CatalogMutation, CatalogQuery
from backend.graphql.cost import QueryCost
from backend.graphql.expected import ExpectedError
from backend.graphql.guard import ArgumentGuard
from backend.graphql.importing import ImportMutation, ImportQuery
from backend.graphql.purchasing_mutations import PurchasingMutation
from backend.graphql.purchasing_queries import PurchasingQuery
from backend.graphql.sales_mutations import SalesMutation
from backend.graphql.sales_queries import SalesQuery
from backend.graphql.search import SearchQuery
from backend.graphql.users import UsersMutation, UsersQuery

Query = merge_types("Query", (CatalogQuery, PurchasingQuery, SalesQuery, SearchQuery,
                              ImportQuery, UsersQuery))
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


def masked_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=should_mask, error_message="Unexpected error.")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# A date-time without an offset is read as UTC (the database keeps times in UTC).
AWARE_DATETIME = dataclasses.replace(
    DateTimeDefinition,
    description="Date with time (ISO 8601); without an offset it is read as UTC.",
    parse_value=lambda value: _aware(DateTimeDefinition.parse_value(value)),
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
        masked_errors,
    ]
    if production:
        extensions.insert(0, DisableIntrospection)
    return Schema(query=Query, mutation=Mutation, extensions=extensions,
                  scalar_overrides={datetime: AWARE_DATETIME})


schema = build_schema()
