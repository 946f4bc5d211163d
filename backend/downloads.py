"""Plain HTTP downloads and uploads beside /graphql (templates, exports)."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
