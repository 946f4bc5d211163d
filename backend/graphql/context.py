"""What every resolver gets: the request's DataLoaders and who is asking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info as _Info

from backend.graphql.loaders import Loaders
from backend.models import User


@dataclass
class Context:
    user: User | None = None
    loaders: Loaders = field(default_factory=Loaders)
    # A WebSocket connection: the socket, the `connection_init` payload, and how to check
    # that its credential still holds (a revoked token or an ended session closes it).
    websocket: Any = None
    connection_params: Any = None
    recheck: Callable[[], Awaitable[bool]] | None = None

    @property
    def actor(self) -> str | None:
        """The name the history records for a change."""
        return self.user.username if self.user else None


Info = _Info[Context, None]
