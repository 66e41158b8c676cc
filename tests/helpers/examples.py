"""The example applications under tests/data, shared by every test."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from forms import all_forms
from forms.applicant import APPLICANT
from forms.core.document import ApplicationDocument, documents_from_json
from forms.core.validation import ValidationReport, validate

DATA = Path(__file__).resolve().parents[1] / "data"
KINDS = sorted(all_forms())


def example_json(kind: str) -> dict[str, Any]:
    """The complete example document of ``kind`` (a fresh copy to change freely)."""
    return copy.deepcopy(json.loads((DATA / f"{kind}.json").read_text(encoding="utf-8")))


def example_document(kind: str) -> ApplicationDocument:
    return documents_from_json(example_json(kind), all_forms(), APPLICANT)[0]


def checked(doc: ApplicationDocument) -> ValidationReport:
    """``doc`` checked with its files, as the store and the command line check it (so the report
    has the 材料齐全 lines of its materials)."""
    return validate(
        doc.definition,
        doc.form,
        applicant=doc.applicant,
        applicant_definition=APPLICANT,
        attachments=doc.attachments,
    )


def json_file(folder: Path, obj: Any, name: str = "doc.json") -> str:
    """``obj`` written as a JSON file in ``folder`` (a string is written as it is), as a path a
    command line takes."""
    path = folder / name
    path.write_text(
        obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False), encoding="utf-8"
    )
    return str(path)
