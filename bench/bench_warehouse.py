"""Warehouse benchmark: `python -m bench.bench_warehouse [--quick]` from the repository root.

For SQLite and for PostgreSQL it serves the app with uvicorn on a fresh database and measures
over real HTTP, with one keep-alive client:

1. generate 1000 numbers: one `generateSerialNumbers` call (count 1000, the variant's pattern)
   into an empty row, against `assignSerialNumbers` of 1000 given numbers into another empty row
   of the same variant, in the same run, both answering the 1000 numbers and the row's tracing;
   the ratio is generate / assign (what the pattern, the counter and the skip check add);
2. a label PDF of 1000 units: `GET /downloads/labels.pdf?purchaseOrderRow=…` of a row of 1000
   numbers, A4 sheets and 62 × 29 mm roll labels: seconds and size in MB.

PostgreSQL: `SERIALTRACE_BENCH_POSTGRES_URL` (as `bench.bench`); skipped with the reason when
it is not reachable.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field

from bench.bench import (
    POSTGRES_URL,
    WARMUP,
    BenchError,
    Database,
    Postgres,
    Sqlite,
    gql,
    served,
)
from support import postgres
from support.builders import Scenario
from support.client import Client

COUNT = 1000
GENERATE = """
mutation ($input: GenerateSerialNumbersInput!) {
  generateSerialNumbers(input: $input) {
    numbers
    row { id tracing { required assigned state } }
    errors { code message field }
  }
}"""
# The same answer as GENERATE's: the row's tracing and the 1000 numbers.
ASSIGN = """
mutation ($input: AssignSerialNumbersInput!) {
  assignSerialNumbers(input: $input) {
    serialNumbers { number }
    row { id tracing { required assigned state } }
    errors { code message field }
  }
}"""
LABEL_FORMATS = ("a4", "62x29")


@dataclass
class Result:
    backend: str
    generate: list[float] = field(default_factory=list)
    assign: list[float] = field(default_factory=list)
    labels: dict[str, list[tuple[float, int]]] = field(default_factory=dict)  # (s, bytes)


def run_backend(db: Database, runs: int, label_runs: int) -> Result:
    result = Result(db.name)
    url = db.create()
    try:
        with served(url) as client:
            api = Scenario(client, strict=True)
            client.mutate(
                "createProduct",
                "CreateProductInput",
                {
                    "name": "Bench generated",
                    "serialTracked": True,
                    "numberingPattern": "GEN-{YYYY}-{#######}",
                    "variants": [{"sku": "BENCH-G"}],
                },
                "product { id }",
            )
            rows = [r["id"] for r in api.order([("BENCH-G", COUNT)] * 2 * (WARMUP + runs))["rows"]]
            generate_rows, assign_rows = iter(rows[::2]), iter(rows[1::2])

            def generate(_i: int) -> None:
                payload = gql(
                    client, GENERATE, {"input": {"rowId": next(generate_rows), "count": COUNT}}
                )
                assert len(payload["numbers"]) == COUNT
                assert payload["row"]["tracing"]["state"] == "COMPLETE"

            def assign(i: int) -> None:
                payload = gql(
                    client,
                    ASSIGN,
                    {
                        "input": {
                            "rowId": next(assign_rows),
                            "numbers": [f"GIVEN-{i:03d}-{k:05d}" for k in range(COUNT)],
                        }
                    },
                )
                assert len(payload["serialNumbers"]) == COUNT

            # Interleaved, so that both meet the same number of the variant's serials.
            for i in range(WARMUP + runs):
                for name, action in (("generate", generate), ("assign", assign)):
                    started = time.perf_counter()
                    action(i)
                    if i >= WARMUP:
                        getattr(result, name).append((time.perf_counter() - started) * 1000)

            row = rows[0]
            for fmt in LABEL_FORMATS:
                result.labels[fmt] = label_runs_of(client, row, fmt, label_runs)
    finally:
        db.drop(url)
    return result


def label_runs_of(client: Client, row: str, fmt: str, runs: int) -> list[tuple[float, int]]:
    """(seconds, bytes) of each of `runs` downloads of the row's labels (after one warm-up)."""
    measured = []
    for i in range(1 + runs):
        started = time.perf_counter()
        response = client.http.get(
            "/downloads/labels.pdf", params={"purchaseOrderRow": row, "format": fmt}
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise BenchError(f"labels: HTTP {response.status_code} {response.text}")
        if i:
            measured.append((elapsed, len(response.content)))
    return measured


def table(results: list[Result]) -> str:
    lines = [f"{'backend':<11}{'operation':<42}{'median':>12}{'p90/max':>12}{'ratio':>9}"]
    for r in results:
        generate, assign = statistics.median(r.generate), statistics.median(r.assign)
        lines.append(
            f"{r.backend:<11}{f'generate {COUNT} numbers':<42}{generate:>9.1f} ms"
            f"{max(r.generate):>9.1f} ms{generate / assign:>8.2f}x"
        )
        lines.append(
            f"{'':<11}{f'assign {COUNT} given numbers (the floor)':<42}"
            f"{assign:>9.1f} ms{max(r.assign):>9.1f} ms{'1.00x':>9}"
        )
        for fmt, runs in r.labels.items():
            seconds = statistics.median(t for t, _ in runs)
            size = runs[-1][1] / 1e6
            lines.append(
                f"{'':<11}{f'label PDF of {COUNT} units, {fmt}':<42}{seconds:>10.2f} s"
                f"{max(t for t, _ in runs):>10.2f} s{size:>6.2f} MB"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_warehouse",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    runs, label_runs = (3, 1) if args.quick else (9, 3)
    databases: list[Database] = [Sqlite()]
    server = postgres.Postgres(POSTGRES_URL)
    skipped = server.problem()
    if skipped is None:
        databases.append(Postgres(server))
    results = []
    for db in databases:
        print(
            f"{db.name}: benchmarking the warehouse ({runs} runs after {WARMUP} warm-up runs)...",
            flush=True,
        )
        results.append(run_backend(db, runs, label_runs))
    print()
    print(table(results))
    if skipped is not None:
        print(f"\nPostgreSQL skipped: {skipped}.")
    print(
        "\nOver HTTP (uvicorn, one keep-alive client). ratio: generate / assign of the same "
        "count in the same run (the variant gains 2,000 numbers per run). Labels: made whole "
        "in a worker thread; MB of the PDF sent."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
