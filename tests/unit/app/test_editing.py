"""Editing without a window: one round parses what is typed once, and a save stores that."""

from __future__ import annotations

import pytest

import app.editing
import db.repository
from app.editing import EditedApplication
from app.recovery import RecoveryJournal
from db.repository import Store
from forms.core import validation
from forms.core.field_issues import waits_for_fix
from forms.core.workflow import Status
from tests.helpers.databases import store_url_in
from tests.helpers.examples import example_document


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_url_in(tmp_path))
    yield s
    s.close()


def test_a_save_parses_what_is_typed_once(store, tmp_path, monkeypatch):
    app_id = store.import_document(example_document("incubator"))
    editing = EditedApplication(store, app_id, RecoveryJournal(tmp_path / "recovery"))
    data = editing.record.form.model_dump(mode="json") | {"carrier_name": "改名后的孵化器"}
    parsed = []

    def counted(*args, **kwargs):
        parsed.append(args)
        return validation.parse_form(*args, **kwargs)

    monkeypatch.setattr(app.editing, "parse_form", counted)
    monkeypatch.setattr(db.repository, "parse_form", counted)
    check = editing.check(data, keep=True)
    assert check.form is not None and check.report is not None and not check.issues
    saved = editing.save(check)
    assert len(parsed) == 1
    assert saved.form.carrier_name == "改名后的孵化器" == store.load(app_id).form.carrier_name
    assert not (tmp_path / "recovery").exists() or not any((tmp_path / "recovery").iterdir())


def test_a_round_with_wrong_input_checks_the_rules_over_the_other_fields(store, tmp_path):
    """Issue 15 item 12: a wrong field hides no rule. The wrong value is never taken as
    valid: it leads the report's problems, so the report refuses submission, and the rules
    that look at it are known to wait for it."""
    app_id = store.import_document(example_document("incubator"))
    editing = EditedApplication(store, app_id, RecoveryJournal(tmp_path / "recovery"))
    data = editing.record.form.model_dump(mode="json") | {"tenant_count": "很多"}
    check = editing.check(data, keep=False)
    assert check.form is None and check.report is not None
    assert any("应为整数" in issue.describe() for issue in check.issues)
    assert check.report.field_issues[: len(check.issues)] == tuple(check.issues)
    assert not check.report.can_submit
    assert not any(i.path == ("tenant_count",) for i in check.report.field_issues[1:])
    rules = {r.rule_id for r in check.report.results}
    assert len(rules) == len(editing.definition.rules) + sum(
        1 for r in check.report.results if r.rule_id.startswith("material.")
    )
    waiting = [r for r in check.report.results if waits_for_fix(r, {"tenant_count"})]
    assert waiting  # e.g. 在孵企业不少于 50 家


def test_a_round_whose_input_is_not_a_set_of_fields_is_not_checked(store, tmp_path):
    app_id = store.import_document(example_document("incubator"))
    editing = EditedApplication(store, app_id, RecoveryJournal(tmp_path / "recovery"))
    check = editing.check(["不是一组栏目"], keep=False)  # type: ignore[arg-type]
    assert check.form is None and check.report is None and check.issues


def test_marking_ready_is_the_stores_move(store, tmp_path):
    app_id = store.import_document(example_document("incubator"))
    editing = EditedApplication(store, app_id, RecoveryJournal(tmp_path / "recovery"))
    assert editing.mark_ready().status is Status.READY is store.load(app_id).status
