"""打印预览: the packet of one application, shown page by page, saved as PDF or printed.

The generic ``PdfPreview`` builds, shows, saves and prints; this adds what is particular to a
packet: the 附上附件 toggle (which rebuilds), the 草稿 banner and the fingerprint in the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from app.gui.widgets.background import Progress
from app.gui.widgets.pdf_preview import PdfPreview
from app.packets import packet_file_name, packet_for
from db.repository import Store
from forms.packet import Packet, PacketOptions, render_packet


class PacketPreview(PdfPreview):
    """Preview of one application's packet with 保存为PDF and 打印."""

    failure_note = "申报内容没有受到影响。"

    def __init__(self, store: Store, application_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            "申报材料",
            lambda progress: self._make_work()(progress)[1],
            "申报材料.pdf",
            store=store,
            start=False,
        )
        self.setWindowTitle("打印预览")
        self.application_id = application_id
        self.packet: Packet | None = None
        self.attach = QCheckBox("附上图片和 PDF 附件", self)
        self.attach.setToolTip(
            "把图片和 PDF 附件按附件清单的顺序附在材料后面，每页同样印有页码和指纹"
        )
        self.attach.toggled.connect(self.rebuild)
        self.buttons.insertWidget(0, self.attach)
        self.rebuild()

    def _make_work(self) -> Callable[[Progress], tuple[Packet, bytes]]:
        options = PacketOptions(append_attachments=self.attach.isChecked())
        store, application_id = self.store, self.application_id
        assert store is not None

        def work(progress: Progress) -> tuple[Packet, bytes]:
            packet = packet_for(store, application_id)
            return packet, render_packet(packet, options, progress=progress.check)

        return work

    def _accept(self, result: Any) -> bytes:
        self.packet, pdf = result
        self.file_name = packet_file_name(self.packet)
        return bytes(pdf)

    def describe(self) -> str:
        packet, count = self.packet, self.pages.count if self.pages else 0
        assert packet is not None
        self._show_banner(packet)
        return (
            f"{packet.definition.title}：{packet.definition.title_of(packet.form)}　"
            f"申报编号 {packet.number or '（未编号）'}　共 {count} 页　"
            f"材料指纹 {packet.short_fingerprint}"
        )

    def _show_banner(self, packet: Packet) -> None:
        if packet.is_draft:
            self.banner.setText(
                "草稿：这份申请还有未通过的必须项或未填写的必填项，每页都印有“草稿”，"
                "不能作为正式申报材料。请按“政策条款自查”改正后重新打印。"
            )
            self.banner.setProperty("level", "error")
        else:
            self.banner.setText("全部必须符合的条款均已符合，可以打印正式申报材料。")
            self.banner.setProperty("level", "ok")
        self.banner.style().polish(self.banner)
        self.banner.show()
