"""The review queue as an Excel workbook, read back with openpyxl: values, real numbers and dates,
text that stays text, and a file written whole or not at all."""

from __future__ import annotations

import errno
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.files import FILE_IN_USE
from app.queue_export import QUEUE_SHEET, SUMMARY_SHEET, ExportError, export_queue_xlsx
from app.table_xlsx import MAX_WIDTH, text_width
from db.listing import SortKey, review_query
from forms.core.workflow import Status
from forms.exchange.review import Outcome
from forms.packet import PacketCancelled
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.scenarios import receive

HEADER = [
    "申报编号",
    "申报单位",
    "统一社会信用代码",
    "申报类别",
    "项目名称",
    "申请金额（万元）",
    "状态",
    "版次",
    "收到时间",
    "最近审核决定",
    "审核人",
    "审核日期",
]


@pytest.fixture
def office(tmp_path: Path) -> Copy:
    return open_copy(tmp_path / "office", "enclave")  # 南宁: signs its decisions


def rows_of(path: Path, sheet: str = QUEUE_SHEET) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def local(utc: datetime) -> datetime:
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def test_the_queue_sheet_has_one_row_per_received_application(office, tmp_path):
    rejected = receive(office, "incubator", received_at=datetime(2026, 3, 1, 2, 30))
    receive(office, "enclave", received_at=datetime(2026, 3, 2, 2))  # gives no amount
    submit(office, "incubator")  # filled in here: not the office's to report
    office.review.record_decision(
        rejected,
        Outcome.REJECT,
        officer=officer(office),
        comment="不符合",
        decided_on=date(2026, 3, 6),
    )
    target = tmp_path / "队列.xlsx"
    written = export_queue_xlsx(
        office.store, target, review_query(sort=SortKey.RECEIVED, descending=False)
    )
    assert written == 2
    header, first, second = rows_of(target)
    assert list(header) == HEADER
    number = office.store.load(rejected).number
    assert first[:8] == (
        number,
        example_document("incubator").applicant.name,  # type: ignore[attr-defined]
        example_document("incubator").applicant.uscc,  # type: ignore[attr-defined]
        "科技企业孵化器认定/后补助申请表",
        example_document("incubator").definition.title_of(example_document("incubator").form),
        100,
        "不予推荐",
        1,
    )
    assert first[8] == local(datetime(2026, 3, 1, 2, 30))
    assert first[9:] == ("不予推荐", "王芳（wangfang）", datetime(2026, 3, 6))
    assert second[3] == "飞地登记表" and second[5] is None and second[9:] == (None, None, None)
    assert not (tmp_path / "队列.xlsx.part").exists()


def test_amounts_and_dates_are_numbers_and_dates_with_formats(office, tmp_path):
    app_id = receive(office, "incubator", amount=Decimal("12.3456"))
    office.review.record_decision(
        app_id, Outcome.RECOMMEND, officer=officer(office), decided_on=date(2026, 3, 6)
    )
    target = tmp_path / "q.xlsx"
    export_queue_xlsx(office.store, target)
    sheet = load_workbook(target)[QUEUE_SHEET]
    amount, revision, received, decided = sheet["F2"], sheet["H2"], sheet["I2"], sheet["L2"]
    assert amount.data_type == "n" and amount.value == pytest.approx(12.3456)
    assert amount.number_format == "#,##0.00##"
    assert revision.data_type == "n" and revision.value == 1
    assert received.is_date and received.number_format == "yyyy-mm-dd hh:mm"
    assert decided.is_date and decided.number_format == "yyyy-mm-dd"
    # text stays text (the fixed formats apply to numbers and dates only)
    assert sheet["A2"].data_type == "s" and sheet["G2"].value == "已推荐"


