"""`serialtrace` on the command line: serve, migrate, demo."""

from __future__ import annotations

import argparse
import asyncio
import sys

from backend.config import Settings


def _prepare(settings: Settings, demo: bool) -> None:
    from backend import demo as demo_data
    from backend.database import connected, migrate

    async def run() -> None:
        await migrate(settings.database_url)
        if demo:
            async with connected(settings.database_url):
                if await demo_data.load_if_empty():
                    print("Loaded the demo data.", flush=True)

    asyncio.run(run())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serialtrace", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, load demo data if empty, and serve")
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("demo", help="load demo data into an empty database")
    commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()

    if args.command == "schema":
        from strawberry.printer import print_schema

        from backend.graphql.schema import schema

        print(print_schema(schema))
    elif args.command == "migrate":
        _prepare(settings, demo=False)
        print("Database is up to date.")
    elif args.command == "demo":
        _prepare(settings, demo=True)
    elif args.command == "serve":
        import uvicorn

        _prepare(settings, demo=settings.demo_data and not args.no_demo)
        print(f"serialtrace: http://{settings.host}:{settings.port}/  "
              f"(GraphQL and GraphiQL at /graphql)", flush=True)
        uvicorn.run("backend.app:create_app", factory=True, host=settings.host,
                    port=settings.port, workers=args.workers, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
