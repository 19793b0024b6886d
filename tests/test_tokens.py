"""Bearer tokens: what verification refuses, revocation on both stores, logout over HTTP, and
no secret in the repository."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from application.principal import Principal
from domain.actor import Actor, Role
from infrastructure.bootstrap import Services
from infrastructure.settings import Settings
from infrastructure import tokens
from infrastructure.tokens import TokenExpired, TokenRevoked, secret_from_file
from tests.builders import COORDINATOR, HANDLER, NANCHANG_COUNTY, TEST_SECRET, Clock
from tests.conftest import open_services
from tests.test_http_appeals import assert_problem

ROOT = Path(__file__).resolve().parents[1]
ADMIN = Principal(Actor("sun.hao", Role.ADMIN, "yshb"), NANCHANG_COUNTY)
Claims = dict[str, object]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def cases(http: TestClient, token: str):
    """A read every role may make: the policy catalogue."""
    return http.get("/api/v1/policies", headers=bearer(token))


def revoke(http: TestClient, token: str, body: dict | None = None):
    return http.post("/api/v1/tokens/revoke", json=body, headers=bearer(token))


def signed(claims: Claims, secret: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def without(name: str) -> Callable[[Claims], str]:
    return lambda claims: signed({key: value for key, value in claims.items() if key != name})


FORGERIES: dict[str, Callable[[Claims], str]] = {
    "wrong issuer": lambda claims: signed(claims | {"iss": "somebody-else"}),
    "wrong audience": lambda claims: signed(claims | {"aud": "another-api"}),
    "wrong secret": lambda claims: signed(claims, "w" * 40),
    "another algorithm": lambda claims: signed(claims, algorithm="HS512"),
    "alg none": lambda claims: jwt.encode(claims, None, algorithm="none"),
    "no jti": without("jti"),
    "no exp": without("exp"),
    "no iat": without("iat"),
    "no sub": without("sub"),
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # HS512 forgery
def test_verification_refuses_expired_forged_and_incomplete_tokens(
    http: TestClient, services: Services
) -> None:
    valid = services.tokens.mint(COORDINATOR)
    assert cases(http, valid).status_code == 200
    expired = services.tokens.mint(COORDINATOR, ttl=timedelta(seconds=-1))
    assert_problem(cases(http, expired), 401, "token_expired")
    claims = jwt.decode(valid, TEST_SECRET, algorithms=["HS256"], audience="yingshang-api")
    assert signed(claims) and cases(http, signed(claims)).status_code == 200  # the forger's base
    for name, forge in FORGERIES.items():
        response = cases(http, forge(claims))
        assert response.status_code == 401, name
        assert_problem(response, 401, "unauthenticated")


def test_every_token_has_its_own_jti(services: Services) -> None:
    first, second = (services.tokens.issue(COORDINATOR)[1] for _ in range(2))
    assert first.jti != second.jti and len(first.jti) == 32


def test_a_token_revoked_by_its_jti_is_refused_while_another_of_its_subject_works(
    http: TestClient, services: Services
) -> None:
    revoked, revocation = services.tokens.issue(COORDINATOR)
    other = services.tokens.mint(COORDINATOR)
    services.revocations.revoke("sun.hao", "device lost", jti=revocation.jti)
    body = assert_problem(cases(http, revoked), 401, "token_revoked")
    assert "device lost" in body["detail"]
    assert cases(http, other).status_code == 200


def test_a_token_already_verified_is_still_refused_once_revoked_or_expired(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process remembers a verified token's signature, not that it was valid."""
    token, credential = services.tokens.issue(COORDINATOR, ttl=timedelta(hours=1))
    assert services.tokens.verify(token) == COORDINATOR
    monkeypatch.setattr(tokens, "utc_now", lambda: credential.expires_at)
    with pytest.raises(TokenExpired):
        services.tokens.check(token)
    monkeypatch.undo()
    services.revocations.revoke("sun.hao", "device lost", jti=credential.jti)
    with pytest.raises(TokenRevoked, match="device lost"):
        services.tokens.check(token)


def test_a_subject_revocation_refuses_its_tokens_issued_up_to_that_second(
    services: Services,
) -> None:
    # Minted with explicit times in the recent past, so the test does not depend on the clock.
    moment = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=5)
    earlier = services.tokens.mint(COORDINATOR, now=moment - timedelta(hours=1))
    same_second = services.tokens.mint(COORDINATOR, now=moment)
    later = services.tokens.mint(COORDINATOR, now=moment + timedelta(seconds=1))
    others = services.tokens.mint(HANDLER, now=moment - timedelta(hours=1))
    services.revocations.revoke(
        "sun.hao", "left the office", subject=COORDINATOR.actor.id,
        now=moment + timedelta(milliseconds=500),
    )  # fmt: skip
    for token in (earlier, same_second):
        with pytest.raises(TokenRevoked, match="left the office"):
            services.tokens.check(token)
    assert services.tokens.verify(later) == COORDINATOR
    assert services.tokens.verify(others) == HANDLER


