"""Make the legacy fixtures: stores, packages and keys written by release 0.1.0.

Run at release 0.1.0 to regenerate (this only makes sense on that release's code, which stored
every choice by its Chinese label)::

    git worktree add /tmp/rel 7405552   # release 0.1.0 code, with this script and
    cd /tmp/rel                           # tests/helpers/legacy_snapshot.py added (commit 7405552)
    PYTHONPATH=$PWD python tests/data/legacy/make_legacy.py
    cp -r tests/data/legacy/. <this checkout>/tests/data/legacy/

It writes, next to itself:

- ``enterprise/``: an enterprise's store (``store.sqlite3``) and its signing key (``keys/``):
  every form, an application in each status (草稿 待提交 已提交 退回补正 已推荐 不予推荐),
  attachments, received decisions, the audit trail, its own profile.
- ``office_nanning/``, ``office_liuzhou/``: two park offices' stores and keys, holding received
  packages (revisions, packets) and their decisions.
- ``submission.gxpkg``: a package the enterprise exported that the 南宁 office has not imported.
- ``decision.gxdec``: a decision the 柳州 office exported that the enterprise has not imported.
- ``expected.json.gz``: what each store showed of each application at that release
  (``tests/helpers/legacy_snapshot.py``), to compare with after a migration.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from db.this_copy import OWN_APPLICANT_SETTING  # noqa: E402
from forms import all_forms  # noqa: E402
from forms.applicant import APPLICANT, ApplicantProfile  # noqa: E402
from forms.core.document import documents_from_json  # noqa: E402
from forms.core.workflow import Status  # noqa: E402
from forms.exchange.review import Outcome, Reason  # noqa: E402
from tests.helpers.copies import Copy, officer, open_copy  # noqa: E402
from tests.helpers.examples import example_document, example_json  # noqa: E402
from tests.helpers.legacy_snapshot import store_snapshot  # noqa: E402

PACKET = b"%PDF-1.7 packet"  # the packet sent along; its text is not what is compared


def _fresh(name: str, own_profile_of: str | None = None) -> Copy:
    folder = HERE / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return open_copy(folder, own_profile_of)


def _ready(copy: Copy, kind: str, *, attachment: str | None = None, **changes: object) -> int:
    source = example_json(kind)
    source["data"].update(changes)
    app_id = copy.store.import_document(documents_from_json(source, all_forms(), APPLICANT)[0])
    if attachment:
        copy.store.add_attachment(app_id, attachment, b"%PDF-1.4 scan of " + kind.encode())
    copy.store.change_status(app_id, Status.READY)
    return app_id


def _send(enterprise: Copy, office: Copy, app_id: int) -> int:
    exported = enterprise.exchange.export_package(app_id, PACKET)
    return office.exchange.import_package(exported.content, exported.file_name).application_id


def _decide(office: Copy, office_id: int, outcome: Outcome, **kw) -> bytes:
    office.review.record_decision(office_id, outcome, officer=officer(office), **kw)
    return office.decisions.export_decision(office_id).content


def main() -> None:
    enterprise = _fresh("enterprise")
    own = ApplicantProfile.model_validate(example_json("rd_subsidy")["applicant"])
    enterprise.store.set_setting(OWN_APPLICANT_SETTING, str(enterprise.store.save_applicant(own)))
    nanning = _fresh("office_nanning", "enclave")
    liuzhou = _fresh("office_liuzhou", "new_track")
    e = enterprise

    # 草稿 with an attachment, and 待提交: every form once.
    draft = e.store.import_document(example_document("incubator"))
    e.store.add_attachment(draft, "营业执照.pdf", b"%PDF-1.4 licence")
    _ready(e, "new_track")
    e.store.import_document(example_document("enclave"))

    # 退回补正, then revision 2 recommended (已推荐) at 南宁.
    app = _ready(e, "incubator", attachment="认定文件.pdf")
    office_id = _send(e, nanning, app)
    returned = _decide(
        nanning,
        office_id,
        Outcome.RETURN,
        comment="请补正",
        reasons=[
            Reason(field_path="certified_level", message="认定级别与文件不符"),
            Reason(field_path="applicant.org_type", message="单位类型请核对"),
        ],
    )
    e.decisions.import_decision(returned)
    data = e.store.load(app).form.model_dump(mode="json")
    data["carrier_name"] += "（补正）"
    e.store.save_draft(app, data)
    e.store.change_status(app, Status.READY)
    _send(e, nanning, app)
    e.decisions.import_decision(_decide(nanning, office_id, Outcome.RECOMMEND, comment="同意"))

    # 不予推荐 and 退回补正 at 柳州.
    rejected = _ready(e, "rd_subsidy")
    e.decisions.import_decision(
        _decide(liuzhou, _send(e, liuzhou, rejected), Outcome.REJECT, comment="不符合条件")
    )
    back = _ready(e, "rd_subsidy", attachment="任务书.pdf")
    e.decisions.import_decision(
        _decide(
            liuzhou,
            _send(e, liuzhou, back),
            Outcome.RETURN,
            reasons=[Reason(field_path="category", message="申领类别请核对")],
        )
    )

    # 已提交, its package not yet at the office; 已提交, its decision not yet at the enterprise.
    pending = _ready(e, "incubator")
    (HERE / "submission.gxpkg").write_bytes(e.exchange.export_package(pending, PACKET).content)
    decided = _ready(e, "rd_subsidy", project_number="2024YFB0100200")
    (HERE / "decision.gxdec").write_bytes(
        _decide(liuzhou, _send(e, liuzhou, decided), Outcome.RECOMMEND, comment="同意推荐")
    )

    expected = {}
    for name, copy in (("enterprise", e), ("office_nanning", nanning), ("office_liuzhou", liuzhou)):
        expected[name] = store_snapshot(copy.store)
        copy.store.close()
        with_wal = HERE / name / "store.sqlite3-wal"
        assert not with_wal.exists(), "the store must be closed cleanly"
        with sqlite3.connect(HERE / name / "store.sqlite3") as connection:
            connection.execute("VACUUM")  # keep the fixture small
    text = json.dumps(expected, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    (HERE / "expected.json.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


if __name__ == "__main__":
    main()
