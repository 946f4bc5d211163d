"""A client mistake outside any payload (a bad cursor, a page too large): shown to the client as
it is, with `extensions.code` BAD_USER_INPUT, never masked. Its own module, so that the types
and the error types both use it without importing each other."""

from __future__ import annotations

from graphql import GraphQLError


class ExpectedError(GraphQLError):
    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})
