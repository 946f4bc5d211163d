"""A client mistake outside any payload (a bad cursor, a page too large): shown to the client as
it is, with `extensions.code` BAD_USER_INPUT, never masked. Its own module, so that the types
and the error types both use it without importing each other."""

from __future__ import annotations

from graphql import GraphQLError


class ExpectedError(GraphQLError):
    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})


def exactly_one(**keys: object) -> str:
    """The name of the one key given (not None) of a look-up's alternatives; refuses none or
    several, naming them."""
    given = [name for name, value in keys.items() if value is not None]
    if len(given) != 1:
        names = " or ".join(f"`{n}`" for n in keys)
        raise ExpectedError(
            f"Give exactly one of {names}" + (f"; {len(given)} were given." if given else ".")
        )
    return given[0]
