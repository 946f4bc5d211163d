"""The API tests' builders: `scenario`, over the in-process `client` (see tests/conftest.py)."""

from __future__ import annotations

import pytest

from support.builders import Scenario
from support.client import Client


@pytest.fixture
def scenario(client: Client) -> Scenario:
    return Scenario(client)
