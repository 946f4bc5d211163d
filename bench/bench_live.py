"""serialtrace live benchmark: `python -m bench.bench_live [--quick]` from the repository root.

On PostgreSQL (`SERIALTRACE_BENCH_POSTGRES_URL`), with uvicorn serving 2 workers:

1. notification latency: 100 subscribers of `purchaseOrderChanged` (spread over both workers
   by the kernel), one change made over HTTP at a time; the time from sending the mutation to
   each subscriber's message, p50 and p99 over all subscribers and changes;
2. what a subscription adds to a 1000-number assign: the mutation's time with no subscriber,
   then with 100 subscribers of that order (ratio of the medians).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time

import websockets
from websockets.typing import Subprotocol

from support import postgres
from support.builders import Scenario
from support.client import over_http
from support.server import cli_token, live_server

SUBSCRIBERS = 100
QUERY = """subscription($id: ID!) { purchaseOrderChanged(id: $id) {
    change { cursor kind } purchaseOrder { status } } }"""


async def _subscriber(
    url: str,
    token: str,
    order_id: str,
    ready: asyncio.Event,
    arrivals: list[float],
    stop: asyncio.Event,
    count: list[int],
) -> None:
    async with websockets.connect(
        url, subprotocols=[Subprotocol("graphql-transport-ws")], max_size=None
    ) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
        await socket.recv()
        await socket.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": QUERY, "variables": {"id": order_id}},
                }
            )
        )
        count[0] += 1
        if count[0] == SUBSCRIBERS:
            ready.set()
        while not stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), 1))
            except TimeoutError:
                continue
            if message.get("type") == "next":
                arrivals.append(time.perf_counter())


async def _measure(server_url: str, token: str, changes: int) -> tuple[list[float], float, float]:
    ws = server_url.replace("http://", "ws://") + "/graphql"
    with over_http(server_url, token) as client:
        api = Scenario(client)
        api.product("Motor", True, ["BL-1"])
        probe = api.order([("BL-1", 1000)] * 2)
        loop = asyncio.get_running_loop()

        def assign_time(row: str, prefix: str) -> float:
            start = time.perf_counter()
            api.assign(row, [f"{prefix}-{i}" for i in range(1000)])
            return time.perf_counter() - start

        alone = await loop.run_in_executor(None, assign_time, probe["rows"][0]["id"], "A")
        order = api.order([("BL-1", changes + 1000)])
        ready, stop = asyncio.Event(), asyncio.Event()
        arrivals: list[float] = []
        count = [0]
        tasks = [
            asyncio.create_task(_subscriber(ws, token, order["id"], ready, arrivals, stop, count))
            for _ in range(SUBSCRIBERS)
        ]
        await ready.wait()
        await asyncio.sleep(1)  # every subscription registered with its worker
        latencies: list[float] = []
        row = order["rows"][0]["id"]
        for i in range(changes):
            arrivals.clear()
            sent = time.perf_counter()
            await loop.run_in_executor(None, api.assign, row, [f"L-{i}"])
            # two messages per subscriber: the order changed, and its serial number events
            deadline = sent + 30
            while len(arrivals) < 2 * SUBSCRIBERS and time.perf_counter() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
            latencies += [a - sent for a in arrivals]
        watched = api.order([("BL-1", 1000)])
        for task in tasks:
            task.cancel()
        tasks = [
            asyncio.create_task(_subscriber(ws, token, watched["id"], ready, arrivals, stop, [0]))
            for _ in range(SUBSCRIBERS)
        ]
        await asyncio.sleep(3)
        with_subscribers = await loop.run_in_executor(
            None, assign_time, watched["rows"][0]["id"], "W"
        )
        stop.set()
        for task in tasks:
            task.cancel()
        return latencies, alone, with_subscribers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    server = postgres.Postgres(postgres.admin_url(postgres.BENCH))
    if (problem := server.problem()) is not None:
        print(f"live benchmark skipped: {problem}.")
        return 0
    with server.database("bench_live") as url:
        token = cli_token(url)
        with live_server(url, workers=2) as live:
            latencies, alone, watched = asyncio.run(
                _measure(live.url, token, 10 if args.quick else 30)
            )
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(
        f"notification latency, {SUBSCRIBERS} subscribers on 2 workers: "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms ({len(latencies)} messages)"
    )
    print(
        f"assign 1000 numbers: {alone * 1000:.0f} ms alone, {watched * 1000:.0f} ms with "
        f"{SUBSCRIBERS} subscribers of the order (ratio {watched / alone:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
