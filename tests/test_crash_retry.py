"""`kill -9` of `yingshang serve` while keyed intakes are in flight: every retry of a key, after
a restart, gets one answer at once, and every key records exactly one appeal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from tests.builders import Clock
from tests.conftest import open_services
from tests.test_cli import child_env, free_port, mint, wait_until_up
from tests.test_http_appeals import APPEAL
from tests.test_idempotency import appeals_of

KILL_AT = (0.0, 0.5, 0.8, 0.9, 1.0, 1.2)  # of a request's usual time


@contextmanager
def server(database_url: str, directory: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "interface.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=child_env(YINGSHANG_DATABASE_URL=database_url), cwd=directory,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)


def submit(base: str, token: str, key: str) -> httpx2.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return httpx2.post(f"{base}/api/v1/appeals", json=APPEAL, headers=headers, timeout=10)


def test_keyed_intakes_survive_kill_9_at_any_moment(
    database_url: str, clock: Clock, tmp_path: Path
) -> None:
    token = mint("--role", "enterprise", "--org", "acme", "--jurisdiction", "360121",
                 "--credit-code", APPEAL["enterprise"]["credit_code"])  # fmt: skip
    keys = [f"crash-{n}" for n in range(len(KILL_AT))]
    warmed = []
    for key, moment in zip(keys, KILL_AT, strict=True):
        with server(database_url, tmp_path) as (base, process):
            started = time.perf_counter()
            warmed.append(submit(base, token, f"warm-{key}").json()["id"])
            usual = time.perf_counter() - started
            sending = threading.Thread(target=lambda: _try(submit, base, token, key), daemon=True)
            sending.start()
            time.sleep(moment * usual)
            os.kill(process.pid, signal.SIGKILL)
            sending.join(timeout=10)
    with server(database_url, tmp_path) as (base, _):
        first = {key: submit(base, token, key) for key in keys}
        again = {key: submit(base, token, key) for key in keys}
    assert {key: answer.status_code for key, answer in first.items()} == dict.fromkeys(keys, 201)
    assert all(again[key].json() == first[key].json() for key in keys)
    services = open_services(database_url, clock)
    try:
        answered = [answer.json()["id"] for answer in first.values()]
        assert sorted(appeals_of(services)) == sorted(answered + warmed)
    finally:
        services.close()


def _try(send: object, *args: str) -> None:
    """Send, where the server may die under the request."""
    try:
        send(*args)  # type: ignore[operator]
    except httpx2.TransportError:
        pass
