"""Field types shared by the request bodies of every case, and bodies derived from commands."""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    create_model,
)

from domain.bounds import EARLIEST_ACT, FIRST_YEAR, LAST_YEAR, require_day, require_moment
from domain.enterprise import ALPHABET, CreditCode
from domain.errors import InvalidValue
from domain.jurisdiction import PROVINCE_CODES, JurisdictionCode
from domain.money import Money
from domain.text import FORBIDDEN

T = TypeVar("T")


def checked_by(value_object: Callable[[str], T]) -> Callable[[str], str]:
    """A pydantic validator that applies the domain's own check of a value object."""

    def check(value: str) -> str:
        try:
            value_object(value)
        except InvalidValue as error:
            raise ValueError(str(error)) from None
        return value

    return check


NO_CONTROL = f"^[^{FORBIDDEN}]*$"  # control and bidi-control characters (domain.text)
# … and at least one character that is not white space: text is stripped before it is checked,
# so the document must not call "\r" valid where the service finds it empty
SOME_TEXT = f"^[^{FORBIDDEN}]*[^\\s{FORBIDDEN}][^{FORBIDDEN}]*$"
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000, pattern=SOME_TEXT)
]
OptionalText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=4000, pattern=NO_CONTROL)
]
Code = Annotated[str, StringConstraints(pattern=f"^[^\\x00-\\x1f{FORBIDDEN}]{{1,100}}$")]
# The document states the form of a code; the check character of a credit code it cannot.
CreditCodeText = Annotated[
    str,
    Field(
        pattern=f"^[{ALPHABET}]{{18}}$", examples=["91360121MA35ABCD04"],
        description="统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character",
    ),  # fmt: skip
    AfterValidator(checked_by(CreditCode)),
]
JurisdictionText = Annotated[
    str,
    Field(
        pattern=f"^({'|'.join(sorted(PROVINCE_CODES))})[0-9]{{4}}$", examples=["360121"],
        description="行政区划代码 (GB/T 2260): 6 digits, the first two a province's",
    ),  # fmt: skip
    AfterValidator(checked_by(JurisdictionCode)),
]
Yuan = Annotated[
    str,
    Field(pattern=r"^\d{1,15}(\.\d{1,2})?$", examples=["1250000.00"], description="yuan, exact"),
]


def integral(value: Any) -> Any:
    """A JSON number with no fraction as the integer it is (`200.0` is 200, as JSON Schema's
    `integer` has it); anything else as given, for the strict check after."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A count: a JSON integer (`200` or `200.0`); never a boolean, a string or a fraction. Bounds go
# before the validator (`Annotated[StrictInt, Field(ge=…), BeforeValidator(integral)]`): put on
# top of `WholeNumber` they still hold but the document loses them.
WholeNumber = Annotated[StrictInt, BeforeValidator(integral)]
Phone = Annotated[str, Field(pattern=r"^[0-9+\-() ]{5,20}$", examples=["0791-85712345"])]


# The ISO 8601 forms a day and a moment are written in, in the years FIRST_YEAR … LAST_YEAR, with
# offsets up to ±14:00: the patterns the OpenAPI document states (anchored there). A moment is
# RFC 3339's `date-time` (seconds included), as the document's `format` says.
YEARS = r"(19(49|[5-9][0-9])|2[0-9]{3})"
ISO_DAY = rf"{YEARS}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
OFFSET = r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)"
ISO_MOMENT = rf"{ISO_DAY}T{TIME}{OFFSET}"


def iso_text(pattern: str, what: str, example: str) -> Callable[[Any], Any]:
    """A validator run before pydantic's own: text in the ISO 8601 form `pattern` matches, never
    a number (pydantic would read 1700000000 as seconds since 1970)."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(
                f"{what} is ISO 8601 text such as {example} ({FIRST_YEAR}–{LAST_YEAR}), "
                f"got {value!r}"
            )
        if not isinstance(value, str | date):
            raise ValueError(f"{what} is ISO 8601 text, not {type(value).__name__}")
        return value

    return check


