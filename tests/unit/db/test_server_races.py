"""Two and three officers' desktops (separate processes) on one shared store, at the same
moment (issue 16, point 2): what PostgreSQL's READ COMMITTED let through before the store's
locks, and what each officer sees now. Each race is made to happen (tests/helpers/desktops.py:
every desktop held before COMMIT until the others are there too or wait on a lock); each runs
on a real PostgreSQL server and, where it means something, on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.accounts import Accounts
from db.exchange import Exchange
from db.models import Account, Applicant, Application, KnownKey, ManualCheckEvent, OfficePin
from db.office_key import create_office_key
from db.own_profile import own_profile_data
from db.repository import Store
from db.review import Review
from db.this_copy import Mode, read_mode
from forms.applicant import ApplicantProfile
from forms.core.rules import Verdict
from forms.core.uscc import with_check_character
from forms.core.workflow import Status
from forms.exchange.manifest import Role
from forms.exchange.signing import SigningKey
from tests.helpers.copies import Copy, own_profile, submit
from tests.helpers.desktops import race
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import decision_for, make_package, office_signer
from tests.helpers.materials import plus_required_materials
from tests.helpers.scenarios import FIXTURE_PASSPHRASE

pytestmark = pytest.mark.office_key_prompts  # its desktops make the office key themselves

PASSWORD = "审核密码2026"
CAP = {"rd.matching_cap_per_firm": 300}  # each example claim asks 300 万元


@pytest.fixture(params=["postgresql", "sqlite"])
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch) -> Iterator[str]:
    """A fresh, migrated store's URL: on the server, or a SQLite file."""
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))  # keys of a server store
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'office.sqlite3'}"
        return
    yield request.getfixturevalue("server_database")


def office(url: str) -> Store:
    """The 管委会 that receives the rd_subsidy example, set up (profile, key) on ``url``."""
    store = Store.open(url)
    own_profile(store, "new_track")
    if not url.startswith("sqlite"):  # one office key in the shared store (db/office_key.py)
        create_office_key(store, FIXTURE_PASSPHRASE, n=2**10)
    Exchange(store).fingerprint  # noqa: B018 (the office key made once, before the desktops)
    return store


def claims(
    folder: Path, count: int, firm: str = "", amount: str = "300", key: SigningKey | None = None
) -> list[str]:
    """``count`` different claims of ``amount`` 万元 of one new firm (the example's, or with the
    统一社会信用代码 ending ``firm``), as package files signed with the firm's key."""
    key = key or SigningKey.generate()
    folder.mkdir(parents=True, exist_ok=True)
    doc = plus_required_materials(example_document("rd_subsidy"))
    doc = replace(doc, form=doc.form.model_copy(update={"requested_amount": Decimal(amount)}))
    if firm:
        code = with_check_character("91450100MA5K" + firm.rjust(5, "0"))
        assert isinstance(doc.applicant, ApplicantProfile)
        doc = replace(doc, applicant=doc.applicant.model_copy(update={"uscc": code}))
    files = []
    for n in range(count):
        data, _ = make_package(replace(doc, uid=None), key=key)
        path = folder / f"claim{n}.gxpkg"
        path.write_bytes(data)
        files.append(str(path))
    return files


def count(store: Store, column: Any) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count(column))) or 0


# --- importing ------------------------------------------------------------------------------------


def test_two_officers_importing_the_same_batch_take_each_package_once(url, tmp_path):
    """Before: the second batch stopped with the raw 「uq_applications_uid」 and 「其余 N 个未导入」."""
    store = office(url)
    batch = claims(tmp_path / "batch", 1) + claims(tmp_path / "other", 2, firm="2", amount="100")
    seen = race(url, ("import", {"files": batch}), ("import", {"files": batch}))
    for officer in seen:
        assert officer["stopped"] == "", officer
        assert "duplicate key" not in "".join(officer["messages"])
    assert count(store, Application.id) == 3, seen  # one claim of the first firm, two of the second
    with store.reading() as session:
        assert session.scalar(select(func.count(Applicant.id))) == 3  # office + two firms
        assert session.scalar(select(func.count(KnownKey.id))) == 2
    first = [officer["outcomes"][0] for officer in seen]
    assert sorted(first) == ["已存在（未更改）", "已导入"]


