"""Who may apply with a form: declared once, read by the applicant rules and by 新建申报."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.core.choices import Choice


@dataclass(frozen=True)
class Eligibility:
    """The applicant (申报主体) types a form, or one kind of claim on it, is open to.

    ``who`` says it in a few words for the list of forms (「高新区管委会」); ``org_types`` are the
    单位类型 that may apply, none meaning any; ``refusal`` is what a profile of another type is
    told, with ``{org}`` standing for its type (「{org}不能申领」).
    """

    who: str
    org_types: tuple[Choice, ...] = ()
    refusal: str = "{org}不能申报本表"
    field: str = "org_type"  # the profile's field holding its 单位类型

    def allows(self, org_type: Any) -> bool:
        return not self.org_types or org_type in self.org_types

    def refusal_for(self, profile: Any) -> str | None:
        """Why ``profile`` may not apply, or None (it may, or its type is not filled in yet)."""
        org_type = getattr(profile, self.field, None)
        if org_type is None or self.allows(org_type):
            return None
        return self.refusal.format(org=getattr(org_type, "label", org_type))


ANYONE = Eligibility(who="不限单位类型")


@dataclass(frozen=True)
class FormEligibility:
    """Who may apply with a form: ``who`` for the list of forms, and per kind of claim
    (``parts``: the claim's label, its eligibility) what its applicant rules check.

    A form is closed to a profile only when every part refuses it."""

    who: str
    parts: tuple[tuple[str, Eligibility], ...]

    def refusal_for(self, profile: Any) -> str | None:
        refusals = [eligibility.refusal_for(profile) for _, eligibility in self.parts]
        if not refusals or not all(refusals):
            return None
        return "；".join(dict.fromkeys(r for r in refusals if r))

    def open_parts(self, profile: Any) -> list[str]:
        """The kinds of claim ``profile`` may make, when only some are open to it."""
        open_ = [label for label, e in self.parts if e.refusal_for(profile) is None]
        return [] if len(open_) == len(self.parts) else open_
