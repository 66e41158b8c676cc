"""The forms of gxapply: one module per form, each exporting ``FORM`` (a ``FormDefinition``).

Adding a form is adding a module here; ``all_forms`` finds it. The applicant profile shared by
every form lives in ``forms.applicant`` and is not itself an application kind.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from forms.core.errors import UserError

if TYPE_CHECKING:  # imported in all_forms(): importing the package stays cheap
    from forms.core.definition import FormDefinition


@cache
def all_forms() -> dict[str, FormDefinition]:
    """Every application form, by kind, in their declared order."""
    import importlib
    import pkgutil  # here: importing the package (for Status, at start-up) stays cheap

    from forms.core.definition import FormDefinition

    found: dict[str, FormDefinition] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        definition = getattr(module, "FORM", None)
        if isinstance(definition, FormDefinition):
            if definition.kind in found:
                raise ValueError(f"two forms declare kind {definition.kind!r}")
            found[definition.kind] = definition
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


class UnknownKind(UserError, KeyError):
    """No form of the kind asked for; the message lists the kinds there are."""

    def __str__(self) -> str:
        known = "、".join(f"{k}（{d.title}）" for k, d in all_forms().items())
        return f"没有“{self.args[0]}”这类申报表，可选：{known}"


def get_form(kind: str) -> FormDefinition:
    try:
        return all_forms()[kind]
    except KeyError:
        raise UnknownKind(kind) from None
