"""Whatever a person types into the console's forms, the answer is a page, never a server
error: random text in every field of the forms that open an appeal and take its steps, and in
the version a form carries, on both stores."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infrastructure.bootstrap import Services
from interface.http.appeal_routes import APPEALS
from interface.web.forms import Group, fields_of
from tests.builders import COORDINATOR, ENTERPRISE
from tests.console_support import case_url, hidden, post_step, signed_in
from tests.test_console_pages import submitted

ANSWERS = {303, 403, 404, 409, 412, 422}
typed = st.one_of(
    st.text(max_size=30), st.sampled_from(["", "0", "-1", "9" * 30, "2026-02-30", "2026-03-04",
                                           "2026-03-04T10:00", "scjgj", "county", "on", "1.5"]),
)  # fmt: skip


def form_names(body: type) -> list[str]:
    """Every name a form of `body` posts, each row of a list of bodies included."""
    names = []
    for field in fields_of(body):
        if isinstance(field, Group) and field.rows:
            names += [f"{field.name}.0.{w.name}" for w in field.widgets]
        elif isinstance(field, Group):
            names += [w.name for w in field.widgets]
        else:
            names.append(field.name)
    return names


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(form_names(APPEALS.intake["body"])), typed))
def test_any_appeal_form_answers_with_a_page(services: Services, values: dict[str, str]) -> None:
    enterprise = signed_in(services, ENTERPRISE)
    token = hidden(enterprise.get("/cases/appeals/new").text, "csrf_token")
    answer = enterprise.post("/cases/appeals/new", data={"csrf_token": token, **values},
                             follow_redirects=False)  # fmt: skip
    assert answer.status_code in ANSWERS, answer.text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=st.sampled_from(sorted(APPEALS.steps)),
    values=st.dictionaries(st.sampled_from(sorted({n for _, body in APPEALS.steps.values()
                                                  for n in form_names(body)})), typed),
    version=typed,
)  # fmt: skip
def test_any_step_form_answers_with_a_page(
    services: Services, action: str, values: dict[str, str], version: str
) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, url, "receive"))
    token = hidden(coordinator.get(url).text, "csrf_token")
    answer = coordinator.post(f"{url}/{action}", data={"csrf_token": token, "version": version,
                                                       **values}, follow_redirects=False)  # fmt: skip
    assert answer.status_code in ANSWERS, answer.text
