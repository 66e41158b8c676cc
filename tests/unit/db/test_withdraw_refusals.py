"""撤回并重新报送: a refusal to withdraw says what to do instead."""

from __future__ import annotations

import pytest

from db.withdrawal import withdraw_submission
from forms.core.workflow import TransitionError
from tests.helpers.copies import open_copy, submit
from tests.helpers.scenarios import LIUZHOU, zone_of


def test_the_refusal_to_withdraw_a_rejected_application_says_what_to_do(enterprise, tmp_path):
    """南宁 refuses (不予推荐) because the firm is in 柳州. The clerk corrects the zone and tries
    撤回并重新报送: the refusal only says 「不能撤回」, not what the way forward is (a new
    application to 柳州)."""
    from forms.exchange.review import Outcome
    from tests.helpers.scenarios import decided

    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    refusal = decided(nanning, office_id, Outcome.REJECT, "贵单位不在本园区，请向柳州高新区申报")
    enterprise.decisions.import_decision(refusal)
    zone_of(enterprise, LIUZHOU)
    with pytest.raises(TransitionError) as caught:
        withdraw_submission(enterprise.store, app_id, "应报送柳州高新区")
    assert "不予推荐" in str(caught.value) and "新建一份申报" in str(caught.value), caught.value
