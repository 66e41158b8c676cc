"""The forms a program works with, handed to the framework by its caller.

The applicant profile and the application forms by kind. Nothing under ``forms/core``,
``forms/packet`` or ``forms/exchange`` imports a concrete form: whoever needs one is given this
(gxapply's own list is ``forms.registry``). Light: no pydantic is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from forms.core.errors import UserError

if TYPE_CHECKING:
    from forms.core.definition import FormDefinition


class UnknownKind(UserError, KeyError):
    """No form of this kind; the message lists those there are."""

    def __init__(self, kind: str, forms: Mapping[str, FormDefinition]) -> None:
        super().__init__(kind)
        self.known = "、".join(f"{k}（{d.title}）" for k, d in forms.items())

    def __str__(self) -> str:
        return f"没有“{self.args[0]}”这类申报表，可选：{self.known}"


@dataclass(frozen=True)
class FormRegistry:
    """The applicant profile every form shares, and the application forms."""

    applicant: FormDefinition
    forms: Sequence[FormDefinition]
    by_kind: Mapping[str, FormDefinition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        found: dict[str, FormDefinition] = {}
        for definition in self.forms:
            if definition.kind in found or definition.kind == self.applicant.kind:
                raise ValueError(f"two forms declare kind {definition.kind!r}")
            found[definition.kind] = definition
        ordered = dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
        object.__setattr__(self, "by_kind", ordered)

    def get(self, kind: str) -> FormDefinition:
        try:
            return self.by_kind[kind]
        except KeyError:
            raise UnknownKind(kind, self.by_kind) from None
