"""A bound on the work one request may ask for, whatever its shape: before execution, every
selected field is counted once for each item the lists around it may hold (a connection's or
a list's `first`, or its default; other lists by an estimate), and a request over MAX_COST is
refused with QUERY_TOO_COMPLEX, naming its cost. The depth, token and alias limits bound the
query's text; this bounds its answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast,
)
from strawberry.extensions import SchemaExtension

MAX_COST = 2_000_000
CONNECTION_PAGE = 50  # backend.graphql.pagination.DEFAULT_PAGE
# Lists whose size is not asked for (`first` left out, or no `first`), by field name: how many
# items they hold in practice. An explicit `first` always counts as given.
ESTIMATES = {
    "edges": 1,
    "rows": 20,
    "history": 10,
    "variants": 5,
    "recall": 20,
    "serialNumbers": 100,
    # one answer per number sent, and up to 1000 may be sent
    "verifySerialNumbers": 1000,
}
OTHER_LISTS = 10


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


class _Counter:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def items(self, field: Any, node: FieldNode) -> int:
        """How many items a field's list may hold (1 for a single value)."""
        if "first" in field.args:
            asked = [
                value_from_ast(a.value, field.args[a.name.value].type, self.variables)
                for a in node.arguments or []
                if a.name.value in ("first", "last")
            ]
            sizes = [v for v in asked if isinstance(v, int) and v >= 0]
            if sizes:
                return max(sizes)
            if get_named_type(field.type).name.endswith("Connection"):
                return CONNECTION_PAGE
            return ESTIMATES.get(node.name.value, OTHER_LISTS)
        if _is_list(field.type):
            return ESTIMATES.get(node.name.value, OTHER_LISTS)
        return 1

    def cost(
        self,
        selections: SelectionSetNode,
        parent: GraphQLNamedType,
        times: int,
        seen: frozenset[str] = frozenset(),
    ) -> int:
        total = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                total += times
                fields = getattr(parent, "fields", {})
                field = fields.get(node.name.value)
                if field is None or node.selection_set is None:
                    continue
                total += self.cost(
                    node.selection_set,
                    get_named_type(field.type),
                    times * self.items(field, node),
                    seen,
                )
            elif isinstance(node, InlineFragmentNode):
                inner = (
                    self.schema.get_type(node.type_condition.name.value)
                    if node.type_condition
                    else parent
                )
                total += self.cost(node.selection_set, inner or parent, times, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(
                        fragment.selection_set, inner or parent, times, seen | {node.name.value}
                    )
            if total > MAX_COST:  # no need to count further
                return total
        return total


def query_cost(
    schema: GraphQLSchema,
    document: Any,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> int:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    counter = _Counter(schema, fragments, variables or {})
    total = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name and (definition.name is None or definition.name.value != operation_name):
            continue
        root: GraphQLObjectType | None = schema.get_root_type(definition.operation)
        if root is not None:
            total += counter.cost(definition.selection_set, root, 1)
    return total


class QueryCost(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            cost = query_cost(
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
            )
            if cost > MAX_COST:
                context.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"This request could return about {cost:,} values; the most one "
                            f"request may ask for is {MAX_COST:,}. Ask for fewer items (`first`) "
                            "or page through them.",
                            extensions={"code": "QUERY_TOO_COMPLEX"},
                        )
                    ],
                )
        yield
