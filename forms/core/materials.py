"""申报材料: the documents a form asks to be attached, declared beside its fields and rules.

Each form lists its ``Material``s in its ``FormDefinition``; one declaration drives the 附件
slots, the 材料齐全 lines of the self-check (``material_results``), the packet's 附件清单 and
``gxapply schema``. A material applies to the answers like a conditional field (``when``), and
every attachment carries the id of the material it is filed under; a file of no listed material
is 其他材料 (``OTHER``), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from forms.core.fields import when_matches, when_meta
from forms.core.rules import RuleResult, Severity, Verdict, with_figures

if TYPE_CHECKING:
    from forms.core.catalogue import Catalogue
    from forms.core.fields import FormModel

OTHER = "other"  # the id of 其他材料: every file not filed under a listed material
OTHER_NAME = "其他材料"
MATERIAL_ID_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"  # fits the store's column (32)
RULE_PREFIX = "material."  # rule ids of the 材料齐全 lines: material.<id>, material.<id>.seal
COMPLETE = "材料齐全"

# Accepted file types, by suffix. A scan or a signed copy: PDF, OFD (the national e-document
# format) or a picture. Texts people write (方案, 报告) may also come as Word/WPS files.
SCANNED = ("pdf", "ofd", "jpg", "jpeg", "png")
WRITTEN = (*SCANNED, "doc", "docx", "wps")
TABLES = (*SCANNED, "xls", "xlsx", "et")
ANY_TYPE: tuple[str, ...] = ()


@dataclass(frozen=True)
class Basis:
    """Why a material is asked for: an article whose words make it necessary, or, where no
    article does, a 填报要求 with its own stated reason (never printed as the article's words)."""

    article: str | None = None  # a key of the catalogue's [articles]
    # The article's words that make the document necessary; a figure in them is written
    # ``{name}``, read from the catalogue key ``params[name]`` (as a rule's requirement does).
    quote: str = ""
    reason: str = ""  # for a 填报要求: why the form asks for it
    params: Mapping[str, str] = field(default_factory=dict)  # local name -> catalogue key

    @property
    def is_requirement(self) -> bool:
        return self.article is None

    def quoted(self, catalogue: Catalogue) -> str:
        """The article's words with the catalogue's figures in them."""
        return with_figures(self.quote, self.params, catalogue)

    def cited(self, catalogue: Catalogue) -> str:
        """The 条款 column: the article, or 填报要求 with its stated reason (as the rules print a
        check the article does not state)."""
        return catalogue.article(self.article) if self.article else f"填报要求：{self.reason}"

    def describe(self, catalogue: Catalogue) -> str:
        """The basis in one phrase: 「《若干措施》第（九）条：“对获得备案的飞地……”」."""
        if self.article:
            quote = f"：“{self.quoted(catalogue)}”" if self.quote else ""
            return f"{catalogue.article(self.article)}{quote}"
        return f"填报要求：{self.reason}"


def article(key: str, quote: str, **params: str) -> Basis:
    """The basis of a material the article's text makes necessary (``quote``: its words, a
    figure in them as ``{name}`` with ``name=`` the catalogue key it reads)."""
    return Basis(article=key, quote=quote, params=params)


def requirement(reason: str) -> Basis:
    """The basis of a material no article names: a 填报要求, with why the form asks for it."""
    return Basis(reason=reason)


@dataclass(frozen=True)
class Material:
    """One document a form asks for. ``id`` is stored with every attachment (a code, stable
    across releases); ``name`` is only shown."""

    id: str
    name: str
    basis: Basis
    help: str = ""
    when: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)  # codes, as fields' when
    required: bool = True
    types: tuple[str, ...] = SCANNED  # accepted suffixes, lower case; () accepts any
    sealed: bool = False  # must bear the 单位盖章 (an officer checks it by hand)
    min_files: int = 1
    max_files: int = 5

    def applies(self, values: Mapping[str, Any]) -> bool:
        """Whether the form's answers ask for this material at all."""
        return when_matches(self.when, values)

    def accepts(self, file_name: str) -> bool:
        return not self.types or suffix_of(file_name) in self.types

    def types_text(self) -> str:
        """The accepted types as a clerk reads them: 「PDF、OFD、JPG、JPEG、PNG」."""
        return "、".join(t.upper() for t in self.types) if self.types else "不限"

    def as_dict(self, catalogue: Catalogue) -> dict[str, Any]:
        """The declaration as plain JSON (``gxapply schema``)."""
        return {
            "id": self.id,
            "name": self.name,
            "required": self.required,
            "when": {k: list(v) for k, v in self.when.items()},
            "types": list(self.types),
            "sealed": self.sealed,
            "min_files": self.min_files,
            "max_files": self.max_files,
            "basis": {
                "article": self.basis.cited(catalogue),
                "quote": self.basis.quoted(catalogue),
                "reason": self.basis.reason,
            },
            "help": self.help,
        }


