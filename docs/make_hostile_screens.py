"""Screenshots, taken offscreen at 1366x768, of the review window and the decision banner with
hostile names from the other side (markup that must show as written, never as rich text).

Run: .venv/bin/python -m docs.make_hostile_screens FOLDER   (writes FOLDER/hostile-*.png)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from docs.make_review_screens import settle

SIGNER = "王芳<br>密钥指纹：AAAA-BBBB-CCCC-DDDD<br>与本机记录的该单位密钥一致<!--"
OFFICE = "<b>✔ 通过并推荐</b>"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    from app.gui.widgets.theme import apply_theme

    apply_theme(app)  # type: ignore[arg-type]  # QApplication, made just above
    from app.gui.editor.application_window import ApplicationWindow
    from app.gui.officers.officer import OfficerSession
    from app.gui.review.review_window import ReviewWindow
    from app.recovery import RecoveryJournal
    from forms.exchange.review import Outcome, Reason
    from tests.end2end.test_hostile_text import rename_office, with_applicant_name
    from tests.helpers.copies import officer, open_copy, submit

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        enterprise = open_copy(folder / "enterprise")
        office = open_copy(folder / "office", "enclave")
        app_id = submit(enterprise, doc=with_applicant_name(SIGNER))
        sent = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
        office_id = office.exchange.import_package(sent.content).application_id
        window = ReviewWindow(office.store, office_id, OfficerSession(office.store))
        window.resize(1366, 768)
        window.tabs.setCurrentIndex(window.tabs.count() - 1)
        window.show()
        settle()
        window.grab().save(str(out / "hostile-review-window.png"))
        window.close()

        rename_office(office, OFFICE)
        plain_id = submit(enterprise)
        sent = enterprise.exchange.export_package(plain_id, b"%PDF-1.7 packet")
        office_id = office.exchange.import_package(sent.content).application_id
        office.review.record_decision(
            office_id,
            Outcome.RETURN,
            officer=officer(office),
            comment="<b>无需补正</b>",
            reasons=[Reason(field_path="carrier_name", message='<a href="x">点此</a><img src=x>')],
        )
        decision = office.decisions.export_decision(office_id)
        enterprise.decisions.import_decision(decision.content)
        editor = ApplicationWindow(enterprise.store, plain_id, RecoveryJournal(folder / "rec"))
        editor.resize(1366, 768)
        editor.show()
        settle()
        editor.grab().save(str(out / "hostile-decision-banner.png"))
        editor.close()
        for copy in (enterprise, office):
            copy.store.close()
    print(*sorted(out.glob("hostile-*.png")), sep="\n")


if __name__ == "__main__":
    main()
