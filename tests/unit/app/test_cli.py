"""The command line: validate, schema, export and import, as an officer would run them."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from app.cli import main
from db.repository import Store
from forms import get_form
from tests.helpers.examples import KINDS, example_json, json_file

pytestmark = pytest.mark.usefixtures("private_home")


@pytest.mark.parametrize("kind", KINDS)
def test_validate_example_passes(tmp_path, capsys, kind):
    assert main(["validate", json_file(tmp_path, example_json(kind))]) == 0
    out = capsys.readouterr().out
    assert "结论：可以提交" in out and "《" in out and "政策参数目录：2024-再次征求意见稿" in out


def test_validate_failing_rule_exits_1(tmp_path, capsys):
    doc = example_json("incubator")
    doc["data"]["requested_amount"] = "150"
    assert main(["validate", json_file(tmp_path, doc)]) == 1
    out = capsys.readouterr().out
    assert "✗ 不符合" in out and "超过上限 100 万元" in out and "结论：不能提交" in out


def test_validate_json_output(tmp_path, capsys):
    assert (
        main(["validate", "--json", "--no-store", json_file(tmp_path, example_json("incubator"))])
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload[0]["can_submit"] is True
    assert {"rule", "article", "requirement", "verdict", "observed"} <= set(
        payload[0]["results"][0]
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "gxapply.application",', "JSON 格式错误：第 1 行"),
        ("[1, 2]", "应为一个 JSON 对象"),
        ({"format": "other"}, "不是本软件导出的申报文件"),
        ({"format": "gxapply.application", "format_version": 9}, "只能读取第 1、2、3 版"),
        ({"format": "gxapply.application", "format_version": 1, "kind": "x"}, "不是已知的申报类别"),
        ('{"a": NaN}', "非法数值"),
    ],
)
def test_validate_unreadable_files_exit_2(tmp_path, capsys, content, expected):
    assert main(["validate", json_file(tmp_path, content)]) == 2
    assert expected in capsys.readouterr().err


def test_validate_wrong_types_name_each_field(tmp_path, capsys):
    doc = example_json("incubator")
    doc["data"] |= {"tenant_count": "许多", "requested_amount": -5, "certified_on": "昨天"}
    doc["applicant"]["uscc"] = "91450100MA5K000000"
    assert main(["validate", json_file(tmp_path, doc)]) == 2
    err = capsys.readouterr().err
    assert "「在孵企业数」应为整数" in err
    assert "「申请后补助金额」不能小于 0" in err
    assert "「认定日期」应为日期" in err
    assert "「申报主体·统一社会信用代码」第18位校验码应为" in err


def test_binary_file_is_refused(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert main(["validate", str(path)]) == 2
    assert "不是 UTF-8 编码" in capsys.readouterr().err


def test_schema_prints_labels_units_and_rules(capsys):
    assert main(["schema", "incubator"]) == 0
    schema = json.loads(capsys.readouterr().out)
    amount = schema["properties"]["requested_amount"]
    assert amount["title"] == "申请后补助金额" and amount["unit"] == "万元"
    assert schema["x-sections"][0]["title"] == "申请事项"
    assert any(r["id"] == "incubator.cap.national" for r in schema["x-rules"])
    assert main(["schema", "nope"]) == 2
    assert "没有“nope”这类申报表" in capsys.readouterr().err


def test_import_then_export_round_trips(tmp_path, capsys):
    doc = example_json("incubator")
    doc["attachments"] = [
        {"name": "认定文件.pdf", "content_base64": base64.b64encode(b"%PDF-1.4").decode()}
    ]
    assert main(["import", json_file(tmp_path, doc)]) == 0
    assert "已导入：GX" in capsys.readouterr().out
    out = tmp_path / "out.json"
    assert main(["export", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    model = get_form("incubator").model
    assert model.model_validate(exported["data"]) == model.model_validate(doc["data"])
    assert exported["attachments"][0]["name"] == "认定文件.pdf"
    assert main(["import", str(out)]) == 0
    store = Store.open()
    first, second = store.application_ids()
    assert store.load(first).form == store.load(second).form
    assert store.export_document(second).attachments[0].content == b"%PDF-1.4"


def test_a_version_1_file_imports_and_exports_as_version_2(tmp_path, capsys):
    """A file written by release 0.1.0 (choices as labels) imports; export writes codes."""
    legacy = Path(__file__).parents[2] / "data" / "legacy" / "json_v1" / "rd_subsidy.json"
    assert json.loads(legacy.read_text(encoding="utf-8"))["data"]["category"] == (
        "国家科技重大专项/重点研发计划配套资助"
    )
    assert main(["import", str(legacy)]) == 0
    out = tmp_path / "out.json"
    assert main(["export", "--status", "草稿", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["format_version"] == 3 and exported["status"] == "draft"
    assert exported["data"]["category"] == "matching"
    assert exported["applicant"]["org_type"] == "enterprise"
    with pytest.raises(SystemExit):
        main(["export", "--status", "无此状态", "-o", str(out)])
    assert "可选：草稿、待提交" in capsys.readouterr().err


def test_bad_collection_imports_nothing(tmp_path, capsys):
    good = example_json("incubator")
    bad = example_json("incubator")
    bad["data"]["requested_amount"] = "一百"
    collection = {
        "format": "gxapply.applications",
        "format_version": 1,
        "applications": [good, bad],
    }
    assert main(["import", json_file(tmp_path, collection)]) == 2
    err = capsys.readouterr().err
    assert "第2份申报·申请后补助金额" in err and "未做任何更改" in err
    assert Store.open().application_ids() == []


def test_tampered_attachment_is_refused(tmp_path, capsys):
    doc = example_json("incubator")
    doc["attachments"] = [
        {"name": "a.pdf", "content_base64": base64.b64encode(b"abc").decode(), "sha256": "0" * 64}
    ]
    assert main(["import", json_file(tmp_path, doc)]) == 2
    assert "校验值不符" in capsys.readouterr().err


def test_unknown_command_is_explained_in_chinese(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "参数错误" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: str(p), "这是一个文件夹"),
        (lambda p: str(p / "nope.json"), "文件不存在"),
        (
            lambda p: json_file(
                p, {"format": "gxapply.application", "format_version": 1, "kind": ["x"]}
            ),
            "不是已知的申报类别",
        ),
        (lambda p: json_file(p, "[" * 100000 + "]" * 100000), "嵌套层数过多"),
    ],
)
def test_odd_files_get_a_chinese_message_not_a_traceback(tmp_path, capsys, make, expected):
    assert main(["validate", "--no-store", make(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


@pytest.mark.sqlite_only(reason="a file that is not a SQLite database")
def test_a_store_that_is_not_a_database(tmp_path, capsys):
    bogus = tmp_path / "not-a-db.sqlite3"
    bogus.write_bytes(b"this is not sqlite" * 100)
    assert (
        main(
            ["--db", f"sqlite:///{bogus}", "import", json_file(tmp_path, example_json("incubator"))]
        )
        == 2
    )
    assert "不是本程序的数据文件" in capsys.readouterr().err
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_a_database_without_its_driver(tmp_path, capsys):
    url = "postgresql+pg8000://u:p@localhost/x"
    assert main(["--db", url, "import", json_file(tmp_path, example_json("incubator"))]) == 2
    assert "缺少对应的驱动程序" in capsys.readouterr().err


def test_export_of_unknown_kind_is_refused(tmp_path, capsys):
    assert main(["export", "--kind", "bogus", "-o", str(tmp_path / "x.json")]) == 2
    assert "没有“bogus”这类申报表" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_attachment_without_content_or_wrong_size_is_refused(tmp_path, capsys):
    doc = example_json("incubator")
    doc["attachments"] = [{"name": "a.pdf"}]
    assert main(["import", json_file(tmp_path, doc)]) == 2
    assert "缺少文件内容" in capsys.readouterr().err
    doc["attachments"] = [
        {"name": "a.pdf", "size": 10, "content_base64": base64.b64encode(b"abc").decode()}
    ]
    assert main(["import", json_file(tmp_path, doc)]) == 2
    assert "大小与记录不符" in capsys.readouterr().err


def test_validating_an_export_does_not_count_its_own_stored_copy(tmp_path, capsys):
    doc = example_json("rd_subsidy")
    assert main(["import", json_file(tmp_path, doc)]) == 0
    store = Store.open()
    (app_id,) = store.application_ids()
    from forms.core.workflow import Status

    store.change_status(app_id, Status.READY)
    out = tmp_path / "export.json"
    assert main(["export", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0, capsys.readouterr().out


def test_two_claims_in_one_file_are_checked_together(tmp_path, capsys):
    first = example_json("rd_subsidy")
    second = example_json("rd_subsidy")
    for doc, number in ((first, "2025YFA1"), (second, "2025YFA2")):
        doc["data"] |= {
            "project_number": number,
            "national_funds_approved": "900",
            "national_funds": "600",
            "requested_amount": "600",
        }
    collection = {
        "format": "gxapply.applications",
        "format_version": 1,
        "applications": [first, second],
    }
    assert main(["validate", "--no-store", json_file(tmp_path, collection)]) == 1
    assert "1,200" in capsys.readouterr().out


# --- gxapply pdf -------------------------------------------------------------------------------


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(path).pages]


def test_pdf_from_a_json_file(tmp_path, capsys):
    out = tmp_path / "材料.pdf"
    assert main(["pdf", json_file(tmp_path, example_json("new_track")), "-o", str(out)]) == 0
    pages = _pages(out)
    assert "诚信承诺书" in "".join(pages) and "草稿" not in "".join(pages)
    assert "已生成" in capsys.readouterr().out


def test_pdf_of_a_stored_application_by_number_or_id(tmp_path, capsys):
    main(["import", json_file(tmp_path, example_json("incubator"))])
    store = Store.open()
    number = store.load(1).number
    store.close()
    assert main(["pdf", number, "-o", str(tmp_path / "a.pdf")]) == 0
    assert main(["pdf", "1", "-o", str(tmp_path / "b.pdf")]) == 0
    assert number in _pages(tmp_path / "a.pdf")[0].replace(" ", "")
    assert main(["pdf", "GX404", "-o", str(tmp_path / "c.pdf")]) == 2
    assert "没有申报编号或内部编号为“GX404”" in capsys.readouterr().err
    assert not (tmp_path / "c.pdf").exists()


def test_pdf_of_a_failing_application_is_a_draft_and_exits_1(tmp_path, capsys):
    doc = example_json("incubator")
    doc["data"]["requested_amount"] = "150"
    out = tmp_path / "x.pdf"
    assert main(["pdf", json_file(tmp_path, doc), "-o", str(out)]) == 1
    assert all("草稿" in page for page in _pages(out))
    assert "已按草稿打印" in capsys.readouterr().err


def test_pdf_several_into_one_file_or_one_each(tmp_path):
    files = [json_file(tmp_path, example_json(k), f"{k}.json") for k in KINDS]
    assert main(["pdf", *files, "-o", str(tmp_path / "all.pdf")]) == 0
    assert "".join(_pages(tmp_path / "all.pdf")).count("诚信承诺书") >= len(KINDS)
    assert main(["pdf", *files, "--each", "-o", str(tmp_path / "each")]) == 0
    assert len(list((tmp_path / "each").glob("*.pdf"))) == len(KINDS)


def test_pdf_to_a_folder_that_does_not_exist_says_so(tmp_path, capsys):
    target = tmp_path / "没有" / "x.pdf"
    assert main(["pdf", json_file(tmp_path, example_json("enclave")), "-o", str(target)]) == 2
    assert "无法写入" in capsys.readouterr().err
