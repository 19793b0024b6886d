"""What a console session costs per request, and what signing in costs, on SQLite and PostgreSQL.

    .venv/bin/python bench/sessions.py [--calls 300] [--accounts 200] [--postgres postgresql://…/test]

Per request: looking a session up (`SignIns.session`, one indexed read) against checking a bearer
token (`TokenAuthority.check`, with its one indexed revocation lookup), the API's way, measured in
the same run. Signing in (Argon2 with the default parameters, the attempt counted and sealed, the
session opened) against the bare Argon2 verification it contains. And the accounts page
(`GET /admin/users`, a session, the list of `--accounts` accounts) over HTTP: median and p95.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from common import COUNTY, POSTGRES, postgres_stores, sqlite_stores
from fastapi.testclient import TestClient

from application.account_service import OpenAccount
from application.principal import Principal
from domain.account import AccountProfile
from domain.actor import Actor, Role
from infrastructure.bootstrap import build_services
from infrastructure.passwords import Argon2Hasher
from infrastructure.settings import Settings
from interface.http import create_app

ADMIN = Principal(Actor("admin", Role.ADMIN, "xxzx"), COUNTY)
PASSWORD = "Bench-mima-2026"


def per_call(work: Callable[[], object], calls: int) -> list[float]:
    """Seconds each of `calls` runs of `work` took, after one to warm up."""
    work()
    taken = []
    for _ in range(calls):
        start = time.perf_counter()
        work()
        taken.append(time.perf_counter() - start)
    return taken


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def measure(name: str, url: str, calls: int, accounts: int) -> None:
    settings = Settings(database_url=url, token_secret="b" * 40, _env_file=None)
    services = build_services(settings)
    try:
        for number in range(accounts):
            role = Role.ADMIN if number == 0 else Role.HANDLER
            login = "admin" if number == 0 else f"user.{number:05d}"
            profile = AccountProfile(f"用户{number}", role, "xxzx" if number == 0 else "scjgj")
            command = OpenAccount(jurisdiction=COUNTY, login=login, profile=profile)
            services.accounts.open_account(command, PASSWORD, ADMIN)
        key, _ = services.sign_ins.sign_in("admin", PASSWORD, "127.0.0.1")
        token = services.tokens.mint(ADMIN)
        session = statistics.mean(per_call(lambda: services.sign_ins.session(key), calls))
        bearer = statistics.mean(per_call(lambda: services.tokens.check(token), calls))
        print(f"{name}: session lookup {session * 1e6:.0f} µs, bearer token check "
              f"{bearer * 1e6:.0f} µs: ratio {session / bearer:.2f}")  # fmt: skip

        hashed = services.accounts.passwords.password_of("admin") or ""
        hasher = Argon2Hasher()
        rounds = max(calls // 20, 5)
        verify = statistics.mean(per_call(lambda: hasher.verify(hashed, PASSWORD), rounds))
        sign_in = statistics.mean(
            per_call(lambda: services.sign_ins.sign_in("admin", PASSWORD, "127.0.0.1"), rounds)
        )
        print(f"{name}: sign-in {sign_in * 1e3:.1f} ms, bare Argon2 verify {verify * 1e3:.1f} ms: "
              f"ratio {sign_in / verify:.2f}")  # fmt: skip

        with TestClient(create_app(services)) as client:
            client.cookies.set("yingshang_session", key)
            pages = per_call(lambda: client.get("/admin/users"), max(calls // 10, 20))
        print(f"{name}: GET /admin/users with {accounts} accounts: median "
              f"{statistics.median(pages) * 1e3:.1f} ms, p95 {p95(pages) * 1e3:.1f} ms")  # fmt: skip
    finally:
        services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    with sqlite_stores() as fresh:
        measure("sqlite", fresh("sessions"), args.calls, args.accounts)
    with postgres_stores(args.postgres) as fresh:
        measure("postgresql", fresh("sessions"), args.calls, args.accounts)


if __name__ == "__main__":
    main()
