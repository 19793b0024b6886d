"""The table of Chinese labels: every code of the domain has one, and `GET /api/v1/vocabulary`
and `yingshang vocabulary` give them to every role."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from enum import Enum

from eventsourcing.domain import Aggregate
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import domain
from application.permissions import PEOPLE
from application.principal import Principal
from application.supervision_list import STATUSES
from application.supervision_rules import RULES
from application.vocabulary import CASE_KIND, ENUMERATED, VOCABULARIES
from domain.actor import Actor, Role
from domain.appeal import AppealStatus
from domain.case import Case
from infrastructure.bootstrap import Services
from interface.cli import app as cli
from interface.http import create_app
from tests.builders import ACME, NANCHANG_COUNTY
from tests.http_cases import auth


def domain_classes() -> set[type]:
    """Every class defined in a module of `domain`."""
    modules = [importlib.import_module(info.name)
               for info in pkgutil.walk_packages(domain.__path__, "domain.")]  # fmt: skip
    return {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__.startswith("domain.")
    }


def chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_every_enumeration_of_the_domain_has_a_label_for_every_member() -> None:
    enumerations = {cls for cls in domain_classes() if issubclass(cls, Enum)}
    assert len(enumerations) >= 25  # noqa: PLR2004 - the walk found the domain's enumerations
    unlabelled = sorted(
        f"{enumeration.__name__}.{member.name}"
        for enumeration in enumerations
        for member in enumeration
        if enumeration not in ENUMERATED or member.value not in ENUMERATED[enumeration].labels
    )
    assert unlabelled == [], "give them a label in application/vocabulary.py"
    for enumeration, vocabulary in ENUMERATED.items():
        assert list(vocabulary.labels) == [member.value for member in enumeration], vocabulary.name


def test_every_kind_of_case_rule_and_list_status_has_a_label() -> None:
    kinds = {
        cls.kind
        for cls in domain_classes()
        if issubclass(cls, Aggregate) and isinstance(getattr(cls, "kind", None), str)
        and cls is not Case
    }  # fmt: skip
    assert kinds == set(CASE_KIND.labels) and "policy_claim" in kinds
    assert list(VOCABULARIES["supervision_rule"].labels) == list(RULES)
    assert tuple(VOCABULARIES["supervision_status"].labels) == STATUSES


def test_every_label_is_chinese_and_tells_its_codes_apart() -> None:
    for name, vocabulary in VOCABULARIES.items():
        assert vocabulary.name == name and chinese(vocabulary.title), name
        labels = list(vocabulary.labels.values())
        assert labels and all(chinese(label) for label in labels), name
        assert len(set(labels)) == len(labels), f"{name}: two codes share a label"
    assert VOCABULARIES["supervision_rule"].label("quiet_day") == "安静日入企"
    assert VOCABULARIES["boolean"].labels == {"true": "是", "false": "否"}


def principal_of(role: Role) -> Principal:
    credit_code = ACME if role is Role.ENTERPRISE else None
    return Principal(Actor(f"someone.{role.value}", role, "org"), NANCHANG_COUNTY, credit_code)


def test_every_role_reads_the_vocabulary(services: Services) -> None:
    with TestClient(create_app(services)) as http:
        answers = {
            role: http.get("/api/v1/vocabulary", headers=auth(services, principal_of(role)))
            for role in PEOPLE
        }
        anonymous = http.get("/api/v1/vocabulary")
    assert {role: answer.status_code for role, answer in answers.items()} == dict.fromkeys(PEOPLE, 200)
    body = answers[Role.AUDITOR].json()
    assert list(body) == list(VOCABULARIES)
    assert body["appeal_status"][:2] == [
        {"code": "submitted", "label": "已登记"}, {"code": "received", "label": "已受理"}
    ]
    assert [term["code"] for term in body["appeal_status"]] == [s.value for s in AppealStatus]
    assert sum(len(terms) for terms in body.values()) == sum(len(v.labels) for v in VOCABULARIES.values())
    assert anonymous.status_code == 401  # noqa: PLR2004


def test_one_vocabulary_by_name_and_an_unknown_name(services: Services) -> None:
    headers = auth(services, principal_of(Role.ENTERPRISE))
    with TestClient(create_app(services)) as http:
        channel = http.get("/api/v1/vocabulary", params={"name": "channel"}, headers=headers)
        unknown = http.get("/api/v1/vocabulary", params={"name": "colour"}, headers=headers)
        malformed = http.get("/api/v1/vocabulary", params={"name": "Channel!"}, headers=headers)
    assert channel.status_code == 200, channel.text
    assert list(channel.json()) == ["channel"]
    assert channel.json()["channel"][0] == {"code": "hotline_12345", "label": "12345热线"}
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"  # noqa: PLR2004
    assert unknown.json()["code"] == "not_found" and "colour" in unknown.json()["detail"]
    assert malformed.status_code == 422  # noqa: PLR2004


def test_the_document_describes_the_vocabulary(services: Services) -> None:
    document = create_app(services).openapi()
    operation = document["paths"]["/api/v1/vocabulary"]["get"]
    assert operation["x-permission"] == {"kind": "vocabulary", "action": "read"}
    assert sorted(operation["x-roles"]) == sorted(role.value for role in PEOPLE)
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    term = schema["additionalProperties"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert set(document["components"]["schemas"][term]["required"]) == {"code", "label"}
    assert {"404", "401"} <= set(operation["responses"])


def test_the_command_line_prints_the_table() -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["vocabulary", "satisfaction"])
    assert printed.exit_code == 0, printed.output
    assert printed.output.splitlines() == [
        "satisfaction\tsatisfied\t满意",
        "satisfaction\tbasically_satisfied\t基本满意",
        "satisfaction\tunsatisfied\t不满意",
    ]
    everything = runner.invoke(cli, ["vocabulary"])
    assert len(everything.output.splitlines()) == sum(len(v.labels) for v in VOCABULARIES.values())
    unknown = runner.invoke(cli, ["vocabulary", "colour"])
    assert unknown.exit_code == 1 and "colour" in unknown.output
