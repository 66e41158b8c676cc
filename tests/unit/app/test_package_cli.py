"""The package commands: an enterprise exports, an office imports, a decision comes back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from db.decisions import Decisions
from db.repository import Store
from db.review import Review
from db.this_copy import OWN_APPLICANT_SETTING
from forms.applicant import ApplicantProfile
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, officer
from tests.helpers.databases import store_url_in
from tests.helpers.examples import example_json

ROOT = Path(__file__).resolve().parents[3]


pytestmark = pytest.mark.usefixtures("private_home")


def url(tmp_path: Path, name: str) -> str:
    return store_url_in(tmp_path / name)


def imported(tmp_path: Path, enterprise: str) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(example_json("incubator"), ensure_ascii=False), encoding="utf-8")
    assert main(["--db", enterprise, "import", str(path)]) == 0


def test_export_import_and_decision_from_the_command_line(tmp_path, capsys):
    enterprise, office = url(tmp_path, "enterprise"), url(tmp_path, "office")
    imported(tmp_path, enterprise)
    out = tmp_path / "out"
    out.mkdir()

    assert main(["--db", enterprise, "package", "export", "GX20260000001", "-o", str(out)]) == 2
    assert "请先「检查并标记为待提交」" in capsys.readouterr().err
    store = Store.open(enterprise)
    store.change_status(1, Status.READY)
    assert main(["--db", enterprise, "package", "export", "1", "-o", str(out)]) == 0
    assert "第1版" in capsys.readouterr().out
    [package] = out.glob("*.gxpkg")
    assert store.load(1).status is Status.SUBMITTED

    assert main(["--db", office, "package", "import", str(package)]) == 0
    printed = capsys.readouterr().out
    assert "已接收：" in printed and "签名有效" in printed and "请与对方核对" in printed
    assert main(["--db", office, "package", "import", str(package)]) == 0
    assert "已导入过" in capsys.readouterr().out

    # the office returns it (in the GUI); the enterprise imports the decision
    desk = Store.open(office)
    profile = ApplicantProfile.model_validate(example_json("enclave")["applicant"])
    desk.set_setting(OWN_APPLICANT_SETTING, str(desk.save_applicant(profile)))

    Review(desk).record_decision(
        1,
        Outcome.RETURN,
        officer=officer(Copy(desk)),
        reasons=[Reason(field_path="carrier_name", message="名称与批复不一致")],
    )
    decision = tmp_path / "d.gxdec"
    decision.write_bytes(Decisions(desk).export_decision(1).content)
    assert main(["--db", enterprise, "decision", "import", str(decision)]) == 0
    printed = capsys.readouterr().out
    assert "状态已改为“退回补正”" in printed and "孵化载体名称：名称与批复不一致" in printed
    assert store.load(1).status is Status.RETURNED


def test_refused_packages_exit_2_with_the_reason(tmp_path, capsys):
    office = url(tmp_path, "office")
    bad = tmp_path / "bad.gxpkg"
    bad.write_bytes(b"not a zip at all")
    missing = tmp_path / "missing.gxpkg"
    assert main(["--db", office, "package", "import", str(bad), str(missing)]) == 2
    err = capsys.readouterr().err
    assert "已拒收，未做任何更改：申报包 bad.gxpkg 不是 zip 格式的文件" in err
    assert "无法打开申报包 missing.gxpkg：文件不存在" in err
    assert main(["--db", office, "decision", "import", str(bad)]) == 2
    assert "审核决定包 bad.gxpkg 不是 zip 格式" in capsys.readouterr().err


def test_the_key_fingerprint_is_shown(tmp_path, capsys):
    assert main(["--db", url(tmp_path, "office"), "package", "key"]) == 0
    first = capsys.readouterr().out
    assert main(["--db", url(tmp_path, "office"), "package", "key"]) == 0
    assert capsys.readouterr().out == first and "本机签名密钥指纹：" in first


def test_packages_need_no_qt_and_the_parser_stays_light():
    code = (
        "import sys, app.exchange_cli;"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'pydantic', 'cryptography', 'db', 'forms')];"
        "import db.exchange, db.review, db.decisions, db.accounts, forms.exchange.submission;"
        "qt = [m for m in sys.modules if m.startswith('PySide6')];"
        "sys.exit(1 if heavy or qt else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
