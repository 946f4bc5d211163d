"""Every type, field, argument and enum value of the schema has a description, written for an
integrator. The schema is walked by introspection of the built schema (what clients see).

Not all of it is written yet: `tests/schema_descriptions_missing.txt` lists what still lacks one
(issue 14). The list may only shrink: a new type, field, argument or enum value without a
description fails, and so does a listed one that has got its description (take it off the list)
or no longer exists."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from backend.graphql.schema import schema

MISSING = Path(__file__).with_name("schema_descriptions_missing.txt")


def undescribed() -> list[str]:
    found: list[str] = []
    for name, type_ in sorted(schema._schema.type_map.items()):
        if name.startswith("__"):
            continue
        if not type_.description:
            found.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                if not field.description:
                    found.append(f"{name}.{field_name}")
                found += [f"{name}.{field_name}({arg})" for arg, a in field.args.items()
                          if not a.description]
        elif isinstance(type_, GraphQLInputObjectType):
            found += [f"{name}.{f}" for f, field in type_.fields.items() if not field.description]
        elif isinstance(type_, GraphQLEnumType):
            found += [f"{name}.{v}" for v, value in type_.values.items() if not value.description]
    return found


def test_nothing_new_is_left_without_a_description() -> None:
    allowed = set(MISSING.read_text().split())
    new = [item for item in undescribed() if item not in allowed]
    assert new == [], f"Describe these (for an integrator: units, rules, limits, errors): {new}"


def test_the_list_of_what_still_lacks_a_description_only_shrinks() -> None:
    missing = set(undescribed())
    done = sorted(set(MISSING.read_text().split()) - missing)
    assert done == [], f"Described or gone now; remove from {MISSING.name}: {done}"
