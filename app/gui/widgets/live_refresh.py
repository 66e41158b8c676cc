"""On a shared server store, the main window's note of whether this desktop hears the other
officers' changes (db/live.py) — while it does, the queue and open windows refresh by themselves;
while the connection is lost, the officer is told that they do not, and that they will again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStatusBar

from app.gui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from db.repository import Store

CONNECTING = "实时更新：正在连接服务器…"
LISTENING = "实时更新：已连接"
LISTENING_TIP = (
    "其他审核人员导入申报包、作出审核决定或修改账号后，本机的审核队列、统计和已打开的窗口会自动刷新"
)
LOST = "实时更新已中断，正在重新连接…"
LOST_TIP = (
    "与数据库服务器的连接中断，其他审核人员的操作暂时不会自动显示在本机。"
    "程序会自动重新连接，连接恢复后全部内容会自动刷新；保存和审核仍按原样进行，"
    "如服务器无法连接，保存时会提示"
)


class LiveRefreshNote(PlainLabel):
    """The status bar's note; ``state`` may be emitted from the listener's thread."""

    state = Signal(bool)

    def __init__(self) -> None:
        super().__init__(CONNECTING)
        self.setObjectName("liveRefresh")
        # as wide as its longest text from the start: the status bar does not widen it later
        # (the text was cut to 「实时更新已中断，」), and the note does not jump as it changes
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(text) for text in (CONNECTING, LISTENING, LOST))
        self.setMinimumWidth(widest + metrics.averageCharWidth())
        self.state.connect(self.show_state)  # queued to the GUI thread when emitted elsewhere

    def show_state(self, listening: bool) -> None:
        self.setText(LISTENING if listening else LOST)
        self.setToolTip(LISTENING_TIP if listening else LOST_TIP)
        self.setStyleSheet("" if listening else "color: #b45309;")


def start_live_refresh(store: Store, status_bar: QStatusBar) -> LiveRefreshNote | None:
    """Hear the other desktops' changes of a server store, with the note in ``status_bar``;
    None (and nothing started) for a SQLite store, which only this desktop writes."""
    if store.read_only:
        return None
    note = LiveRefreshNote()
    if not store.listen_to_others(on_state=note.state.emit):
        note.deleteLater()
        return None
    status_bar.addPermanentWidget(note)
    return note
