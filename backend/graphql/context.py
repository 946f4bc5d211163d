"""What every resolver gets: the request's DataLoaders and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.types import Info as _Info

from backend.graphql.loaders import Loaders
from backend.models import User


@dataclass
class Context:
    user: User | None = None
    loaders: Loaders = field(default_factory=Loaders)

    @property
    def actor(self) -> str | None:
        """The name the history records for a change."""
        return self.user.username if self.user else None


Info = _Info[Context, None]
