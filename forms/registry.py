"""gxapply's forms, listed by hand: the applicant profile and every application form.

Adding a form is a module (or a package, like ``rd_subsidy``) under ``forms/`` exporting
``FORM``, and one line here. Importing this module imports every form: the package's
``form_registry()`` does so on first use, so ``import forms`` stays cheap at start-up.
"""

from __future__ import annotations

from forms import applicant, enclave, incubator, new_track, office, rd_subsidy
from forms.core.registry import FormRegistry

FORMS = FormRegistry(
    applicant=applicant.APPLICANT,
    forms=(incubator.FORM, new_track.FORM, enclave.FORM, rd_subsidy.FORM),
    # a 管委会 applying itself (新赛道, 飞地) is a park office: its profile is 本园区信息
    profile_forms=((applicant.ZONE_COMMITTEE_APPLIES, office.OFFICE),),
)