def in_domain(check: Callable[[T, str], T], what: str) -> Callable[[T], T]:
    """A pydantic validator that applies a range check of `domain.bounds`."""

    def validate(value: T) -> T:
        try:
            return check(value, what)
        except InvalidValue as error:
            raise ValueError(str(error)) from None

    return validate


def moment_schema(description: str) -> WithJsonSchema:
    """What the document says of a moment: RFC 3339 text in the years it may name."""
    return WithJsonSchema({
        "type": "string", "format": "date-time", "pattern": f"^{ISO_MOMENT}$",
        "description": description, "examples": ["2026-03-02T09:30:00+08:00"],
    })  # fmt: skip


Moment = Annotated[
    AwareDatetime,
    BeforeValidator(iso_text(ISO_MOMENT, "a moment", "2026-03-02T09:30:00+08:00 (seconds and offset included)")),
    AfterValidator(in_domain(require_moment, "a moment")),
    moment_schema(f"RFC 3339 date-time (seconds and UTC offset included), in the years "
                  f"{FIRST_YEAR}–{LAST_YEAR}"),
]  # fmt: skip
Day = Annotated[
    date,
    BeforeValidator(iso_text(ISO_DAY, "a day", "2026-03-16")),
    AfterValidator(in_domain(require_day, "a day")),
    WithJsonSchema({
        "type": "string", "format": "date", "pattern": f"^{ISO_DAY}$",
        "description": f"YYYY-MM-DD, in the years {FIRST_YEAR}–{LAST_YEAR}",
        "examples": ["2026-03-16"],
    }),
]  # fmt: skip
ActTime = Annotated[
    Moment,
    moment_schema("when the act happened (RFC 3339 date-time with its UTC offset; default now): "
                  f"not before the service's earliest act date ({EARLIEST_ACT} unless "
                  "configured), not in the future"),
]  # fmt: skip


class StrictBody(BaseModel):
    """A request body: no unknown fields; booleans, text and money are never coerced."""

    model_config = ConfigDict(extra="forbid")


# Field types of the command dataclasses → the stricter types a request body needs.
BODY_TYPES: dict[Any, Any] = {
    str: Text,
    bool: StrictBool,
    int: WholeNumber,
    Money: Yuan,
    Money | None: Yuan | None,
    date: Day,
    date | None: Day | None,
    datetime | None: ActTime | None,
}

# Fields whose name says more than their type does.
NAMED_TYPES: dict[str, Any] = {
    "stars": Annotated[StrictInt, Field(ge=1, le=5), BeforeValidator(integral)]
}


class StepBody(StrictBody):
    """The body of a lifecycle step; `command()` makes the application's command of it."""

    def command(self) -> Any:
        raise NotImplementedError


class DerivedStepBody(StepBody):
    """A step body derived from a command whose fields JSON can carry as they are."""

    command_type: ClassVar[type[Any]]
    money_fields: ClassVar[frozenset[str]] = frozenset()

    def command(self) -> Any:
        values = dict(self)
        for name in self.money_fields:
            if values[name] is not None:
                values[name] = Money.of(values[name])
        return self.command_type(**values)


def command_body(command: type[Any]) -> type[StepBody]:
    """The request body of a lifecycle command, derived from the command's own fields."""
    hints = typing.get_type_hints(command)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(command):
        hint = hints[field.name]
        annotation = NAMED_TYPES.get(field.name) or BODY_TYPES.get(hint, hint)
        if field.default is dataclasses.MISSING:
            fields[field.name] = (annotation, ...)
        else:
            optional = OptionalText if annotation is Text else annotation
            fields[field.name] = (optional, field.default)
    name = "".join(part.capitalize() for part in command.action.split("-")) + "Body"
    body = create_model(name, __base__=DerivedStepBody, __doc__=command.__doc__, **fields)
    body.command_type = command
    body.money_fields = frozenset(
        name for name, hint in hints.items() if hint in (Money, Money | None)
    )
    return body
