"""`serialtrace` on the command line: serve, migrate, demo, import, users and tokens."""

from __future__ import annotations

import argparse
import asyncio
import sys

from backend.config import Settings, SettingsError


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


def _import(settings: Settings, path: str, dry_run: bool) -> int:
    """Checks (and unless --dry-run imports) a file; prints every problem and a summary.
    Exit code 0 when nothing is wrong, 1 on any error (then nothing was written)."""
    from pathlib import Path

    from backend import ids
    from backend.database import connected
    from backend.domain.importing import Severity, import_serial_numbers
    from backend.spreadsheets import MAX_BYTES

    def progress(stage: str, done: int, total: int | None) -> None:
        bar = (
            ""
            if not total
            else "[" + "#" * (30 * done // total) + "." * (30 - 30 * done // total) + "] "
        )
        end = "\n" if total and done >= total else ""
        print(
            f"\r{stage:<9} {bar}{done:,}" + (f"/{total:,}" if total else " lines"),
            end=end,
            file=sys.stderr,
            flush=True,
        )

    async def run(data: bytes) -> int:
        async with connected(settings.database_url):
            result = await import_serial_numbers(
                data,
                Path(path).name,
                dry_run=dry_run,
                progress=progress,
                row_ref=lambda value: ids.decode("PurchaseOrderRow", value),
            )
        for p in result.problems:
            where = f"line {p.line}" if p.line else "file"
            kind = "" if p.severity == Severity.ERROR else " (warning)"
            print(f"{where}\t{p.column or '-'}\t{p.code}{kind}\t{p.message}")
        s = result.summary
        print(
            f"{Path(path).name}: {s.lines:,} lines, {s.numbers:,} numbers for {s.rows:,} rows "
            f"of {s.orders:,} orders; {s.errors:,} errors, {s.warnings:,} warnings."
        )
        if result.committed:
            print(f"Imported {s.numbers:,} serial numbers ({result.document}).")
        elif s.errors:
            print("Nothing was written: fix the errors and run the import again.")
        else:
            print("Dry run: nothing was written." if dry_run else "Nothing to import.")
        return 1 if s.errors else 0

    try:
        with open(path, "rb") as file:  # a byte past the limit is enough to refuse it
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        print(f"serialtrace import: can't read {path}: {error.strerror}", file=sys.stderr)
        return 2
    return asyncio.run(run(data))


def _first_run_link(settings: Settings) -> str | None:
    from backend.database import connected
    from backend.domain import users

    async def run() -> str | None:
        async with connected(settings.database_url):
            secret = await users.first_run_link()
        return f"/auth/link/{secret}" if secret else None

    return asyncio.run(run())


def _accounts(settings: Settings, args: argparse.Namespace) -> int:
    from backend.database import connected
    from backend.domain import users
    from backend.domain.errors import DomainError
    from backend.models import Role, User

    async def run() -> int:
        async with connected(settings.database_url):
            try:
                if args.command == "create-user":
                    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
                    user = await users.create_user(args.username, password, Role(args.role))
                    print(f"Created {user.username} ({user.role.value}).")
                    return 0
                if args.command == "sign-in-link":
                    base = f"http://{settings.host}:{settings.port}"
                    print(f"{base}/auth/link/{await users.sign_in_link_for(args.user)}")
                    return 0
                owner = await User.filter(username=args.user, active=True).first()
                if owner is None:
                    print(f"serialtrace: no active user {args.user}", file=sys.stderr)
                    return 1
                issued = await users.issue(owner, users.TOKEN, args.name)
                print(issued.secret)
                print(
                    f"An API token for {owner.username}; use it as 'Authorization: Bearer "
                    "<token>'. It is shown only this once.",
                    file=sys.stderr,
                )
                return 0
            except DomainError as error:
                for problem in error.problems:
                    print(f"serialtrace: {problem.message}", file=sys.stderr)
                return 1

    return asyncio.run(run())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serialtrace", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, load demo data if empty, and serve")
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("demo", help="load demo data into an empty database")
    commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    import_ = commands.add_parser("import", help="import serial numbers from a CSV or XLSX file")
    import_.add_argument("file", help="columns purchase_order, sku, serial_number (and row)")
    import_.add_argument("--dry-run", action="store_true", help="only check; write nothing")
    user = commands.add_parser("create-user", help="create a user (password read from stdin)")
    user.add_argument("username")
    user.add_argument("--role", choices=["VIEWER", "OPERATOR", "ADMIN"], default="OPERATOR")
    user.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (else: sign in by link)",
    )
    token = commands.add_parser("create-token", help="create an API token (printed once)")
    token.add_argument("--user", required=True)
    token.add_argument("--name", default="command line")
    sign_in_link = commands.add_parser("sign-in-link", help="print a one-time sign-in link")
    sign_in_link.add_argument("--user", required=True)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"serialtrace: {error}", file=sys.stderr)
        return 2

    if args.command == "import":
        _prepare(settings, demo=False)
        return _import(settings, args.file, args.dry_run)
    if args.command in ("create-user", "create-token", "sign-in-link"):
        _prepare(settings, demo=False)
        return _accounts(settings, args)
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
        base = f"http://{settings.host}:{settings.port}"
        print(f"serialtrace: {base}/  (GraphQL and GraphiQL at /graphql)", flush=True)
        link = _first_run_link(settings)
        if link:
            print(
                f"\nNo user existed, so an admin was created. Sign in once with this link "
                f"(valid 24 hours, one use):\n\n    {base}{link}\n",
                flush=True,
            )
        uvicorn.run(
            "backend.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=args.workers,
            log_level="warning",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
