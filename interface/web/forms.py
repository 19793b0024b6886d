"""HTML forms made from the API's request bodies, and posted forms read back into them.

A body's fields become widgets by their types: an enumeration a list to pick from (with its
Chinese labels), a boolean a checkbox, a day or a moment a date or time picker, a nested body a
group of fields, a list of bodies a few rows of one. A posted form is read into the same body,
so the API's validation applies unchanged; what it refuses comes back in Chinese, by field.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ValidationError

from application.vocabulary import ENUMERATED
from domain.bounds import require_day
from domain.errors import InvalidValue
from interface.web.field_labels import LONG_TEXT, field_label

ROWS = 3  # the blank rows a list of bodies offers
UNIT_FIELDS = frozenset({"department", "organisation", "body", "issuing_department"})
CHINA_OFFSET = "+08:00"  # a moment picked in the browser is Beijing time


@dataclass(frozen=True)
class Widget:
    """One input: `name` in the form (`enterprise.name`, `parties.0.role`), its `kind` (text,
    textarea, lines, select, checkbox, date, datetime, number)."""

    name: str
    label: str
    kind: str
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    default: str = ""  # what the form shows before anything is typed

    @property
    def names_a_unit(self) -> bool:
        """Whether it takes a unit's code (the page suggests the registry's units)."""
        return self.name.rsplit(".", 1)[-1] in UNIT_FIELDS


@dataclass(frozen=True)
class Group:
    """The fields of a nested body (`rows` = 0) or of each row of a list of bodies."""

    name: str
    label: str
    required: bool
    rows: int
    widgets: tuple[Widget, ...]


Field = Widget | Group


def fields_of(model: type[BaseModel], prefix: str = "") -> list[Field]:
    """The widgets and groups of a body's fields, in the body's order."""
    made: list[Field] = []
    for name, info in model.model_fields.items():
        base, optional = unwrapped(info.annotation)
        required = info.is_required() and not optional
        made.append(field_of(f"{prefix}{name}", base, required, shown_default(info.default)))
    return made


def shown_default(default: Any) -> str:
    """A field's default as the form shows it: an enumeration's code, a checked box (`on`)."""
    if isinstance(default, Enum):
        return str(default.value)
    return "on" if default is True else ""


def field_of(name: str, base: Any, required: bool, default: str = "") -> Field:
    label = field_label(name)
    if get_origin(base) is list:
        item, _ = unwrapped(get_args(base)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return Group(name, label, required, ROWS, tuple(widgets_of(item)))
        return Widget(name, label, "lines", required)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return Group(name, label, required, 0, tuple(widgets_of(base, f"{name}.")))
    return Widget(name, label, kind_of(name, base), required, options_of(base), default)


def widgets_of(model: type[BaseModel], prefix: str = "") -> list[Widget]:
    return [field for field in fields_of(model, prefix) if isinstance(field, Widget)]


def unwrapped(annotation: Any) -> tuple[Any, bool]:
    """The type under `Annotated` and `| None`, and whether None was allowed."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return unwrapped(get_args(annotation)[0])
    if annotation is AwareDatetime:  # pydantic's marker type of a moment with its offset
        return datetime, False
    if origin in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        base, _ = unwrapped(rest[0])
        return base, len(rest) < len(get_args(annotation))
    return annotation, False


KINDS: tuple[tuple[type, str], ...] = (
    (bool, "checkbox"), (int, "number"), (datetime, "datetime"), (date, "date"), (Enum, "select"),
    (UUID, "text"),
)  # fmt: skip


def kind_of(name: str, base: Any) -> str:
    for kind, widget in KINDS:
        if isinstance(base, type) and issubclass(base, kind):
            return widget
    return "textarea" if name.rsplit(".", 1)[-1] in LONG_TEXT else "text"


