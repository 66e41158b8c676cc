"""Who may apply with each form: the declaration agrees with the form's applicant rules."""

from __future__ import annotations

import pytest

from forms import all_forms
from forms.applicant import APPLICANT, OrgType
from forms.core.rules import Verdict
from forms.core.validation import validate
from tests.helpers.examples import example_document

# The field a part of a form's eligibility is chosen by (its label is that choice's label).
PART_FIELD = {"rd_subsidy": "category", "enclave": "enclave_type"}


def refused_by_rules(kind: str, part: str, org_type: OrgType) -> bool:
    doc = example_document(kind)
    form = doc.form
    if part:
        field = PART_FIELD[kind]
        choice = next(c for c in type(getattr(form, field)) if c.label == part)
        form = form.model_copy(update={field: choice})
    applicant = doc.applicant.model_copy(update={"org_type": org_type})
    report = validate(doc.definition, form, applicant=applicant, applicant_definition=APPLICANT)
    return any(
        r.verdict is Verdict.FAIL and r.observed == org_type.label and not r.fields
        for r in report.results
    )


@pytest.mark.parametrize("kind", sorted(all_forms()))
@pytest.mark.parametrize("org_type", list(OrgType))
def test_the_declaration_is_what_the_rules_check(kind: str, org_type: OrgType) -> None:
    eligibility = all_forms()[kind].eligibility
    assert eligibility is not None, f"{kind} declares no eligibility"
    profile = example_document(kind).applicant.model_copy(update={"org_type": org_type})
    for part, declared in eligibility.parts:
        refused = declared.refusal_for(profile) is not None
        assert refused == refused_by_rules(kind, part, org_type), (kind, part, org_type)


def test_closed_forms_say_why() -> None:
    firm = example_document("rd_subsidy").applicant
    operator = firm.model_copy(update={"org_type": OrgType.INCUBATOR_OPERATOR})
    forms = all_forms()
    assert forms["new_track"].eligibility.refusal_for(firm) == "需由高新区管委会申报"  # type: ignore[union-attr]
    assert forms["new_track"].eligibility.who == "高新区管委会"  # type: ignore[union-attr]
    assert forms["rd_subsidy"].eligibility.refusal_for(firm) is None  # type: ignore[union-attr]
    # an incubator's operator may claim only the two transfers of results
    assert forms["rd_subsidy"].eligibility.open_parts(operator) == [  # type: ignore[union-attr]
        "重大科技成果接续转化",
        "区外科技成果落地转化",
    ]
    # a profile whose 单位类型 is not filled in is not refused (the form's rule will ask)
    blank = firm.model_copy(update={"org_type": None})
    assert all(d.eligibility.refusal_for(blank) is None for d in forms.values())  # type: ignore[union-attr]
