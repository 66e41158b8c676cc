"""A form's single declaration: model, sections and rules, and the typed view consumers read."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

from pydantic.fields import FieldInfo

from forms.core.control_chars import STORED
from forms.core.eligibility import FormEligibility
from forms.core.fields import FieldKind, FormModel, plain_value, when_matches
from forms.core.issues import FieldIssue, Path, path_label
from forms.core.materials import OTHER_MATERIAL, Material, check_declaration
from forms.core.rules import RuleSet
from forms.core.versions import ValueMap
from forms.core.zones import load_register

# A zone value that names no zone of the register: typed by hand, or kept from an older release.
UNKNOWN_ZONE = "“{value}”不在高新区名录中，请从高新区名录中选择"


@dataclass(frozen=True)
class FieldSpec:
    """Everything a consumer (editor, validator, PDF) needs to know about one field."""

    name: str
    label: str
    kind: FieldKind
    help: str = ""
    unit: str | None = None
    required: bool = False
    options: tuple[str, ...] = ()  # the codes of a choice's options
    option_labels: Mapping[str, str] = field(default_factory=dict)  # code → text shown
    depends_on: str | None = None
    options_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    open_for: tuple[str, ...] = ()  # parent values under which another entry may be typed
    when: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    max_length: int | None = None
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    decimal_places: int | None = None
    placeholder: str | None = None
    format: str | None = None  # a text field's special format, e.g. "uscc"
    row_fields: tuple[FieldSpec, ...] = ()
    row_model: type[FormModel] | None = None

    def option_label(self, code: Any) -> str:
        """The text shown for a choice's option ``code`` (the code itself if unknown)."""
        code = plain_value(code)
        return self.option_labels.get(code, code) if isinstance(code, str) else str(code)

    @property
    def label_with_unit(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    def options_for(self, parent_value: Any) -> tuple[str, ...]:
        """Options of a dependent choice for the parent's current value."""
        if isinstance(parent_value, StrEnum):
            parent_value = parent_value.value
        return self.options_by.get(parent_value, ()) if parent_value else ()

    def is_open(self, parent_value: Any) -> bool:
        """Whether a dependent choice takes an entry of its own under ``parent_value``."""
        return plain_value(parent_value) in self.open_for

    def is_relevant(self, values: Mapping[str, Any]) -> bool:
        """False when a ``when`` condition hides this field for the current values."""
        return when_matches(self.when, values)


def _constraint(info: FieldInfo, name: str) -> Any:
    for item in info.metadata:
        if hasattr(item, name):
            return getattr(item, name)
    return None


def _row_model(annotation: Any) -> type[FormModel] | None:
    """The row model of ``list[Row]`` (possibly wrapped in Optional)."""
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, type) and issubclass(arg, FormModel):
            return arg
        inner = _row_model(arg)
        if inner is not None:
            return inner
    return None


def field_specs(model: type[FormModel]) -> dict[str, FieldSpec]:
    """The field specs of ``model`` in declaration order."""
    specs: dict[str, FieldSpec] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or "kind" not in extra:
            raise TypeError(
                f"{model.__name__}.{name} is not declared with a forms.core.fields helper"
            )
        meta = cast(dict[str, Any], extra)
        kind = FieldKind(meta["kind"])
        row_model = _row_model(info.annotation) if kind is FieldKind.ROWS else None
        specs[name] = FieldSpec(
            name=name,
            label=info.title or name,
            kind=kind,
            help=info.description or "",
            unit=meta.get("unit"),
            required=bool(meta.get("required")),
            options=tuple(meta.get("options", ())),
            option_labels=dict(meta.get("labels", {})),
            depends_on=meta.get("depends_on"),
            options_by={k: tuple(v) for k, v in meta.get("options_by", {}).items()},
            open_for=tuple(meta.get("open_for") or ()),
            when={k: tuple(v) for k, v in meta.get("when", {}).items()},
            max_length=_constraint(info, "max_length"),
            minimum=_constraint(info, "ge"),
            maximum=_constraint(info, "le"),
            decimal_places=_constraint(info, "decimal_places"),
            placeholder=meta.get("placeholder"),
            format=meta.get("format"),
            row_fields=tuple(field_specs(row_model).values()) if row_model else (),
            row_model=row_model,
        )
    return specs


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[str, ...]
    help: str = ""


