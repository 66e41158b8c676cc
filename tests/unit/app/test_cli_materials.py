"""`gxapply schema` prints each form's materials; `gxapply validate` reports a missing one."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from forms import get_form
from tests.helpers.examples import KINDS, example_json

pytestmark = pytest.mark.usefixtures("private_home")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_prints_the_materials(capsys, kind):
    assert main(["schema", kind]) == 0
    materials = json.loads(capsys.readouterr().out)["x-materials"]
    assert [m["id"] for m in materials] == [m.id for m in get_form(kind).materials]
    licence = materials[0]
    assert licence["name"] == "营业执照或法人证书" and licence["sealed"] is True
    assert licence["basis"]["article"] == f"填报要求：{licence['basis']['reason']}"
    assert {"when", "types", "min_files", "max_files", "required"} <= set(licence)


def test_schema_shows_when_and_the_article(capsys):
    assert main(["schema", "incubator"]) == 0
    materials = {m["id"]: m for m in json.loads(capsys.readouterr().out)["x-materials"]}
    evaluation = materials["evaluation"]
    assert evaluation["when"] == {"request_type": ["excellent"]}
    assert evaluation["basis"]["article"] == "《若干措施》第（十）条"
    assert "优秀" in evaluation["basis"]["quote"]


def test_validate_reports_a_missing_material(tmp_path, capsys):
    doc = example_json("rd_subsidy")
    doc["attachments"] = [a for a in doc["attachments"] if a["material"] != "task_book"]
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", "--no-store", str(path)]) == 1
    out = capsys.readouterr().out
    assert "材料齐全：国家项目任务书或立项文件" in out
    assert "缺少「国家项目任务书或立项文件」" in out and "《若干措施》第（五）条" in out
    assert "结论：不能提交" in out
