"""0005: a store whose profiles hold 所在高新区 as typed text comes up with zone ids."""

from __future__ import annotations

import json
from typing import Any

from alembic import command
from sqlalchemy import text

from db.engine import alembic_config, current_revision, head_revision, make_engine, migrate
from db.exchange import Exchange
from db.repository import Store
from forms.applicant import APPLICANT, ApplicantProfile
from forms.core.workflow import Status
from tests.helpers.databases import store_url_in
from tests.helpers.examples import example_document

LEGACY = {  # what the release before stored → what the store holds after 0005
    "南宁高新区": "nanning",
    "南宁高新技术产业开发区": "nanning",
    "柳州河西高新区": "liuzhou-hexi",
    "无": "none",
    "": "none",  # the old form said: 不在高新区内的留空
    None: "none",
    "东盟高新区": "东盟高新区",  # unknown: kept, for the profile page to ask again
}


def json_of(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value


def test_legacy_zone_text_in_every_stored_profile_becomes_an_id(tmp_path):
    url = store_url_in(tmp_path)
    store = Store.open(url)
    ids = []
    for _ in LEGACY:
        doc = example_document("incubator")
        ids.append(store.import_document(doc))
        store.change_status(ids[-1], Status.READY)
    Exchange(store).export_package(ids[0], b"%PDF-1.7 packet")  # a sent package, addressed
    store.engine.dispose()

    # back to 0003, then write what that release wrote: typed text and a typed level
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    with engine.begin() as connection:
        row = connection.execute(text("SELECT profile FROM applicants")).scalar_one()
        assert json_of(row)["hitech_zone"] == "南宁高新技术产业开发区"  # downgraded to names
        assert json_of(row)["zone_level"] == "国家级"
        for app_id, typed in zip(ids, LEGACY, strict=True):
            profile = {**json_of(row), "hitech_zone": typed, "zone_level": "自治区级"}
            connection.execute(
                text("UPDATE application_contents SET applicant = :p WHERE application_id = :id"),
                {"p": json.dumps(profile, ensure_ascii=False), "id": app_id},
            )
        connection.execute(
            text("UPDATE exchanged_packages SET addressed_to = '南宁高新区'"),
        )
        connection.execute(
            text(
                "INSERT INTO application_revisions (application_id, revision, title, data, "
                "applicant, catalogue_version, superseded_at) VALUES "
                "(:id, 1, '旧版', '{}', :p, '2024-再次征求意见稿', '2026-01-05 10:00:00')"
            ),
            {"id": ids[0], "p": json.dumps({**json_of(row), "hitech_zone": "柳州河西高新区"})},
        )
        connection.execute(
            text("UPDATE applicants SET profile = :p"),
            {"p": json.dumps({**json_of(row), "hitech_zone": "南宁高新区"}, ensure_ascii=False)},
        )

    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        own = json_of(connection.execute(text("SELECT profile FROM applicants")).scalar_one())
        query = text("SELECT application_id, applicant FROM application_contents")
        contents = {row_id: value for row_id, value in connection.execute(query)}
        addressed = connection.execute(text("SELECT addressed_to FROM exchanged_packages"))
        assert {a for (a,) in addressed} == {"nanning"}
        old = connection.execute(text("SELECT applicant FROM application_revisions")).scalar_one()
        assert json_of(old)["hitech_zone"] == "liuzhou-hexi" and "zone_level" not in json_of(old)
    assert own["hitech_zone"] == "nanning" and "zone_level" not in own
    for app_id, expected in zip(ids, LEGACY.values(), strict=True):
        assert json_of(contents[app_id])["hitech_zone"] == expected
        assert "zone_level" not in json_of(contents[app_id])

    # every application still opens; the profile whose zone is unknown asks to pick it again
    store = Store.open(url)
    for app_id, expected in zip(ids, LEGACY.values(), strict=True):
        assert store.load(app_id).applicant.hitech_zone == "nanning"  # editable: current one
        applicant = ApplicantProfile.model_validate(json_of(contents[app_id]))
        assert applicant.hitech_zone == expected
        issues = APPLICANT.missing_required(applicant)
        if expected == "东盟高新区":
            assert [i.code for i in issues] == ["zone_unknown"]
            assert "请从高新区名录中选择" in issues[0].message
        else:
            assert not issues