def test_three_desktops_importing_a_new_firms_first_packages_make_one_firm(url, tmp_path):
    """Before: 「uq_applicants_uscc」 on all but one desktop."""
    store = office(url)
    files = claims(tmp_path / "firm", 3, amount="100")
    seen = race(url, *(("import", {"files": [f]}) for f in files))
    assert [officer["outcomes"] for officer in seen] == [["已导入"]] * 3, seen
    with store.reading() as session:
        assert session.scalar(select(func.count(Applicant.id))) == 2  # the office and the firm
        assert session.scalar(select(func.count(KnownKey.id))) == 1
    assert count(store, Application.id) == 3


def test_two_claims_of_one_firm_imported_at_once_do_not_both_pass_the_cap(url, tmp_path):
    """Before: both accepted, 600 万元 against a 300 万元 cap (the firm known already: a new
    firm's race is the one above)."""
    store = office(url)
    firm = ApplicantProfile.model_validate(example_json("rd_subsidy")["applicant"])
    store.save_applicant(firm)
    key = SigningKey.generate()
    with store.writing() as session:  # its key recorded from an earlier package
        session.add(
            KnownKey(
                role=Role.ENTERPRISE.value,
                uscc=firm.uscc,
                name=firm.name,
                public_key=key.public_key,
            )
        )
    first, second = claims(tmp_path / "firm", 2, key=key)
    seen = race(
        url,
        ("import", {"files": [first], "catalogue": CAP}),
        ("import", {"files": [second], "catalogue": CAP}),
    )
    assert [officer["stopped"] for officer in seen] == ["", ""], seen
    outcomes = sorted(officer["outcomes"][0] for officer in seen)
    assert outcomes == ["已导入", "已拒收"], seen
    refused = next(o for o in seen if o["outcomes"][0] == "已拒收")
    assert "300" in refused["messages"][0] and "本次最多可申请" in refused["messages"][0]
    assert count(store, Application.id) == 1


def test_two_claims_of_one_firm_submitted_at_once_do_not_both_pass_the_cap(url):
    """db/moves.py locks the firm's row (SELECT … FOR UPDATE) before reading its claims."""
    store = Store.open(url)
    doc = plus_required_materials(example_document("rd_subsidy"))
    ids = [store.import_document(replace(doc, uid=None)) for _ in range(2)]
    seen = race(
        url,
        ("submit", {"application_id": ids[0], "catalogue": CAP}),
        ("submit", {"application_id": ids[1], "catalogue": CAP}),
    )
    assert sorted(o["ok"] for o in seen) == [False, True], seen
    assert "本次最多可申请" in next(o for o in seen if not o["ok"])["message"]
    ready = [store.load(i).status for i in ids]
    assert sorted(ready) == sorted([Status.READY, Status.DRAFT])


def test_two_desktops_importing_one_decision_pin_its_office_once(url, tmp_path):
    """An enterprise on a shared store: the first decision of a zone pins its office (and its
    key) once, the other desktop finds it 已存在; neither stops."""
    store = Store.open(url)
    own_profile(store, "incubator")
    if not url.startswith("sqlite"):  # a server store's one key (db/office_key.py)
        create_office_key(store, FIXTURE_PASSPHRASE, n=2**10)
    copy = Copy(store)
    exported = copy.exchange.export_package(submit(copy)).content
    key = SigningKey.generate()
    office = ApplicantProfile.model_validate(example_json("enclave")["applicant"])
    decision = tmp_path / "decision.gxdec"
    decision.write_bytes(decision_for(exported, key, office_signer(office, key)))
    job = {"files": [str(decision)], "kind": "decision"}
    seen = race(url, ("import", job), ("import", job))
    assert [o["stopped"] for o in seen] == ["", ""], seen
    assert sorted(o["outcomes"][0] for o in seen) == ["已存在（未更改）", "已导入"], seen
    assert count(store, OfficePin.id) == 1


# --- accounts -------------------------------------------------------------------------------------


def test_two_first_accounts_made_at_once_make_one(url):
    """Before: two 「first accounts」, each made by nobody."""
    store = Store.open(url)
    seen = race(
        url,
        ("first_account", {"username": "wangfang", "name": "王芳", "password": PASSWORD}),
        ("first_account", {"username": "lisi", "name": "李四", "password": PASSWORD}),
    )
    assert sorted(o["ok"] for o in seen) == [False, True], seen
    refused = next(o for o in seen if not o["ok"])
    assert "另一位审核人员刚刚建立了第一个账号" in refused["message"]
    assert count(store, Account.id) == 1