def options_of(base: Any) -> tuple[tuple[str, str], ...]:
    """An enumeration's codes with their Chinese labels, in the vocabulary's order."""
    if not (isinstance(base, type) and issubclass(base, Enum)):
        return ()
    vocabulary = ENUMERATED.get(base)
    if vocabulary is None:
        return tuple((member.value, member.value) for member in base)
    return tuple(vocabulary.labels.items())


def read_form(
    model: type[BaseModel], form: Mapping[str, Any]
) -> tuple[BaseModel | None, dict[str, str]]:
    """The body a posted form gives, or None and the Chinese message of each refused field."""
    data = values(fields_of(model), form)
    try:
        return model.model_validate(data), {}
    except ValidationError as error:
        return None, refusals(error)


def values(fields: list[Field], form: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in fields:
        short = field.name.rsplit(".", 1)[-1]
        if isinstance(field, Widget):
            value = widget_value(field, form)
            if value is not None:
                data[short] = value
        elif field.rows:
            rows = [row_values(field, index, form) for index in range(field.rows)]
            data[short] = [row for row in rows if row]
        else:
            nested = values(list(field.widgets), form)
            if field.required or any(v not in (None, False) for v in nested.values()):
                data[short] = nested
    return data


def row_values(group: Group, index: int, form: Mapping[str, Any]) -> dict[str, Any]:
    """Row `index` of a list of bodies; empty when the person left it blank."""
    cells = {w.name: widget_value(row_widget(group, w, index), form) for w in group.widgets}
    if all(value in (None, False) for value in cells.values()):
        return {}
    return {name: value for name, value in cells.items() if value is not None}


def row_widget(group: Group, widget: Widget, index: int) -> Widget:
    """A row's widget, named in the form by the list, the row and the field."""
    return Widget(f"{group.name}.{index}.{widget.name}", widget.label, widget.kind,
                  widget.required, widget.options, widget.default)  # fmt: skip


def widget_value(widget: Widget, form: Mapping[str, Any]) -> Any:
    """A widget's posted text as the JSON value the body reads; None where left blank."""
    if widget.kind == "checkbox":
        return form.get(widget.name) == "on"
    text = str(form.get(widget.name, "")).strip()
    if not text:
        return None
    if widget.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if widget.kind == "number":
        return int(text) if text.lstrip("-").isdigit() else text
    if widget.kind == "datetime":
        return with_seconds_and_offset(text)
    return text


def with_seconds_and_offset(text: str) -> str:
    """A browser's `2026-12-03T10:30` as the RFC 3339 moment the API takes, in Beijing time."""
    if len(text) == len("2026-12-03T10:30"):
        text += ":00"
    return text if text.endswith(("Z", CHINA_OFFSET)) or "+" in text[10:] else text + CHINA_OFFSET


# What a refused field is told, by the kind of refusal.
REFUSALS: dict[str, str] = {
    "missing": "必填", "string_too_short": "不能为空", "too_short": "至少填写一项",
    "string_too_long": "内容过长", "string_pattern_mismatch": "格式不正确", "enum": "请从列表中选择",
    "int_parsing": "请填写整数", "int_type": "请填写整数", "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大", "date_parsing": "日期格式应为 年-月-日",
    "date_from_datetime_parsing": "日期格式应为 年-月-日", "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确", "uuid_parsing": "编号格式不正确",
    "bool_type": "请勾选或留空",
}  # fmt: skip


def refusals(error: ValidationError) -> dict[str, str]:
    """The Chinese message of each refused field, by its name in the form."""
    told: dict[str, str] = {}
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        message = REFUSALS.get(item["type"])
        told[name] = message or f"取值无效（{item['msg'].removeprefix('Value error, ')}）"
    return told


def day_or_none(text: str | None, what: str) -> date | None:
    """The day typed into a filter (`2026-03-01`), or None where it was left empty."""
    if not text:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidValue(f"{what} is a day such as 2026-03-01, got {text!r}") from None
    return require_day(day, what)
