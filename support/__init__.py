"""What the tests (tests/) and the benchmarks (bench/) share, so that neither imports the other:

- `support.client`: the one GraphQL client (`Client`: `execute`, `__call__`, `mutate`,
  `as_role`, `anonymous`, `run`) over a transport: `InProcess` (the app through Starlette's
  TestClient) or `OverHttp` (a live server through httpx2); `in_process(database_url)` and
  `over_http(url, token)` make one signed in as an admin.
- `support.builders`: `Scenario`, the builders that set up data through the API (suppliers,
  products, purchase and sales orders, assigning, receiving, picking, delivering, reverting) and
  fetch it back, with the query field lists (`ROW_FIELDS`, `ORDER_FIELDS`, `SO_FIELDS`, ...).
- `support.server`: `live_server(...)`, the app served by `python -m backend serve` on a free
  port (`free_port`), and `cli_token`, a user with an API token made with the command line.
- `support.postgres`: `Postgres`, databases created on and dropped from a PostgreSQL server
  (its admin URL from `admin_url()`), and `Template`, a database migrated once and copied.

pytest-only rules (fixtures, skipping or failing when PostgreSQL or Chromium is missing) stay in
tests/conftest.py.
"""
