"""The forms of gxapply: one module (or package) per form, each exporting ``FORM``.

The forms are listed in ``forms.registry``, with the applicant profile every form shares
(``forms.applicant``, not itself an application kind). The framework under ``forms/core``,
``forms/packet`` and ``forms/exchange`` never imports them: it is handed the registry.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from forms.core.registry import FormRegistry, UnknownKind

if TYPE_CHECKING:
    from forms.core.definition import FormDefinition

__all__ = ["FormRegistry", "UnknownKind", "all_forms", "form_registry", "get_form"]


@cache
def form_registry() -> FormRegistry:
    """gxapply's forms and applicant profile, imported on first use."""
    from forms.registry import FORMS  # here: importing the package (for Status) stays cheap

    return FORMS


@cache
def all_forms() -> dict[str, FormDefinition]:
    """Every application form, by kind, in their declared order."""
    return dict(form_registry().by_kind)


def get_form(kind: str) -> FormDefinition:
    return form_registry().get(kind)