def test_revocations_survive_a_restart(database_url: str, clock: Clock) -> None:
    services = open_services(database_url, clock)
    token, credential = services.tokens.issue(HANDLER)
    services.revocations.revoke("sun.hao", jti=credential.jti)
    services.revocations.revoke("sun.hao", subject=COORDINATOR.actor.id)
    earlier = services.tokens.mint(COORDINATOR, now=datetime.now(timezone.utc) - timedelta(hours=1))
    services.close()
    restarted = open_services(database_url, clock)
    try:
        for refused in (token, earlier):
            with pytest.raises(TokenRevoked):
                restarted.tokens.check(refused)
        assert restarted.tokens.verify(restarted.tokens.mint(HANDLER)) == HANDLER
    finally:
        restarted.close()


def test_pruning_forgets_only_revocations_of_tokens_that_expired(services: Services) -> None:
    now = datetime.now(timezone.utc)
    _, gone = services.tokens.issue(HANDLER, now=now - timedelta(hours=2), ttl=timedelta(hours=1))
    token, live = services.tokens.issue(HANDLER)
    for credential in (gone, live):
        services.revocations.revoke("x", jti=credential.jti, expires_at=credential.expires_at)
    earlier = services.tokens.mint(COORDINATOR, now=now - timedelta(hours=1))
    services.revocations.revoke("x", subject=COORDINATOR.actor.id, now=now)
    assert services.revocations.prune() == 1
    for refused in (token, earlier):
        with pytest.raises(TokenRevoked):
            services.tokens.check(refused)


def test_logout_revokes_the_callers_own_token(http: TestClient, services: Services) -> None:
    token, credential = services.tokens.issue(HANDLER)
    response = revoke(http, token)
    assert response.status_code == 200, response.text
    assert response.json() | {"revoked_at": None} == {
        "jti": credential.jti, "subject": None, "revoked_at": None,
        "revoked_by": HANDLER.actor.id, "reason": "logout",
    }  # fmt: skip
    assert_problem(cases(http, token), 401, "token_revoked")
    assert_problem(revoke(http, token), 401, "token_revoked")
    again = services.tokens.mint(HANDLER)
    assert revoke(http, again, {"reason": "end of shift"}).json()["reason"] == "end of shift"


def test_anyone_may_revoke_all_their_own_tokens(http: TestClient, services: Services) -> None:
    first, second = (services.tokens.mint(HANDLER) for _ in range(2))
    response = revoke(http, first, {"subject": HANDLER.actor.id})
    assert response.status_code == 200, response.text
    assert_problem(cases(http, second), 401, "token_revoked")


def test_only_an_admin_revokes_anothers_tokens(http: TestClient, services: Services) -> None:
    coordinator, credential = services.tokens.issue(COORDINATOR)
    handler = services.tokens.mint(HANDLER)
    for body in ({"jti": credential.jti}, {"subject": COORDINATOR.actor.id}):
        assert_problem(revoke(http, handler, body), 403, "forbidden")
    assert cases(http, coordinator).status_code == 200
    admin = services.tokens.mint(ADMIN)
    response = revoke(http, admin, {"jti": credential.jti, "reason": "device lost"})
    assert response.status_code == 200, response.text
    assert response.json()["revoked_by"] == ADMIN.actor.id
    assert_problem(cases(http, coordinator), 401, "token_revoked")
    assert revoke(http, admin, {"subject": HANDLER.actor.id}).status_code == 200
    assert_problem(cases(http, handler), 401, "token_revoked")
    assert cases(http, admin).status_code == 200
    assert_problem(revoke(http, admin, {"jti": "a", "subject": "b"}), 422, "validation_error")


def test_the_revoke_route_documents_its_refusals(http: TestClient) -> None:
    responses = http.get("/openapi.json").json()["paths"]["/api/v1/tokens/revoke"]["post"]["responses"]
    assert {"200", "401", "403", "422"} <= set(responses)


def test_a_short_token_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 32") as raised:
        Settings(token_secret="too-short", _env_file=None)
    assert "too-short" not in str(raised.value)
    kept = tmp_path / "token-secret"
    kept.write_text("short\n", encoding="utf-8")
    with pytest.raises(ValueError, match="at least 32"):
        secret_from_file(kept)
    generated = tmp_path / "new" / "token-secret"
    assert len(secret_from_file(generated)) >= 32 and generated.stat().st_mode & 0o077 == 0


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout"
)
def test_no_secret_is_in_the_repository() -> None:
    tracked = git("ls-files").stdout.splitlines()
    assert tracked, "git ls-files listed nothing"
    assert not [path for path in tracked if Path(path).name in ("token-secret", ".env")]
    ignored = git("check-ignore", "--no-index", ".yingshang/token-secret", ".env").stdout.split()
    assert ignored == [".yingshang/token-secret", ".env"]
