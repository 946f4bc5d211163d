"""The one way a root field is declared: `query(role)` and `mutation(role)`, each with the role
it needs. A mutation's resolver calls the domain and returns its payload; a `DomainError` it
raises becomes that payload with the problems in `errors` (as Saleor's
`BaseMutation.handle_errors` does). A query has no payload: a `DomainError` it raises becomes a
top-level BAD_USER_INPUT error with the problems' messages. So no resolver catches it by hand."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from backend.domain.errors import DomainError, Problem
from backend.graphql.expected import ExpectedError
from backend.graphql.permissions import requires
from backend.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def query(role: Role | None = Role.VIEWER, **kwargs: Any) -> Callable[[F], F]:
    """A root query field; readers need VIEWER unless said otherwise (`None`: open)."""

    def decorate(resolver: F) -> F:
        if not inspect.iscoroutinefunction(resolver):  # the domain is async: nothing to catch
            return strawberry.field(extensions=[requires(role)], **kwargs)(resolver)

        @functools.wraps(resolver)
        async def run(*args: Any, **kw: Any) -> Any:
            try:
                return await resolver(*args, **kw)
            except DomainError as error:
                raise ExpectedError(str(error)) from None

        return strawberry.field(extensions=[requires(role)], **kwargs)(run)

    return decorate


def subscription(role: Role = Role.VIEWER, **kwargs: Any) -> Callable[[F], F]:
    """A root subscription; subscribers need VIEWER unless said otherwise."""
    return strawberry.subscription(extensions=[requires(role)], **kwargs)


def _refusal(payload: type) -> Callable[[list[Problem]], Any]:
    """How `payload` carries problems: its `errors` list of an `Error` type."""
    hints = typing.get_type_hints(payload, include_extras=False)
    (error_type,) = typing.get_args(hints["errors"])
    return lambda problems: payload(errors=error_type.from_problems(problems))


def mutation(role: Role = Role.OPERATOR, **kwargs: Any) -> Callable[[F], F]:
    """A root mutation; changes need OPERATOR unless said otherwise."""

    def decorate(resolver: Callable[..., Awaitable[Any]]) -> Any:
        refused: Callable[[list[Problem]], Any] | None = None

        @functools.wraps(resolver)
        async def run(*args: Any, **kw: Any) -> Any:
            nonlocal refused
            try:
                return await resolver(*args, **kw)
            except DomainError as error:
                if refused is None:
                    refused = _refusal(typing.get_type_hints(resolver)["return"])
                return refused(error.problems)

        return strawberry.mutation(extensions=[requires(role)], **kwargs)(run)

    return decorate