def material(
    id: str,
    name: str,
    basis: Basis,
    *,
    help: str = "",
    when: Mapping[str, Sequence[Any]] | None = None,
    required: bool = True,
    types: Sequence[str] = SCANNED,
    sealed: bool = False,
    min_files: int = 1,
    max_files: int = 5,
) -> Material:
    """Declare a material; ``when`` reads like a field's (choices given as members or codes)."""
    return Material(
        id=id,
        name=name,
        basis=basis,
        help=help,
        when={k: tuple(v) for k, v in when_meta(when).items()},
        required=required,
        types=tuple(t.lower().lstrip(".") for t in types),
        sealed=sealed,
        min_files=min_files,
        max_files=max_files,
    )


OTHER_MATERIAL = Material(
    id=OTHER,
    name=OTHER_NAME,
    basis=requirement("申报单位认为有助于审核的其他材料，以及不再属于所列材料的文件"),
    help="所列材料以外的文件；申报内容改变后不再需要的材料也移到这里，不会丢失",
    required=False,
    types=ANY_TYPE,
    min_files=0,
    max_files=50,
)


def suffix_of(file_name: str) -> str:
    return PurePosixPath(file_name.replace("\\", "/")).suffix.lower().lstrip(".")


class Attached(Protocol):
    """An attachment as the materials see it: the store's ``AttachmentInfo`` and a document's
    ``AttachmentData`` both fit."""

    @property
    def name(self) -> str: ...

    @property
    def material(self) -> str: ...


class _OptionsField(Protocol):
    @property
    def options(self) -> tuple[str, ...]: ...


class Declaring(Protocol):
    """What this module needs of a form's declaration (``definition.FormDefinition`` is one;
    it imports this module to declare its materials, so this module knows it only by this)."""

    @property
    def kind(self) -> str: ...

    @property
    def materials(self) -> tuple[Material, ...]: ...

    @property
    def fields(self) -> Mapping[str, _OptionsField]: ...


def materials_for(definition: Declaring, form: FormModel | Mapping[str, Any]) -> list[Material]:
    """The materials the answers ask for, in declared order (其他材料 not included)."""
    values = dict(form)
    return [m for m in definition.materials if m.applies(values)]


def material_ids_for(definition: Declaring, form: FormModel | Mapping[str, Any]) -> set[str]:
    return {m.id for m in materials_for(definition, form)}


def filed_under(
    definition: Declaring, form: FormModel | Mapping[str, Any], material_id: str | None
) -> str:
    """The material an attachment counts for with these answers: its own if listed, else
    其他材料 (an unknown or no longer listed id)."""
    return material_id if material_id in material_ids_for(definition, form) else OTHER


def moved_note(definition: Declaring, material_id: str, *, on_saving: bool = False) -> str:
    """The note on a file of a material the answers no longer ask for, moved to 其他材料 (the
    store's; ``on_saving``: the 附件 tab's while the changed answers are not saved yet)."""
    was = next((m.name for m in definition.materials if m.id == material_id), material_id)
    return f"原为“{was}”；按修改后的申报内容已不需要该材料，{'保存后' if on_saving else ''}移入其他材料"


@dataclass(frozen=True)
class MaterialSlot:
    """One material with the files filed under it, as the 附件 tab and the 附件清单 show it."""

    material: Material
    files: tuple[Attached, ...]

    @property
    def provided(self) -> bool:
        """已提供: at least one file (the lower bound of a material asking for more is a
        problem of its own, see ``problems``)."""
        return bool(self.files)

    @property
    def missing(self) -> bool:
        """缺: a required material with no file."""
        return self.material.required and not self.files

    @property
    def wrong_type(self) -> tuple[Attached, ...]:
        return tuple(f for f in self.files if not self.material.accepts(f.name))

    @property
    def can_add(self) -> bool:
        return len(self.files) < self.material.max_files

    def problems(self, basis_text: str = "") -> list[str]:
        """What is wrong with this slot, one Chinese sentence each (empty when fine)."""
        m, count = self.material, len(self.files)
        why = f"（依据：{basis_text}）" if basis_text else ""
        problems = []
        if self.missing:
            problems.append(f"缺少「{m.name}」{why}，请在附件中按“{m.name}”添加")
        elif 0 < count < m.min_files:
            problems.append(
                f"「{m.name}」应至少 {m.min_files} 个文件，现有 {count} 个，请补充{why}"
            )
        if count > m.max_files:
            problems.append(
                f"「{m.name}」最多 {m.max_files} 个文件，现有 {count} 个，请合并或删除多余的文件"
            )
        for f in self.wrong_type:
            shown = suffix_of(f.name).upper() or "无扩展名"
            problems.append(
                f"「{m.name}」中的“{f.name}”是 {shown} 文件，此项只收 {m.types_text()} 文件，"
                "请转换格式后重新添加"
            )
        return problems


