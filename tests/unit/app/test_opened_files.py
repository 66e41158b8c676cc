"""Files given to the program to open: what each is by its ending and its content, and the
``gxapply FILE…`` arguments told from a subcommand's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.cli import build_parser, file_arguments
from app.opened_files import OpenedKind, classify
from forms.exchange.signing import SigningKey
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import decision_for, make_package, office_signer

SUBCOMMANDS = build_parser().subcommands


def written(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.fixture
def packages() -> tuple[bytes, bytes]:
    """A submission package and the office's decision on it."""
    submission, _ = make_package()
    key = SigningKey.generate()
    profile = example_document("enclave").applicant
    return submission, decision_for(submission, key, office_signer(profile, key))


def test_each_kind_is_known_by_its_ending_and_content(tmp_path, packages):
    submission, decision = packages
    application = json.dumps(example_json("incubator"), ensure_ascii=False).encode("utf-8-sig")
    cases = {
        "申报.gxpkg": (submission, OpenedKind.SUBMISSION),
        "决定.GXDEC": (decision, OpenedKind.DECISION),  # Windows endings come in any case
        "申报.json": (application, OpenedKind.APPLICATION),
        # an unknown ending (a mail program's rename): the content decides
        "附件.zip": (decision, OpenedKind.DECISION),
        "申报文件": (b"\n  [ ]", OpenedKind.APPLICATION),
    }
    for name, (content, kind) in cases.items():
        opened = classify(str(written(tmp_path, name, content)))
        assert (opened.kind, opened.problem) == (kind, ""), name


def test_a_damaged_package_still_goes_to_its_import_which_explains(tmp_path):
    opened = classify(str(written(tmp_path, "坏的.gxpkg", b"PK\x03\x04 cut short")))
    assert opened.kind is OpenedKind.SUBMISSION
    assert classify(str(written(tmp_path, "空的.gxdec", b""))).kind is OpenedKind.DECISION


def test_an_ending_the_content_contradicts_is_refused(tmp_path, packages):
    submission, decision = packages
    renamed = classify(str(written(tmp_path, "决定.gxpkg", decision)))
    assert renamed.kind is None
    assert "文件名表明它是申报包（.gxpkg），内容却是审核决定包（.gxdec）" in renamed.problem
    json_named = classify(str(written(tmp_path, "申报.json", submission)))
    assert json_named.kind is None and "内容却是申报包" in json_named.problem


def test_what_is_not_a_file_to_open_is_refused_with_what_to_do(tmp_path):
    text = classify(str(written(tmp_path, "说明.txt", "这是说明".encode())))
    assert text.kind is None and "本程序能打开申报包（.gxpkg）" in text.problem
    missing = classify(str(tmp_path / "不在了.gxpkg"))
    assert missing.kind is None and "找不到文件" in missing.problem
    assert "“文件”菜单" in missing.problem
    folder = tmp_path / "文件夹.gxpkg"
    folder.mkdir()
    assert "不是文件" in classify(str(folder)).problem
    for hostile in ("申报.gxpkg", "", "a\x00b.gxpkg", "/" + "x" * 5000):
        assert classify(hostile).kind is None, hostile  # relative, empty, NUL, absurdly long


def test_a_name_with_line_breaks_is_shown_on_one_line(tmp_path):
    opened = classify(str(tmp_path / "假\n指纹一致.gxpkg"))
    assert "\n" not in opened.problem and "假 指纹一致.gxpkg" in opened.problem


def test_zip_bomb_manifest_is_not_read_to_sniff(tmp_path):
    import zipfile

    path = tmp_path / "大.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b" " * (2 << 20) + b'{"type": "decision"}')
    assert classify(str(path)).kind is None  # not read past 1 MB: nothing recognised


def test_a_zip_is_a_package_only_by_its_manifests_package_type(tmp_path):
    import zipfile

    for manifest in (b'{"type": "application"}', b'{"type": "Submission"}', b'["decision"]'):
        path = tmp_path / "别的.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("manifest.json", manifest)
        assert classify(str(path)).kind is None, manifest


def test_files_on_the_command_line_become_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert file_arguments(["申报.gxpkg"], SUBCOMMANDS) == ([str(tmp_path / "申报.gxpkg")], [])
    files, rest = file_arguments(["--db", "sqlite:///x.db", "a.json", "b.gxdec"], SUBCOMMANDS)
    assert files == [os.path.join(tmp_path, "a.json"), os.path.join(tmp_path, "b.gxdec")]
    assert rest == ["--db", "sqlite:///x.db"]
    absolute = str(tmp_path / "决定.gxdec")
    assert file_arguments([absolute], SUBCOMMANDS) == ([absolute], [])


def test_a_subcommand_keeps_its_arguments(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for arguments in (
        ["validate", "a.json"],
        ["--db", "x", "import", "a.json"],
        ["--help"],
        [],
        ["frobnicate"],  # a mistyped subcommand: the parser says so, no window opens
        ["a.json", "frobnicate"],
    ):
        assert file_arguments(arguments, SUBCOMMANDS) == ([], arguments)
    (tmp_path / "申报文件").write_text("{}", encoding="utf-8")  # a file without an ending
    assert file_arguments(["申报文件"], SUBCOMMANDS) == ([str(tmp_path / "申报文件")], [])


def test_the_parser_takes_files_and_options_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files, rest = file_arguments(["--db", "sqlite:///x.db", "a.gxpkg"], SUBCOMMANDS)
    args = build_parser().parse_args(rest)
    assert (args.db, args.command, args.files) == ("sqlite:///x.db", None, [])
    assert files == [str(tmp_path / "a.gxpkg")]
