"""One table row checked on its own (编辑行…), as the whole form checks it: by the row's model."""

from __future__ import annotations

from forms import get_form
from forms.core.validation import parse_form, row_issues
from tests.helpers.examples import example_json

WRONG = "91450221MA5P0T3L9A"  # a partner's code, its check character mistyped


def participants():
    return get_form("new_track").spec("participants")


def test_a_row_as_declared_has_no_issue():
    row = example_json("new_track")["data"]["participants"][1]
    assert row_issues(participants(), row) == []


def test_a_wrong_value_is_an_issue_of_its_column_with_the_form_s_words():
    data = example_json("new_track")["data"]
    data["participants"][1]["uscc"] = WRONG
    issues = row_issues(participants(), data["participants"][1])
    assert [issue.path for issue in issues] == [("uscc",)]
    # the same message the whole form's check gives that cell
    _, whole = parse_form(get_form("new_track"), data)
    assert [i.message for i in whole if i.path == ("participants", 1, "uscc")] == [
        issues[0].message
    ]
    assert issues[0].label  # names the column


def test_a_field_without_rows_has_none():
    definition = get_form("new_track")
    text = next(spec for spec in definition.fields.values() if not spec.row_fields)
    assert row_issues(text, {"anything": "x"}) == []
