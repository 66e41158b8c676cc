"""Hostile packages: each is refused with its own Chinese message and leaves the store as it was.

The office has already received one application from the firm (so its key is on record); every
case below spoils a fresh, valid package of a second application in exactly one way. The same
package unspoiled is imported, so each refusal has its passing side.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from db.exchange import Exchange
from db.receiving import PackageImport
from db.review import office_profile
from db.this_copy import OWN_APPLICANT_SETTING
from forms.applicant import ApplicantProfile
from forms.core.document import AttachmentData
from forms.core.uscc import with_check_character
from forms.core.workflow import Status
from forms.exchange.container import MANIFEST, PACKET, SIGNATURE
from forms.exchange.errors import PackageError
from forms.exchange.review import Decision, Outcome, Reason
from forms.exchange.signing import SigningKey
from forms.exchange.submission import read_submission
from forms.registry import FORMS
from tests.helpers.copies import Copy, dump, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_kit import (
    decision_for,
    edit_data,
    make_package,
    office_signer,
    pack,
    raw_zip,
    respun,
    unpack,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Scene:
    enterprise: Copy
    office: Copy
    key: SigningKey  # the enterprise's key, which the office already knows
    valid: bytes  # a valid package of a second application, not yet imported


@pytest.fixture
def scene(tmp_path) -> Scene:
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    office.exchange.import_package(enterprise.exchange.export_package(submit(enterprise)).content)
    valid = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 packet").content
    return Scene(enterprise, office, enterprise.exchange.key, valid)


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def tampered_member(s: Scene) -> bytes:
    manifest, members = unpack(s.valid)
    edit_data(members, requested_amount="99")
    return pack(manifest, members, s.key, update_digests=False)


def tampered_manifest(s: Scene) -> bytes:
    with zipfile.ZipFile(io.BytesIO(s.valid)) as archive:
        entries = [(n, archive.read(n)) for n in archive.namelist()]
    spoiled = [
        (
            n,
            c.replace("南宁高新区科技企业孵化基地".encode(), "别的孵化基地".encode())
            if n == MANIFEST
            else c,
        )
        for n, c in entries
    ]
    return raw_zip(spoiled)


def bomb(s: Scene) -> bytes:
    def add(manifest, members):
        members["attachments/001-空白.bmp"] = bytes(20 << 20)
        doc = json.loads(members["application.json"])
        doc["attachments"] = [
            {
                "name": "空白.bmp",
                "size": 20 << 20,
                "sha256": hashlib.sha256(bytes(20 << 20)).hexdigest(),
                "member": "attachments/001-空白.bmp",
            }
        ]
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    return respun(s.valid, s.key, add)  # deflated: 20 MB from about 20 KB


def invisible_attachment_name(s: Scene) -> bytes:
    def add(manifest, members):
        content = b"%PDF-1.4 scan"
        members["attachments/001-scan.pdf"] = content
        doc = json.loads(members["application.json"])
        doc["attachments"] = [
            {
                "name": "营业\u200b执照.pdf",  # a zero-width space: two files would look alike
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "member": "attachments/001-scan.pdf",
            }
        ]
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    return respun(s.valid, s.key, add)


def huge_attachment(s: Scene) -> bytes:
    doc = replace(
        s.enterprise.store.export_document(s.enterprise.store.application_ids()[-1]),
        attachments=(AttachmentData("扫描件.tif", os.urandom((50 << 20) + 1)),),
    )
    return make_package(doc, key=s.key)[0]


def key_change(s: Scene) -> bytes:
    doc = s.enterprise.store.export_document(s.enterprise.store.application_ids()[-1])
    return make_package(doc)[0]  # the same firm, signed by a key the office has never seen


def own_package(s: Scene) -> bytes:
    doc = example_document("enclave")  # as if the office had exported one of its own
    office_key = s.office.exchange.key
    return make_package(replace(doc, uid="00000000-0000-4000-8000-000000000001"), key=office_key)[0]


CASES: dict[str, tuple[Callable[[Scene], bytes], str, str]] = {
    # name: (spoil, code, words the message must contain)
    "zip slip": (
        lambda s: raw_zip([("../evil.txt", b"x"), *zip_entries(s.valid)]),
        "unsafe_path",
        "中的成员 '../evil.txt' 路径不安全：含“..”",
    ),
    "absolute path": (
        lambda s: raw_zip([("/etc/cron.d/evil", b"x"), *zip_entries(s.valid)]),
        "unsafe_path",
        "路径不安全：是绝对路径",
    ),
    "windows path": (
        lambda s: raw_zip([("..\\..\\evil.bat", b"x"), *zip_entries(s.valid)]),
        "unsafe_path",
        "反斜杠",
    ),
    "symlink member": (
        lambda s: raw_zip(
            [*zip_entries(s.valid), (symlink("attachments/002-link"), b"/etc/passwd")]
        ),
        "unsafe_member",
        "是符号链接",
    ),
    "zip bomb": (bomb, "zip_bomb", "压缩炸弹"),
    "too many members": (
        lambda s: raw_zip(
            [*zip_entries(s.valid), *[(f"attachments/{i:03d}-x", b"") for i in range(110)]]
        ),
        "too_many_members",
        "超过 104 个的上限",
    ),
    "unlisted member": (
        lambda s: raw_zip([*zip_entries(s.valid), ("extra.exe", b"MZ")]),
        "unlisted_member",
        "成员 extra.exe 不在签名的清单中",
    ),
    "tampered member": (tampered_member, "checksum", "application.json 与签名清单中的校验值不符"),
    "tampered manifest": (tampered_manifest, "bad_signature", "签名无效"),
    "wrong signature": (
        lambda s: respun(s.valid, SigningKey.generate(), lambda m, members: None),
        "bad_signature",
        "签名无效",
    ),
    "signature missing": (
        lambda s: raw_zip([e for e in zip_entries(s.valid) if e[0] != SIGNATURE]),
        "no_manifest",
        "缺少清单或签名",
    ),
    "unknown signer key": (key_change, "key_changed", "签名密钥与本机记录的"),
    "wrong format version": (
        lambda s: respun(s.valid, s.key, lambda m, members: m.update(format_version=4)),
        "wrong_version",
        "格式版本为 4，本软件只能读取第 1、2、3 版",
    ),
    "a signer name that draws a second line": (
        lambda s: respun(
            s.valid,
            s.key,
            lambda m, members: m["signer"].update(name="南宁某公司\n密钥指纹与本机记录一致"),
        ),
        "bad_manifest",
        "名称含换行",
    ),
    "not our format": (
        lambda s: respun(s.valid, s.key, lambda m, members: m.update(format="other.package")),
        "wrong_format",
        "不是本软件导出的申报包",
    ),
    "truncated file": (lambda s: s.valid[: len(s.valid) * 2 // 3], "corrupt", "不完整或已损坏"),
    "not a zip": (lambda s: b"%PDF-1.7 this is a PDF, not a package", "not_zip", "不是 zip 格式"),
    "empty file": (lambda s: b"", "not_zip", "不是 zip 格式"),
    "huge attachment": (
        huge_attachment,
        "member_too_large",
        "附件 attachments/001-扫描件.tif 过大",
    ),
    "attachment name with an invisible character": (
        invisible_attachment_name,
        "invalid_data",
        "请让对方把附件改名后重新导出",
    ),
    "data failing the form": (
        lambda s: respun(
            s.valid,
            s.key,
            lambda m, members: edit_data(members, requested_amount="-5", tenant_count="很多"),
        ),
        "invalid_data",
        "「申请后补助金额」不能小于 0",
    ),
    # Stored by SQLite, refused by PostgreSQL: taken in, it would stop an office's import batch.
    "a NUL in a field": (
        lambda s: respun(
            s.valid, s.key, lambda m, members: edit_data(members, carrier_name="南宁\x00孵化器")
        ),
        "invalid_data",
        "「孵化载体名称」第 3 个字符处有不可见的控制字符（U+0000）",
    ),
    "data failing the rules here": (
        lambda s: respun(
            s.valid, s.key, lambda m, members: edit_data(members, requested_amount="150")
        ),
        "rules_failed",
        "按本机的政策参数目录",
    ),
    "a decision instead": (
        lambda s: respun(s.valid, s.key, lambda m, members: m.update(type="decision")),
        "wrong_type",
        "实际是审核决定包",
    ),
    "own package": (own_package, "own_package", "本机自己导出的"),
    "a packet that is no PDF": (
        lambda s: respun(s.valid, s.key, lambda m, members: members.update({PACKET: b"MZ"})),
        "bad_packet",
        "packet.pdf 不是 PDF 文件",
    ),
}


def zip_entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(n, archive.read(n)) for n in archive.namelist()]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_package_is_refused_and_changes_nothing(scene, case):
    spoil, code, words = CASES[case]
    data = spoil(scene)
    before = dump(scene.office.store)
    with pytest.raises(PackageError) as caught:
        scene.office.exchange.import_package(data, "来件.gxpkg")
    assert caught.value.code == code, caught.value.message
    assert words in caught.value.message
    assert "来件.gxpkg" in caught.value.message  # it names the file
    assert dump(scene.office.store) == before


def test_the_same_package_unspoiled_comes_in_once(scene):
    rebuilt = respun(
        scene.valid, scene.key, lambda m, members: None
    )  # the kit alone spoils nothing
    before = dump(scene.office.store)
    result = scene.office.exchange.import_package(rebuilt, "来件.gxpkg")
    assert not result.duplicate and dump(scene.office.store) != before
    middle = dump(scene.office.store)
    assert scene.office.exchange.import_package(scene.valid, "again.gxpkg").duplicate
    assert dump(scene.office.store) == middle


# --- fuzzing ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_scene(tmp_path_factory) -> Scene:
    folder = tmp_path_factory.mktemp("fuzz")
    enterprise = open_copy(folder / "enterprise")
    office = open_copy(folder / "office", "enclave")
    doc = replace(
        example_document("incubator"),
        attachments=(AttachmentData("说明.txt", "孵化基地说明".encode() * 20),),
    )
    valid = enterprise.exchange.export_package(
        submit(enterprise, doc=doc), b"%PDF-1.7 packet"
    ).content
    return Scene(enterprise, office, enterprise.exchange.key, valid)


def imported_whole(s: Scene, data: bytes, before: dict, attempt: Callable[[], object]) -> None:
    """``attempt`` either imports the package whole, or is refused in Chinese changing nothing."""
    try:
        result = attempt()
    except PackageError as exc:
        event(f"refused: {exc.code}")  # --hypothesis-show-statistics shows how deep they got
        assert CHINESE.search(exc.message), exc.message
        assert dump(s.office.store) == before
        return
    event("imported" if not getattr(result, "duplicate", False) else "duplicate")
    assert isinstance(result, PackageImport)
    package = read_submission(data, forms=FORMS)
    record = s.office.store.load(result.application_id)
    assert record.form == package.document.form
    assert [a.sha256 for a in record.attachments] == [
        a.sha256 for a in package.document.attachments
    ]


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_bytes_come_in_whole_or_are_refused_cleanly(fuzz_scene, data):
    s = fuzz_scene
    raw = bytearray(s.valid)
    flips = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(raw) - 1), st.integers(0, 255)), min_size=1, max_size=6
        )
    )
    for position, value in flips:
        raw[position] = value
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    spoiled = bytes(raw)
    before = dump(s.office.store)
    imported_whole(
        s, spoiled, before, lambda: Exchange(s.office.store).import_package(spoiled, "fuzz.gxpkg")
    )


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_members_come_in_whole_or_are_refused_cleanly(fuzz_scene, data):
    """Byte flips inside a member, re-zipped (so the zip's own CRCs hold): the checks beyond
    the zip are reached; re-signed, the manifest, JSON, schema and form checks are reached."""
    s = fuzz_scene
    manifest, members = unpack(s.valid)
    names = [MANIFEST, *members]
    name = data.draw(st.sampled_from(names))
    content = bytearray(
        json.dumps(manifest, ensure_ascii=False).encode() if name == MANIFEST else members[name]
    )
    for _ in range(data.draw(st.integers(1, 4))):
        if content:
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    resign = data.draw(st.booleans())
    if name == MANIFEST:
        raw_manifest = bytes(content)
        members_out = members
    else:
        members_out = {**members, name: bytes(content)}
        if resign:
            raw_manifest = json.dumps(
                {
                    **manifest,
                    "members": [
                        {"name": n, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()}
                        for n, c in members_out.items()
                    ],
                },
                ensure_ascii=False,
            ).encode()
        else:
            raw_manifest = json.dumps(manifest, ensure_ascii=False).encode()
    signature = s.key.sign(raw_manifest).encode() if resign else b"A" * 88
    spoiled = raw_zip([(MANIFEST, raw_manifest), (SIGNATURE, signature), *members_out.items()])
    before = dump(s.office.store)
    imported_whole(
        s, spoiled, before, lambda: Exchange(s.office.store).import_package(spoiled, "fuzz.gxpkg")
    )


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**15), 10**15)
    | st.text(max_size=30)
    | st.sampled_from(["100", "-1", "1e9", "0.00001", "2025-02-30", "2025-06-30", "国家级", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_data_comes_in_whole_or_is_refused_cleanly(fuzz_scene, data):
    """Valid JSON with odd values, signed by the firm's own key: the form model, the rules
    and the store's writing are reached."""
    s = fuzz_scene

    def change(manifest: dict, members: dict) -> None:
        doc = json.loads(members["application.json"])
        part = data.draw(st.sampled_from(["data", "applicant"]))
        key = data.draw(st.sampled_from(sorted(doc[part])) | st.text(max_size=8))
        doc[part][key] = data.draw(JSON_VALUES)
        doc["uid"] = manifest["application_uid"] = str(uuid.uuid4())
        manifest["package_id"] = str(uuid.uuid4())
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    spoiled = respun(s.valid, s.key, change)
    before = dump(s.office.store)
    imported_whole(
        s, spoiled, before, lambda: Exchange(s.office.store).import_package(spoiled, "fuzz.gxpkg")
    )


# --- hostile decisions --------------------------------------------------------------------------


@dataclass
class DecisionScene:
    enterprise: Copy
    office: Copy
    app_id: int
    second: bytes  # revision 2, exported after the office returned revision 1


@pytest.fixture
def decision_scene(tmp_path) -> DecisionScene:
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    first = enterprise.exchange.export_package(app_id).content
    office_id = office.exchange.import_package(first).application_id
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="carrier_name", message="请核对名称")],
    )
    enterprise.decisions.import_decision(office.decisions.export_decision(office_id).content)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id).content
    return DecisionScene(enterprise, office, app_id, second)