def test_the_header_is_frozen_filtered_and_columns_fit_chinese_text(office, tmp_path):
    receive(office)
    receive(office, "incubator", title="很长的项目名称" * 12)  # 84 Chinese characters
    target = tmp_path / "q.xlsx"
    export_queue_xlsx(office.store, target)
    sheet = load_workbook(target)[QUEUE_SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L3"
    assert all(sheet.cell(1, i).font.bold for i in range(1, 13))
    widths = {t: sheet.column_dimensions[chr(ord("A") + i)].width for i, t in enumerate(HEADER)}
    # a Chinese character takes two width units: each header fits beside its filter button
    assert all(widths[t] >= text_width(t) + 4 for t in HEADER)
    kind = "科技企业孵化器认定/后补助申请表"
    assert widths["申报类别"] == text_width(kind) + 2 == 33
    applicant = example_document("incubator").applicant.name  # type: ignore[attr-defined]
    assert widths["申报单位"] == text_width(applicant) + 2
    assert widths["项目名称"] == MAX_WIDTH  # the long title is cut at the edge, not the sheet
    assert text_width("GX2026") == 6 and text_width("孵化器") == 6


def test_text_from_enterprises_is_never_a_formula(office, tmp_path):
    receive(office, "incubator", title='=HYPERLINK("http://evil.example","点此")')
    receive(office, "incubator", title="+86 771 000", applicant_name="@SUM(A1)公司")
    receive(office, "incubator", title="-1+2", applicant_name="#N/A")
    receive(office, "incubator", title="孵化器（普通名称）")
    target = tmp_path / "q.xlsx"
    export_queue_xlsx(office.store, target, review_query(descending=False))
    sheet = load_workbook(target)[QUEUE_SHEET]
    cells = {sheet.cell(r, 5).value: sheet.cell(r, 5) for r in range(2, 6)}
    for text in ('=HYPERLINK("http://evil.example","点此")', "+86 771 000", "-1+2"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert (
        cells["孵化器（普通名称）"].data_type == "s" and not cells["孵化器（普通名称）"].quotePrefix
    )
    names = {sheet.cell(r, 2).value: sheet.cell(r, 2) for r in range(2, 6)}
    assert names["@SUM(A1)公司"].quotePrefix and names["@SUM(A1)公司"].data_type == "s"
    assert names["#N/A"].data_type == "s"  # not Excel's error value
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet


def test_the_summary_sheet_holds_the_review_summary(office, tmp_path):
    receive(office, "incubator", received_at=datetime(2026, 1, 10, 4))
    receive(office, "incubator", amount=Decimal("20.5"), received_at=datetime(2026, 3, 10, 4))
    receive(office, "enclave", received_at=datetime(2026, 3, 11, 4))
    target = tmp_path / "q.xlsx"
    export_queue_xlsx(office.store, target)
    rows = rows_of(target, SUMMARY_SHEET)
    assert rows[0][0] == "收到的申报汇总" and "申报类别：全部；状态：全部" in rows[1][0]
    tables = {}
    current = None
    for row in rows[4:]:
        if row[0] in ("按申报类别", "按状态", "按收到月份"):
            current = tables.setdefault(row[0], {})
        elif current is not None and row[0] is not None:
            current[row[0]] = row[1:]
    assert tables["按申报类别"]["科技企业孵化器认定/后补助申请表"] == (2, 120.5, 0)
    assert tables["按申报类别"]["飞地登记表"] == (1, 0, 1)
    assert tables["按申报类别"]["合计"] == (3, 120.5, 1)
    assert tables["按状态"]["已提交"] == (3, 120.5, 1)
    assert list(tables["按收到月份"]) == ["2026年01月", "2026年02月", "2026年03月", "合计"]
    assert tables["按收到月份"]["2026年02月"] == (0, 0, 0)


def test_the_query_chooses_the_rows_but_not_the_page(office, tmp_path):
    for _ in range(3):
        receive(office, "incubator")
    receive(office, "enclave")
    progress: list[tuple[int, int]] = []
    target = tmp_path / "q.xlsx"
    written = export_queue_xlsx(
        office.store,
        target,
        review_query(kind="incubator", offset=1, limit=1),
        progress=lambda done, total: progress.append((done, total)),
    )
    assert written == 3 and len(rows_of(target)) == 4
    assert {r[3] for r in rows_of(target)[1:]} == {"科技企业孵化器认定/后补助申请表"}
    assert progress[0] == (0, 3) and progress[-1] == (3, 3)
    assert "申报类别：科技企业孵化器认定/后补助申请表" in rows_of(target, SUMMARY_SHEET)[1][0]
    assert export_queue_xlsx(office.store, target, review_query(status=Status.RECOMMENDED)) == 0
    assert rows_of(target) == [tuple(HEADER)]


def test_a_period_of_local_days_chooses_rows_and_summary(office, tmp_path):
    february = receive(office, "incubator", received_at=datetime(2026, 2, 10, 4))
    receive(office, "incubator", received_at=datetime(2026, 3, 10, 4))
    target = tmp_path / "q.xlsx"
    written = export_queue_xlsx(
        office.store, target, since=date(2026, 2, 1), until=date(2026, 2, 28)
    )
    assert written == 1 and rows_of(target)[1][0] == office.store.load(february).number
    summary = rows_of(target, SUMMARY_SHEET)
    assert "收到日期：2026-02-01 至 2026-02-28" in summary[1][0]
    assert ("合计", 1, 100, 0) in summary
    export_queue_xlsx(office.store, target, since=date(2026, 3, 1))
    assert (
        len(rows_of(target)) == 2
        and "收到日期：2026-03-01 以来" in rows_of(target, SUMMARY_SHEET)[1][0]
    )


# --- written whole or not at all -----------------------------------------------------------------


def test_a_file_open_in_excel_gives_a_clear_message_and_stays_as_it_was(
    office, tmp_path, monkeypatch
):
    receive(office)
    target = tmp_path / "q.xlsx"
    target.write_bytes(b"the workbook the user has open")

    def locked(self, other):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(ExportError) as refused:
        export_queue_xlsx(office.store, target)
    assert FILE_IN_USE in str(refused.value) and str(target) in str(refused.value)
    assert target.read_bytes() == b"the workbook the user has open"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["q.xlsx"]


def test_a_full_disk_leaves_no_xlsx_and_no_part(office, tmp_path, monkeypatch):
    receive(office)
    target = tmp_path / "q.xlsx"
    written = Path.write_bytes

    def full(self, data):
        written(self, data[: len(data) // 2])  # half of it reaches the disk, then it fills
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(ExportError, match="磁盘空间不足") as refused:
        export_queue_xlsx(office.store, target)
    assert FILE_IN_USE not in str(refused.value)
    assert not target.exists() and not (tmp_path / "q.xlsx.part").exists()


def test_an_unwritable_folder_is_not_mistaken_for_a_file_in_use(office, tmp_path, monkeypatch):
    receive(office)

    def denied(self, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", denied)
    with pytest.raises(ExportError, match="没有读取或写入权限") as refused:
        export_queue_xlsx(office.store, tmp_path / "q.xlsx")
    assert FILE_IN_USE not in str(refused.value) and "请换一个文件夹" in str(refused.value)
    assert list(tmp_path.glob("q.xlsx*")) == []


def test_cancelling_writes_nothing(office, tmp_path):
    receive(office)
    with pytest.raises(PacketCancelled):
        export_queue_xlsx(office.store, tmp_path / "q.xlsx", cancelled=lambda: True)
    assert list(tmp_path.glob("q.xlsx*")) == []


def test_an_empty_queue_still_gives_a_workbook(office, tmp_path):
    target = tmp_path / "q.xlsx"
    assert export_queue_xlsx(office.store, target) == 0
    assert rows_of(target) == [tuple(HEADER)]
    assert load_workbook(io.BytesIO(target.read_bytes())).sheetnames == [QUEUE_SHEET, SUMMARY_SHEET]