def material_slots(
    definition: Declaring,
    form: FormModel | Mapping[str, Any],
    attachments: Iterable[Attached],
) -> list[MaterialSlot]:
    """Every material the answers ask for, with its files, then 其他材料 (always last)."""
    listed = materials_for(definition, form)
    ids = {m.id for m in listed}
    files: dict[str, list[Attached]] = {m.id: [] for m in listed}
    others: list[Attached] = []
    for attachment in attachments:
        (files[attachment.material] if attachment.material in ids else others).append(attachment)
    slots = [MaterialSlot(m, tuple(files[m.id])) for m in listed]
    return [*slots, MaterialSlot(OTHER_MATERIAL, tuple(others))]


def material_of_result(result: RuleResult) -> str | None:
    """The material a 材料齐全 line is about (the GUI aims it at the slot), or None."""
    if not result.rule_id.startswith(RULE_PREFIX):
        return None
    return result.rule_id[len(RULE_PREFIX) :].removesuffix(".seal")


def material_results(
    definition: Declaring,
    form: FormModel,
    attachments: Iterable[Attached],
    catalogue: Catalogue,
) -> list[RuleResult]:
    """The 材料齐全 lines of the self-check: per listed material, whether its files are there
    and of an accepted type (error level), and for a material that must bear the seal and is
    there, a 需人工核实 line."""
    results = []
    for slot in material_slots(definition, form, attachments):
        m = slot.material
        if m.id == OTHER:
            continue
        cited = m.basis.cited(catalogue)
        problems = slot.problems(m.basis.describe(catalogue))
        names = "、".join(f.name for f in slot.files)
        if problems:
            verdict = Verdict.FAIL
        elif slot.files:
            verdict = Verdict.PASS
        else:  # optional and not given
            verdict = Verdict.NOT_APPLICABLE
        observed = f"{len(slot.files)} 个文件：{names}" if slot.files else "未提供"
        results.append(
            RuleResult(
                rule_id=f"{RULE_PREFIX}{m.id}",
                article=cited,
                requirement=f"{COMPLETE}：{m.name}" + ("" if m.required else "（如有）"),
                severity=Severity.ERROR,
                verdict=verdict,
                observed=observed,
                message="；".join(problems),
                fields=(),
                form_requirement=m.basis.is_requirement,
            )
        )
        if m.sealed and slot.files:
            results.append(
                RuleResult(
                    rule_id=f"{RULE_PREFIX}{m.id}.seal",
                    article=cited,
                    requirement=f"「{m.name}」加盖申报单位公章",
                    severity=Severity.MANUAL,
                    verdict=Verdict.MANUAL,
                    observed=names,
                    message="",
                    fields=(),
                    form_requirement=m.basis.is_requirement,
                )
            )
    return results


def check_declaration(definition: Declaring) -> None:
    """A declaration error (unknown field or option in ``when``, a repeated id) raised at import."""
    seen: set[str] = set()
    for m in definition.materials:
        if not re.match(MATERIAL_ID_PATTERN, m.id) or m.id == OTHER or m.id in seen:
            raise ValueError(f"{definition.kind}: material id {m.id!r} is invalid or repeated")
        seen.add(m.id)
        if not 0 <= m.min_files <= m.max_files or (m.required and m.min_files < 1):
            raise ValueError(f"{definition.kind}: material {m.id} has a bad file count")
        for name, values in m.when.items():
            spec = definition.fields.get(name)
            if spec is None:
                raise ValueError(f"{definition.kind}: material {m.id} depends on unknown {name}")
            unknown = [v for v in values if spec.options and v not in spec.options]
            if unknown:
                raise ValueError(f"{definition.kind}: material {m.id}: {name} has no {unknown}")
