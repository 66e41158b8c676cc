"""数据检查: is the store whole? SQLite's own integrity and foreign-key checks, every stored
attachment against its SHA-256, and every application's content readable — as a Chinese report
that says what is wrong and what to do."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text

from db.repository import Store

RESTORE = "请在“文件 › 备份与恢复”中从最近的备份恢复"
# What each table holds, for a report a clerk reads.
TABLE_LABELS = {
    "applicants": "申报主体",
    "applications": "申报",
    "application_contents": "申报内容",
    "attachments": "附件",
    "search_terms": "搜索索引",
    "audit_events": "操作记录",
    "settings": "设置",
    "exchanged_packages": "申报包记录",
    "application_revisions": "历史版本",
    "revision_attachments": "历史版本的附件",
    "known_keys": "已记录的密钥",
    "review_decisions": "审核决定",
    "accounts": "审核人账号",
    "manual_checks": "人工核实记录",
    "office_pins": "已记录的园区",
    "sign_in_failures": "登录失败记录",
}


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        lines = ["数据检查报告", ""]
        lines += [f"已检查：{item}" for item in self.checked]
        lines.append("")
        if self.ok:
            lines.append("结论：未发现问题，数据完好。")
        else:
            lines.append(f"结论：发现 {len(self.problems)} 个问题：")
            lines += [f"· {p}" for p in self.problems]
        return "\n".join(lines) + "\n"


def check_store(store: Store, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    report = CheckReport()
    steps = (_integrity, _foreign_keys, _contents, _attachments)
    for done, step in enumerate(steps):
        if progress is not None:
            progress(done, len(steps))
        step(store, report)
    if progress is not None:
        progress(len(steps), len(steps))
    return report


def _integrity(store: Store, report: CheckReport) -> None:
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as connection:
        rows = connection.execute(text("PRAGMA integrity_check(20)")).scalars().all()
    report.checked.append("数据库文件的完整性")
    if rows != ["ok"]:
        report.problems.append(
            f"数据库文件已损坏（SQLite 完整性检查发现 {len(rows)} 处问题）。{RESTORE}；如无备份，请先用"
            "“立即备份”保存现状，再联系技术支持"
        )


def _foreign_keys(store: Store, report: CheckReport) -> None:
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as connection:
        rows = connection.execute(text("PRAGMA foreign_key_check")).all()
    report.checked.append("各表之间的关联")
    if rows:
        tables = "、".join(sorted({TABLE_LABELS.get(str(r[0]), "其他") for r in rows}))
        report.problems.append(f"{len(rows)} 条记录失去了关联（{tables}）。{RESTORE}")


def _contents(store: Store, report: CheckReport) -> None:
    query = text(
        "SELECT a.number, a.title, c.data, c.applicant FROM applications a "
        "JOIN application_contents c ON c.application_id = a.id"
    )
    count = 0
    with store.engine.connect() as connection:
        for number, title, data, applicant in connection.execute(query).yield_per(500):
            count += 1
            for raw in (data, applicant):
                if isinstance(raw, str | bytes):
                    try:
                        json.loads(raw)
                    except ValueError:
                        report.problems.append(
                            f"申报 {number or '（未编号）'}“{title}”的内容已损坏，无法打开。{RESTORE}"
                        )
                        break
    report.checked.append(f"{count} 份申报的内容")


def _attachments(store: Store, report: CheckReport) -> None:
    count = 0
    with store.engine.connect() as connection:
        for table, owner in (
            (
                "attachments",
                "a.number FROM attachments t JOIN applications a ON a.id = t.application_id",
            ),
            (
                "revision_attachments",
                "a.number FROM revision_attachments t "
                "JOIN application_revisions r ON r.id = t.revision_id "
                "JOIN applications a ON a.id = r.application_id",
            ),
        ):
            rows = connection.execute(text(f"SELECT t.name, t.sha256, t.content, {owner}"))
            for name, sha256, content, number in rows.yield_per(50):
                count += 1
                if hashlib.sha256(content or b"").hexdigest() != sha256:
                    where = "历史版本的附件" if table == "revision_attachments" else "附件"
                    report.problems.append(
                        f"申报 {number or '（未编号）'} 的{where}“{name}”已损坏（校验值不符）。"
                        "请删除后重新添加原文件，或从备份恢复"
                    )
    report.checked.append(f"{count} 个附件的校验值（SHA-256）")
