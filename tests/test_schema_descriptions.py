"""Every type, field, argument and enum value of the schema has a description, written for an
integrator (units, formats, rules, limits, the error codes of a mutation). The built schema is
walked as clients see it; there is no allow-list: anything without a description fails."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from backend.graphql.schema import schema


def undescribed(graphql_schema: GraphQLSchema | None = None) -> list[str]:
    found: list[str] = []
    type_map = (graphql_schema or schema._schema).type_map
    for name, type_ in sorted(type_map.items()):
        if name.startswith("__"):
            continue
        if not type_.description:
            found.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                if not field.description:
                    found.append(f"{name}.{field_name}")
                found += [
                    f"{name}.{field_name}({arg})"
                    for arg, a in field.args.items()
                    if not a.description
                ]
        elif isinstance(type_, GraphQLInputObjectType):
            found += [f"{name}.{f}" for f, field in type_.fields.items() if not field.description]
        elif isinstance(type_, GraphQLEnumType):
            found += [f"{name}.{v}" for v, value in type_.values.items() if not value.description]
    return found


def test_everything_has_a_description() -> None:
    missing = undescribed()
    assert missing == [], (
        f"Describe these (for an integrator: units, rules, limits, errors): {missing}"
    )


def test_the_walk_sees_what_lacks_a_description() -> None:
    """The check itself: a schema with an undescribed type, field, argument, input field and
    enum value reports each of them."""
    from graphql import build_schema

    bare = build_schema("""
        "Described." type Query { "Described." thing(arg: Int): Thing }
        type Thing { field: Kind }
        "Described." enum Kind { "Described." ONE TWO }
        "Described." input Filter { value: Int }
        "Described." type Mutation { "Described." go("Described." input: Filter): Int }
    """)
    assert undescribed(bare) == [
        "Filter.value",
        "Kind.TWO",
        "Query.thing(arg)",
        "Thing",
        "Thing.field",
    ]
