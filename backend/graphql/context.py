"""What every resolver gets: the request's DataLoaders and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.types import Info as _Info

from backend.graphql.loaders import Loaders


@dataclass
class Context:
    loaders: Loaders = field(default_factory=Loaders)
    actor: str | None = None


Info = _Info[Context, None]