def decision_from(copy: Copy, package: bytes) -> bytes:
    """``copy`` imports ``package``, recommends it, and exports its decision."""
    copy_id = copy.exchange.import_package(package).application_id
    copy.review.record_decision(copy_id, Outcome.RECOMMEND, officer=officer(copy))
    return copy.decisions.export_decision(copy_id).content


def forged(copy: Copy, submission: bytes, decision: Decision | None = None, **changes) -> bytes:
    """A decision signed by ``copy``'s key in its office's name (with ``changes``), made straight
    from the submission file: an office's own copy would not take in a first 第2版."""
    key = copy.decisions.key
    signer = office_signer(office_profile(copy.store), key, **changes)
    return decision_for(submission, key, signer, decision)


def other_office(folder: Path) -> Copy:
    """A second office of the same zone, under another code (a look-alike)."""
    copy = open_copy(folder)
    profile = example_document("enclave").applicant
    assert isinstance(profile, ApplicantProfile)
    lookalike = profile.model_copy(update={"uscc": with_check_character("11450100007564399")})
    copy.store.set_setting(OWN_APPLICANT_SETTING, str(copy.store.save_applicant(lookalike)))
    return copy


def test_the_real_offices_decision_comes_in(decision_scene):
    s = decision_scene
    result = s.enterprise.decisions.import_decision(decision_from(s.office, s.second), "d.gxdec")
    assert result.status is Status.RECOMMENDED


