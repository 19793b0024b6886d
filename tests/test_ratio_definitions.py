"""The ratio definitions (统计口径): printed the same by the CLI, docs/ratios.md, the README and
`GET /reports/definitions`; the office's bases and references configured and checked; periods
named or as any range of days.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from application.appeal_commands import Receive
from application.periods import Period
from application.ratio_definitions import DEFAULT_REFERENCES, DEFINITIONS, chosen_for
from application.ratios import choose
from domain.errors import InvalidValue
from infrastructure.settings import Settings
from interface.cli import app
from interface.http import create_app
from interface.ratio_doc import ratios_table
from tests.builders import COORDINATOR, ENTERPRISE, TEST_SECRET, Clock, submission
from tests.conftest import open_services
from tests.http_cases import auth
from tests.test_policy_claim_service import FINANCE

ROOT = Path(__file__).parents[1]
DEFAULTS = choose(DEFINITIONS, {}, DEFAULT_REFERENCES)


def test_docs_ratios_md_is_what_yingshang_definitions_prints_by_default() -> None:
    printed = CliRunner().invoke(app, ["definitions"], env={"YINGSHANG_RATIO_BASES": "{}"})
    assert printed.exit_code == 0, printed.output
    doc = ROOT / "docs" / "ratios.md"
    assert printed.output == doc.read_text(encoding="utf-8"), "run: yingshang definitions > docs/ratios.md"
    for definition in DEFINITIONS:
        assert f"### `{definition.name}` {definition.chinese}" in printed.output


def test_the_readme_shows_every_definition() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ratios_table(DEFAULTS) in readme, "README's ratio table differs from interface/ratio_doc"


def test_the_cli_prints_the_configured_basis_and_refuses_an_unknown_one() -> None:
    env = {"YINGSHANG_RATIO_BASES": '{"on_time_rate": "resolved"}'}
    printed = CliRunner().invoke(app, ["definitions"], env=env)
    section = printed.output.split("### `on_time_rate`")[1].split("###")[0]
    assert "counted here by: `resolved`" in section
    refused = CliRunner().invoke(app, ["definitions"], env={"YINGSHANG_RATIO_BASES": '{"on_time_rate": "closed"}'})
    assert refused.exit_code != 0 and "closed" in refused.output


def settings(**values: object) -> Settings:
    return Settings(token_secret=TEST_SECRET, _env_file=None, **values)  # type: ignore[arg-type]


def test_references_are_added_to_the_defaults_and_a_null_drops_one() -> None:
    assert settings().ratio_references == {"pre_suit_success_over_concluded": DEFAULT_REFERENCES["pre_suit_success_over_concluded"]}
    added = settings(YINGSHANG_RATIO_REFERENCES={"satisfaction_rate": "0.95"}).ratio_references
    assert set(added) == {"pre_suit_success_over_concluded", "satisfaction_rate"}
    dropped = settings(YINGSHANG_RATIO_REFERENCES={"pre_suit_success_over_concluded": None})
    assert dropped.ratio_references == {}


def test_a_dropped_default_reference_is_dropped_from_the_answers(database_url: str) -> None:
    services = open_services(
        database_url, Clock(), YINGSHANG_RATIO_REFERENCES={"pre_suit_success_over_concluded": None}
    )
    try:
        chosen = {ratio.definition.name: ratio for ratio in services.reports.definitions()}
        report = services.reports.mediation_ratios(COORDINATOR, "2026")
    finally:
        services.close()
    assert chosen["pre_suit_success_over_concluded"].reference is None
    assert report.total.ratios()["pre_suit_success_over_concluded"].reference is None


def test_the_older_name_of_the_references_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YINGSHANG_MEDIATION_REFERENCES", '{"mediation_withdrawal_ratio": "0.7"}')
    assert str(settings().ratio_references["mediation_withdrawal_ratio"]) == "0.7"
    assert "pre_suit_success_over_concluded" in settings().ratio_references


@pytest.mark.parametrize(
    "values, word",
    [
        ({"YINGSHANG_RATIO_REFERENCES": {"no_such_ratio": "0.5"}}, "no_such_ratio"),
        ({"YINGSHANG_RATIO_REFERENCES": {"closure_rate": "1.5"}}, "between 0 and 1"),
        ({"ratio_bases": {"no_such_ratio": "received"}}, "no_such_ratio"),
        ({"ratio_bases": {"closure_rate": "resolved"}}, "received"),
    ],
)
def test_an_unknown_ratio_basis_or_reference_is_refused_with_its_name(values: dict, word: str) -> None:
    with pytest.raises(ValidationError, match=word):
        settings(**values)


def test_definitions_over_http_name_the_basis_and_reference_in_force(database_url: str) -> None:
    services = open_services(
        database_url, Clock(), ratio_bases={"on_time_rate": "resolved"},
        YINGSHANG_RATIO_REFERENCES={"satisfaction_rate": "0.95"},
    )  # fmt: skip
    try:
        with TestClient(create_app(services)) as http:
            for reader in (ENTERPRISE, FINANCE, COORDINATOR):  # public to every role
                response = http.get("/api/v1/reports/definitions", headers=auth(services, reader))
                assert response.status_code == 200, response.text
            by_name = {item["name"]: item for item in response.json()}
    finally:
        services.close()
    assert list(by_name) == [definition.name for definition in DEFINITIONS]
    assert by_name["on_time_rate"]["basis"] == "resolved"
    assert [b["name"] for b in by_name["on_time_rate"]["bases"]] == ["received", "resolved"]
    assert by_name["closure_rate"]["basis"] == "received"
    assert by_name["satisfaction_rate"]["reference"] == "0.95"
    assert by_name["pre_suit_success_over_concluded"]["reference"] == "0.5482"
    assert by_name["mediation_withdrawal_ratio"]["reference"] is None
    assert by_name["disbursement_ratio"]["unit"] == "yuan"
    assert by_name["closure_rate"]["cohort"] and by_name["closure_rate"]["numerator"] == "resolved"


def test_chosen_for_a_report_keeps_its_definitions_in_order() -> None:
    names = [ratio.definition.name for ratio in chosen_for("mediation-ratios")]
    assert names == ["pre_suit_success_over_concluded", "pre_suit_success_over_entered",
                     "in_suit_mediation_ratio", "mediation_withdrawal_ratio"]  # fmt: skip


@pytest.mark.parametrize(
    "label, start, end",
    [
        ("2023", date(2023, 1, 1), date(2024, 1, 1)),
        ("2023-H1", date(2023, 1, 1), date(2023, 7, 1)),
        ("2023-H2", date(2023, 7, 1), date(2024, 1, 1)),
        ("2023-Q4", date(2023, 10, 1), date(2024, 1, 1)),
        ("2023-12", date(2023, 12, 1), date(2024, 1, 1)),
        ("2023-01-01~2023-08-31", date(2023, 1, 1), date(2023, 9, 1)),
        ("2024-02-29~2024-02-29", date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_periods_named_or_as_a_range_of_days(label: str, start: date, end: date) -> None:
    assert Period.parse(label) == Period(label, start, end)


@pytest.mark.parametrize(
    "label",
    ["0000", "9999", "9999-12", "2023-H3", "2023-Q0", "2023-13", "2023-02-30~2023-03-01",
     "2023-05-01~2023-04-30", "1900-01-01~1900-12-31", "2023-1", ""],
)  # fmt: skip
def test_a_period_out_of_form_or_range_is_refused(label: str) -> None:
    with pytest.raises(InvalidValue):
        Period.parse(label)


@pytest.mark.parametrize(
    "params, status",
    [
        ({"from": "2026-01-01", "to": "2026-08-31"}, 200),
        ({"period": "2026-H1"}, 200),
        ({"period": "2026-01-01~2026-08-31"}, 200),
        ({"period": "2026", "from": "2026-01-01", "to": "2026-08-31"}, 422),
        ({"from": "2026-01-01"}, 422),
        ({}, 422),
        ({"from": "2026-09-01", "to": "2026-08-31"}, 422),
        ({"from": "2026-02-30", "to": "2026-03-31"}, 422),
        ({"from": "20260101", "to": "2026-03-31"}, 422),
        ({"period": "9999-12"}, 422),
        ({"period": "0000"}, 422),
    ],
)
def test_every_report_takes_a_named_period_or_from_and_to(http: TestClient, services, params: dict, status: int) -> None:
    for path in ("closure-rates", "mediation-ratios", "policy-claims", "inspections", "department-ranking"):
        response = http.get(f"/api/v1/reports/{path}", params=params, headers=auth(services, COORDINATOR))
        assert response.status_code == status, (path, response.text)
        if status == 200:  # noqa: PLR2004
            assert response.json()["period"] in (params.get("period"), "2026-01-01~2026-08-31")
        else:
            assert response.headers["content-type"].startswith("application/problem+json")


def test_a_report_over_a_range_counts_the_days_of_the_range_only(services, clock: Clock) -> None:
    for month, day in ((1, 31), (2, 1), (8, 31), (9, 1)):
        clock.now = clock.now.replace(month=month, day=day)
        appeal = services.appeals.submit(submission(), ENTERPRISE)
        services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    february_to_august = services.reports.closure_rates(COORDINATOR, "2026-02-01~2026-08-31")
    assert february_to_august.total.received == 2  # 1 Feb and 31 Aug, both days included
    assert february_to_august.period.label == "2026-02-01~2026-08-31"