@dataclass(frozen=True)
class FormDefinition:
    """The declaration of one form; editor, validator, store and PDF are generated from it."""

    kind: str
    title: str
    model: type[FormModel]
    sections: tuple[Section, ...]
    rules: RuleSet = field(default_factory=RuleSet)
    title_field: str | None = None
    # The fields that hold the amount asked for, in order of preference: the list of
    # applications shows the first that applies to the form's answers (see ``amount_of``).
    # ``amount_field`` is the shorthand for a single one.
    amount_fields: tuple[str, ...] = ()
    amount_field: str | None = None
    description: str = ""
    order: int = 100  # position in menus and lists; forms without one come last
    # The form's version, and its older versions' choice values (renamed or retired) mapped
    # to today's codes: applied to every data that comes in (see ``upgrade``).
    version: int = 1
    value_map: ValueMap = field(default_factory=ValueMap)
    # Fields an older version laid out differently (one split into two, say): a function from
    # the data as stored to today's layout, applied before ``value_map``. It must leave data
    # already in today's layout unchanged, so that applying it twice does nothing.
    reshape: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    # The documents to attach (申报材料), in the order the 附件清单 lists them; each applies to
    # the answers like a conditional field. See ``forms.core.materials``.
    materials: tuple[Material, ...] = ()
    # Who may apply with this form (申报主体), as its applicant rules check it; shown in 新建申报.
    eligibility: FormEligibility | None = None
    # A profile form's (申报主体's) part of the packet: the fields its cover lists, its
    # ``title_field`` first as the 申报单位, and who signs the 诚信承诺书 for the unit.
    cover_fields: tuple[str, ...] = ()
    signatory: str = ""

    def __post_init__(self) -> None:
        if self.amount_field and self.amount_fields and self.amount_fields[0] != self.amount_field:
            raise ValueError(f"{self.kind}: give amount_field or amount_fields, not both")
        if self.amount_field and not self.amount_fields:
            object.__setattr__(self, "amount_fields", (self.amount_field,))
        object.__setattr__(self, "amount_fields", tuple(self.amount_fields))
        object.__setattr__(self, "amount_field", next(iter(self.amount_fields), None))
        for name in self.amount_fields:
            if name not in self.model.model_fields:
                raise ValueError(f"{self.kind}: amount field {name} is not a field of the form")
        names = [n for s in self.sections for n in s.fields]
        declared = list(self.model.model_fields)
        if sorted(names) != sorted(declared) or len(set(names)) != len(names):
            missing = set(declared) - set(names)
            extra = set(names) - set(declared)
            raise ValueError(
                f"{self.kind}: sections must list every field exactly once "
                f"(missing {sorted(missing)}, unknown {sorted(extra)})"
            )

        unknown = [n for n in self.cover_fields if n not in self.model.model_fields]
        if unknown:
            raise ValueError(f"{self.kind}: cover fields {unknown} are not fields of the form")

        object.__setattr__(self, "materials", tuple(self.materials))
        check_declaration(self)

    @property
    def fields(self) -> dict[str, FieldSpec]:
        return _specs_cache(self.model)

    def material(self, material_id: str) -> Material:
        """The declared material ``material_id``; 其他材料 for any id this form does not list."""
        return next((m for m in self.materials if m.id == material_id), OTHER_MATERIAL)

    def upgrade(self, data: Any) -> tuple[Any, list[FieldIssue]]:
        """``data`` with old choice values turned into today's codes; an issue (labelled) per
        retired value, which is left out."""
        if self.reshape is not None and isinstance(data, Mapping):
            data = self.reshape(data)
        upgraded, issues = self.value_map.upgrade(data)
        return upgraded, [i.with_label(self.label_of(i.path)) for i in issues]

    def load(self, data: Any) -> FormModel:
        """The model of stored data, old choice values upgraded (a retired one is left empty
        for the user to choose again); pydantic's ValidationError if it does not fit. A control
        character an older release stored is kept, never a reason not to open it: ``validate``
        reports it, so it is corrected before anything is submitted."""
        return self.model.model_validate(self.upgrade(data)[0], context=STORED)

    def spec(self, name: str) -> FieldSpec:
        return self.fields[name]

    def iter_fields(self) -> Iterator[tuple[Section, FieldSpec]]:
        for section in self.sections:
            for name in section.fields:
                yield section, self.fields[name]

    def label_of(self, path: Path) -> str:
        return path_label(self.fields, path)

    def missing_required(self, form: FormModel) -> list[FieldIssue]:
        """Required fields left empty, and zones not in the register, among the fields
        relevant to the current answers."""
        return _missing(self.fields, form, ())

    def title_of(self, form: FormModel, begun: date | None = None) -> str:
        """The application's name: its own name field, or until that is filled, the form's
        title and the (local) day it was ``begun``, 「研发补助申领表（新建 12月5日）」."""
        value = getattr(form, self.title_field, None) if self.title_field else None
        if value:
            return str(value)
        if begun is None:
            return f"{self.title}（未填名称）"
        return f"{self.title}（新建 {begun.month}月{begun.day}日）"

    def amount_of(self, form: FormModel) -> Decimal | None:
        """The first filled amount among ``amount_fields`` that applies to the form's answers."""
        values = dict(form)
        for name in self.amount_fields:
            value = values.get(name)
            if isinstance(value, Decimal) and self.fields[name].is_relevant(values):
                return value
        return None


_SPEC_CACHE: dict[type[FormModel], dict[str, FieldSpec]] = {}


def _specs_cache(model: type[FormModel]) -> dict[str, FieldSpec]:
    specs = _SPEC_CACHE.get(model)
    if specs is None:
        specs = _SPEC_CACHE[model] = field_specs(model)
    return specs


def _missing(specs: Mapping[str, FieldSpec], form: FormModel, prefix: Path) -> list[FieldIssue]:
    values = dict(form)
    issues: list[FieldIssue] = []
    for name, spec in specs.items():
        if not spec.is_relevant(values):
            continue
        value = values.get(name)
        path = (*prefix, name)
        if spec.required and (value is None or value == "" or value == []):
            issues.append(FieldIssue(path, "missing", "为必填项，请填写"))
        if spec.kind is FieldKind.ZONE and value and not load_register().is_known(value):
            issues.append(FieldIssue(path, "zone_unknown", UNKNOWN_ZONE.format(value=value)))
        if spec.kind is FieldKind.ROWS and value:
            for index, row in enumerate(value):
                issues.extend(_missing(_specs_cache(type(row)), row, (*path, index)))
    return issues
