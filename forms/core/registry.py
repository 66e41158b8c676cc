"""The forms a program works with, handed to the framework by its caller.

The applicant profile and the application forms by kind. Nothing under ``forms/core``,
``forms/packet`` or ``forms/exchange`` imports a concrete form: whoever needs one is given this
(gxapply's own list is ``forms.registry``). Light: no pydantic is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from forms.core.errors import UserError

if TYPE_CHECKING:
    from forms.core.definition import FormDefinition
    from forms.core.eligibility import Eligibility


class UnknownKind(UserError, KeyError):
    """No form of this kind; the message lists those there are."""

    def __init__(self, kind: str, forms: Mapping[str, FormDefinition]) -> None:
        super().__init__(kind)
        self.known = "、".join(f"{k}（{d.title}）" for k, d in forms.items())

    def __str__(self) -> str:
        return f"没有“{self.args[0]}”这类申报表，可选：{self.known}"


@dataclass(frozen=True)
class FormRegistry:
    """The applicant profile every form shares, and the application forms.

    ``profile_forms`` declares the profile form of particular applicants: an applicant whose
    单位类型 one of them names (a 高新区管委会: the office form) is shown, printed and checked
    with that form's fields; any other with ``applicant``'s. Its values are kept in
    ``applicant``'s shape either way (the profile forms share its field names)."""

    applicant: FormDefinition
    forms: Sequence[FormDefinition]
    profile_forms: Sequence[tuple[Eligibility, FormDefinition]] = ()
    by_kind: Mapping[str, FormDefinition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        found: dict[str, FormDefinition] = {}
        for definition in self.forms:
            if definition.kind in found or definition.kind == self.applicant.kind:
                raise ValueError(f"two forms declare kind {definition.kind!r}")
            found[definition.kind] = definition
        ordered = dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
        object.__setattr__(self, "by_kind", ordered)

    def profile_definition(self, applicant: Any) -> FormDefinition:
        """The form that declares ``applicant``'s profile: what its packet, 自查表, review and
        checks show of it (see ``profile_forms``)."""
        for eligibility, definition in self.profile_forms:
            org_type = getattr(applicant, eligibility.field, None)
            if org_type is not None and eligibility.org_types and eligibility.allows(org_type):
                return definition
        return self.applicant

    def get(self, kind: str) -> FormDefinition:
        try:
            return self.by_kind[kind]
        except KeyError:
            raise UnknownKind(kind, self.by_kind) from None
