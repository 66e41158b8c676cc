"""Screenshots of the review loop for the README, taken offscreen from two real copies of the app.

An enterprise sends five applications to 南宁高新区; the office imports them, ticks a check,
returns one with reasons and recommends two; the enterprise imports the return.

Run: .venv/bin/python -m docs.make_review_screens   (writes docs/screens/review-*.png)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(__file__).parent / "screens"


def settle(ms: int = 300) -> None:
    """Let queued work and repaints happen (charts redraw after a resize)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    settle()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from app.gui.widgets.theme import apply_theme

    apply_theme(app)  # type: ignore[arg-type]  # QApplication, made just above
    from app.gui.editor.application_window import ApplicationWindow
    from app.gui.main_window import MainWindow
    from app.recovery import RecoveryJournal
    from app.settings import Mode, write_mode
    from forms.exchange.review import Outcome, Reason
    from tests.helpers.copies import officer, open_copy, submit

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        enterprise = open_copy(folder / "enterprise", "incubator")
        office = open_copy(folder / "office", "enclave")
        write_mode(office.store, Mode.PARK_OFFICE)
        write_mode(enterprise.store, Mode.ENTERPRISE)
        sent: dict[int, int] = {}
        for _ in range(5):
            app_id = submit(enterprise, "incubator")
            exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
            received = office.exchange.import_package(exported.content, exported.file_name)
            sent[received.application_id] = app_id
        clerk = officer(office)
        ids = list(sent)
        office.review.set_manual_check(ids[0], "incubator.authenticity", True, officer=clerk)
        office.review.record_decision(
            ids[0],
            Outcome.RETURN,
            officer=clerk,
            comment="请核减申请金额并补充场地租赁合同后重新提交。",
            reasons=[
                Reason(field_path="requested_amount", message="申请金额与预算表合计不符，请核减"),
                Reason(field_path="applicant.contact_phone", message="联系电话无法接通"),
            ],
        )
        for office_id in ids[1:3]:
            office.review.record_decision(office_id, Outcome.RECOMMEND, officer=clerk)
        decision = office.decisions.export_decision(ids[0])
        enterprise.decisions.import_decision(decision.content, decision.file_name)

        window = MainWindow(office.store, RecoveryJournal(folder / "r1"))
        window.officers.adopt(clerk)
        window.resize(1280, 720)
        shoot(window, "review-queue")
        window.nav.setCurrentRow(window.nav.count() - 1)
        shoot(window, "review-dashboard")
        review = window.review_page.open_application(ids[3])
        review.resize(1320, 860)
        shoot(review, "review-window")
        review.decide(("field", "requested_amount"))
        dialog = review.decision_dialog
        assert dialog is not None
        dialog.message_edit.insert("申请金额超过孵化面积对应的上限，请核减")
        dialog.add_reason()
        dialog.comment.insertPlainText("请按意见补正后重新提交。")
        shoot(dialog, "review-decision")
        dialog.reject()

        firm = ApplicationWindow(
            enterprise.store, sent[ids[0]], RecoveryJournal(folder / "r2"), None
        )
        firm.resize(1320, 860)
        shoot(firm, "review-returned")
        for store in (office.store, enterprise.store):
            store.close()
    del app


if __name__ == "__main__":
    main()