DECISION_CASES: dict[str, tuple[Callable[[DecisionScene, Path], bytes], str, str]] = {
    "another office's key": (
        lambda s, tmp: forged(other_office(tmp / "other"), s.second),
        "office_changed",
        "与此前就该申报作出决定的园区",
    ),
    "the same office's name with another key": (
        lambda s, tmp: forged(open_copy(tmp / "impostor", "enclave"), s.second),
        "key_changed",
        "签名密钥与本机记录的",
    ),
    "an application never exported": (
        lambda s, tmp: decision_from(open_copy(tmp / "another", "enclave"), make_package()[0]),
        "not_exported",
        "不是本机导出的",
    ),
    "a tampered decision": (
        lambda s, tmp: respun(
            decision_from(s.office, s.second),
            SigningKey.generate(),
            lambda m, members: None,
        ),
        "bad_signature",
        "签名无效",
    ),
    "a submission instead": (lambda s, tmp: s.second, "wrong_type", "实际是申报包"),
    "signed as an enterprise": (
        lambda s, tmp: respun(
            decision_from(s.office, s.second),
            s.office.decisions.key,  # the office's own key: the signature holds
            lambda m, members: m["signer"].update(role="企业端"),
        ),
        "inconsistent",
        "不是由园区端签署的",
    ),
}


@pytest.mark.parametrize("case", DECISION_CASES)
def test_a_hostile_decision_is_refused_and_changes_nothing(decision_scene, tmp_path, case):
    spoil, code, words = DECISION_CASES[case]
    data = spoil(decision_scene, tmp_path)
    before = dump(decision_scene.enterprise.store)
    with pytest.raises(PackageError) as caught:
        decision_scene.enterprise.decisions.import_decision(data, "决定.gxdec")
    assert caught.value.code == code, caught.value.message
    assert words in caught.value.message and "决定.gxdec" in caught.value.message
    assert dump(decision_scene.enterprise.store) == before
