"""文件 › 导入高新区名录: take in a newer 高新区名录 file, without a new release of the program."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.gui.widgets import plain
from app.gui.widgets.errors import shows_errors
from forms.core.zones import import_register, load_register


def import_zone_register(parent: QWidget) -> bool:
    """Ask for a register file and import it; says what happened either way."""
    current = load_register()
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "导入高新区名录", str(Path.home()), "高新区名录 (*.toml);;所有文件 (*)"
    )
    if not chosen:
        return False
    with shows_errors(
        parent,
        "未导入高新区名录",
        f"{{}}\n\n本机仍使用 {current.version} 版名录（{len(current.zones)} 个高新区）。"
        "请向发布名录的科技主管部门索取正确的文件。",
    ) as refused:
        register = import_register(Path(chosen))
    if refused:
        return False
    plain.information(
        parent,
        "已导入高新区名录",
        f"已导入 {register.version} 版高新区名录，共 {len(register.zones)} 个高新区"
        f"（原为 {current.version} 版，{len(current.zones)} 个）。\n\n"
        "新打开的窗口和页面即按新名录选择高新区、显示级别；已保存的申报不受影响。",
    )
    return True