def test_two_officers_deactivating_each_other_leave_one_active(url):
    """Before: both 停用 went through and the office was locked out."""
    store = Store.open(url)
    accounts = Accounts(store)
    first = accounts.create("wangfang", "王芳", PASSWORD)
    accounts.create("lisi", "李四", PASSWORD, by=first)
    seen = race(
        url,
        ("deactivate", {"username": "wangfang", "target": "lisi"}),
        ("deactivate", {"username": "lisi", "target": "wangfang"}),
    )
    assert sorted(o["ok"] for o in seen) == [False, True], seen
    refused = next(o for o in seen if not o["ok"])
    assert "另一位审核人员刚刚停用了它" in refused["message"]
    assert [a.active for a in accounts.list_accounts()].count(True) == 1


# --- the checklist ----------------------------------------------------------------------------------


def test_two_officers_noting_one_rule_at_once_do_not_overwrite_each_other(url, tmp_path):
    """Both had no record on screen (``seen`` None): before, both notes were saved, the later
    silently over the other's; the second is now told the first's, as one after the other is."""
    store = office(url)
    enterprise = Copy(Store.open(f"sqlite:///{tmp_path / 'enterprise.sqlite3'}"))
    exported = enterprise.exchange.export_package(submit(enterprise, "rd_subsidy"))
    office_id = Exchange(store).import_package(exported.content).application_id
    report = Review(store).office_report(office_id)
    rule = next(r.rule_id for r in report.results if r.verdict is Verdict.MANUAL)
    accounts = Accounts(store)
    first = accounts.create("wangfang", "王芳", PASSWORD)
    accounts.create("lisi", "李四", PASSWORD, by=first)
    note = {"application_id": office_id, "rule": rule}
    seen = race(
        url,
        ("manual_check", {**note, "username": "wangfang", "note": "营业执照原件已核对"}),
        ("manual_check", {**note, "username": "lisi", "note": "已电话核实"}),
    )
    assert sorted(o["ok"] for o in seen) == [False, True], seen
    refused = next(o for o in seen if not o["ok"])
    assert refused["error"] == "ConflictError", refused
    assert "您这次的勾选或核实说明未保存" in refused["message"]
    with store.reading() as session:
        assert session.scalar(select(func.count(ManualCheckEvent.id))) == 1


# --- the office profile ---------------------------------------------------------------------------


def test_two_desktops_saving_the_office_profile_lose_neither_change(url):
    """Before: the second save silently overwrote the first."""
    store = office(url)
    seen_then = own_profile_data(store)
    assert seen_then is not None
    phone = {**seen_then, "contact_phone": "0771-1234567"}
    person = {**seen_then, "contact_person": "另一位联系人"}
    seen = race(
        url,
        ("own_profile", {"profile": phone, "seen": seen_then}),
        ("own_profile", {"profile": person, "seen": seen_then}),
    )
    assert sorted(o["ok"] for o in seen) == [False, True], seen
    refused = next(o for o in seen if not o["ok"])
    assert refused["error"] == "OwnProfileChanged"
    assert (
        "刚刚修改了本单位的申报主体信息" in refused["message"] and "重新载入" in refused["message"]
    )
    if url.startswith("postgresql"):
        assert "另一位审核人员" in refused["message"]
    now = own_profile_data(store)
    assert now in (phone, person) and now != seen_then


# --- settings -------------------------------------------------------------------------------------


def test_two_desktops_choosing_the_mode_at_once_keep_the_first_choice(url):
    """Before: the second 使用方 silently replaced the first."""
    store = Store.open(url)
    seen = race(
        url,
        ("choose_mode", {"mode": Mode.PARK_OFFICE.value, "seen": None}),
        ("choose_mode", {"mode": Mode.ENTERPRISE.value, "seen": None}),
    )
    assert sorted(o["ok"] for o in seen) == [False, True], seen
    refused = next(o for o in seen if not o["ok"])
    assert refused["error"] == "SettingChanged" and "刚刚更改了“使用方”" in refused["message"]
    chosen = next(i for i, o in enumerate(seen) if o["ok"])
    assert read_mode(store) is [Mode.PARK_OFFICE, Mode.ENTERPRISE][chosen]


def test_three_desktops_making_the_same_new_setting_all_get_through(url):
    """A setting made at once by several desktops (a remembered folder): no 数据冲突."""
    store = Store.open(url)
    seen = race(
        url,
        *(("setting", {"key": "last_pdf_folder", "value": f"/desktop{n}"}) for n in range(3)),
    )
    assert [o["ok"] for o in seen] == [True] * 3, seen
    assert store.get_setting("last_pdf_folder") in {f"/desktop{n}" for n in range(3)}
