"""The schema: each domain's queries and mutations merged, unexpected failures masked."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.tools import merge_types

from backend.graphql.errors import ExpectedError
from backend.graphql.importing import ImportMutation, ImportQuery
from backend.graphql.purchasing_mutations import PurchasingMutation
from backend.graphql.purchasing_queries import PurchasingQuery
from backend.graphql.sales_mutations import SalesMutation
from backend.graphql.sales_queries import SalesQuery

Query = merge_types("Query", (PurchasingQuery, SalesQuery, ImportQuery))
Mutation = merge_types("Mutation", (PurchasingMutation, SalesMutation, ImportMutation))


def should_mask(error: GraphQLError) -> bool:
    """Syntax and validation errors (no original error) and our own `ExpectedError`s are the
    client's to read; anything else raised in a resolver is a bug or an outage: masked."""
    original = error.original_error
    return original is not None and not isinstance(original, ExpectedError)


def masked_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=should_mask, error_message="Unexpected error.")


schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=[masked_errors])
