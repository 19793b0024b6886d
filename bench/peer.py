"""HTTP command throughput against a plain CRUD peer measured in the same run, on both stores.

    .venv/bin/python bench/peer.py [--lifecycles 100] [--clients 1 4 16] [--postgres postgresql://…/test]

Serves yingshang and the CRUD peer (`bench/crud_peer.py`: one `UPDATE` and one history `INSERT`
per step) side by side, each under uvicorn in a process of its own on a fresh store, and drives
`--lifecycles` appeal lifecycles over HTTP through one, then the other, with each number of
concurrent clients (threads with a keep-alive connection each): submit, receive, assign,
resolve (by the department's handler), follow-up, close; six commands each. yingshang runs as
`yingshang serve` runs it by default (`--background`): the process policies and view catch-ups
poll in a thread of the serving process. Figures: commands per second of each, the ratio
yingshang/peer (issue 14 asks ≥ 0.8), the commands refused or failed (any answer but 2xx,
by status; 0 for no answer), and the CPU each serving process spent per command (its user and
system time over the run and a settling 0.2 s after it, background work included): a figure
the machine's other load disturbs far less than the rates.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import Any

from application.principal import Principal
from common import DEPARTMENT, OFFICE, POSTGRES, UrlMaker, postgres_stores, sqlite_stores
from infrastructure.bootstrap import token_authority
from infrastructure.settings import Settings

SECRET = "bench-peer-token-secret-0123456789abcdef"
YINGSHANG = ["interface.http:create_app"]  # what uvicorn serves
PEER = ["--app-dir", str(Path(__file__).resolve().parent), "crud_peer:create_app"]
SUBMIT = {
    "jurisdiction": "360121",
    "enterprise": {"credit_code": "91360121MA35ABCD04", "name": "bench"},
    "channel": "hotline_12345",
    "category": "financing",
    "summary": "bench",
}
STEPS = [
    ("receive", {}, OFFICE),
    ("assign", {"department": "scjgj", "level": "county"}, OFFICE),
    ("resolve", {"outcome": "solved", "resolution": "ok"}, DEPARTMENT),
    ("follow-up", {"satisfaction": "satisfied"}, OFFICE),
    ("close", {"reason": "ok"}, OFFICE),
]
Tokens = dict[Principal, str]  # principal → its Authorization header


SETTLE = 0.2  # seconds after a run whose CPU still counts (the background work it caused)


@dataclass(frozen=True)
class Server:
    """A serving process: its port, and the CPU seconds it has spent so far."""

    port: int
    pid: int

    def cpu(self) -> float:
        with open(f"/proc/{self.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@dataclass(frozen=True)
class Run:
    """What one number of clients achieved: seconds taken, answers by status, and the server's
    CPU seconds."""

    seconds: float
    statuses: collections.Counter[int]
    cpu: float

    @property
    def rate(self) -> float:
        done = sum(n for status, n in self.statuses.items() if 200 <= status < 300)
        return done / self.seconds

    @property
    def cpu_per_command(self) -> float:
        """Milliseconds of the server's CPU per command answered."""
        return 1000 * self.cpu / max(1, sum(self.statuses.values()))

    @property
    def failed(self) -> str:
        failures = {status: n for status, n in self.statuses.items() if not 200 <= status < 300}
        return f"{sum(failures.values())}" + (f" {failures}" if failures else "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(app: list[str], url: str) -> Iterator[Server]:
    """A uvicorn process serving `app` on the store `url`, once it answers."""
    port = free_port()
    env = os.environ | {"YINGSHANG_DATABASE_URL": url, "YINGSHANG_TOKEN_SECRET": SECRET}
    command = [sys.executable, "-m", "uvicorn", "--factory", *app, "--port", str(port),
               "--log-level", "warning", "--no-access-log"]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    try:
        wait_until_up(server, port)
        yield Server(port, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(server: subprocess.Popen[bytes], port: int, patience: float = 60) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            if post(HTTPConnection("127.0.0.1", port), "/healthz", None, "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no answer on port {port} after {patience} s")


def post(connection: HTTPConnection, path: str, body: Any, token: str) -> tuple[int, Any]:
    """POST `body` as JSON (GET if None); the status and the decoded answer."""
    payload = None if body is None else json.dumps(body)
    headers = {"Authorization": token, "Content-Type": "application/json"}
    connection.request("GET" if body is None else "POST", path, payload, headers)
    answer = connection.getresponse()
    return answer.status, json.loads(answer.read() or b"null")


def lifecycles(port: int, count: int, tokens: Tokens, statuses: collections.Counter[int]) -> None:
    """Take `count` appeals through their lifecycle on one connection, counting the answers by
    status; a lifecycle stops at its first refused command."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60)

    def command(path: str, body: Any, principal: Principal) -> Any:
        """The answer to one command, or None if it was refused or failed."""
        try:
            status, answer = post(connection, f"/api/v1/appeals{path}", body, tokens[principal])
        except (OSError, HTTPException):
            connection.close()
            status, answer = 0, None
        statuses[status] += 1
        return answer if 200 <= status < 300 else None

    for _ in range(count):
        appeal = command("", SUBMIT, OFFICE)
        for action, body, principal in STEPS if appeal else []:
            if command(f"/{appeal['id']}/{action}", body, principal) is None:
                break
    connection.close()


def drive(server: Server, count: int, clients: int, tokens: Tokens) -> Run:
    """`count` lifecycles shared among `clients` concurrent clients."""
    tallies = [collections.Counter[int]() for _ in range(clients)]
    shares = [count // clients + (i < count % clients) for i in range(clients)]
    threads = [
        threading.Thread(target=lifecycles, args=(server.port, share, tokens, tally))
        for share, tally in zip(shares, tallies)
    ]
    cpu, started = server.cpu(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    time.sleep(SETTLE)
    return Run(seconds, sum(tallies, collections.Counter[int]()), server.cpu() - cpu)


def measure(name: str, make_url: UrlMaker, count: int, client_counts: list[int]) -> None:
    """Both servers up side by side, each number of clients driving one then the other (so
    that a change in the machine's load between them is short)."""
    authority = token_authority(Settings(token_secret=SECRET))
    tokens = {who: f"Bearer {authority.mint(who)}" for who in (OFFICE, DEPARTMENT)}
    with served(YINGSHANG, make_url("yingshang")) as ours, served(PEER, make_url("peer")) as peer:
        for server in (ours, peer):
            drive(server, 2, 1, tokens)  # warm-up, not counted
        for clients in client_counts:
            print_run(
                name,
                clients,
                count,
                drive(ours, count, clients, tokens),
                drive(peer, count, clients, tokens),
            )


def print_run(name: str, clients: int, count: int, ours: Run, peer: Run) -> None:
    print(
        f"{name:10} {clients:2} clients, {count} lifecycles | yingshang {ours.rate:6.1f} "
        f"cmd/s, {ours.cpu_per_command:5.2f} ms CPU/cmd, refused/failed {ours.failed} | peer "
        f"{peer.rate:6.1f} cmd/s, {peer.cpu_per_command:5.2f} ms CPU/cmd, refused/failed "
        f"{peer.failed} | yingshang/peer {ours.rate / peer.rate:4.2f}×",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifecycles", type=int, default=100, help="per number of clients")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    with sqlite_stores() as make_url:
        measure("sqlite", make_url, args.lifecycles, args.clients)
    with postgres_stores(args.postgres) as make_url:
        measure("postgresql", make_url, args.lifecycles, args.clients)


if __name__ == "__main__":
    main()
