"""The office passphrase in the GUI: set it when the office key is first made on a shared store,
type it once per session before the first signing (db/office_key.py keeps the opened key).

A SQLite store (one desktop) signs with its key file and never asks. Opening or sealing the key
takes a fraction of a second of scrypt on purpose, so it runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.gui.officers.account_form import AccountFormDialog
from db.identity import desktop_key_file
from db.office_key import (
    MIN_PASSPHRASE,
    WeakPassphrase,
    WrongPassphrase,
    adopt_desktop_key,
    create_office_key,
    is_unlocked,
    office_key_info,
    passphrase_problems,
    shares_office_key,
    unlock_office_key,
)
from db.repository import SYSTEM_ACTOR, Store

PASSPHRASE_RULE = (
    f"至少 {MIN_PASSPHRASE} 个字符，含字母、数字、汉字、符号中的至少两类；"
    "请告知本园区其他审核人员，不要写在电脑上"
)


class OfficePassphraseDialog(AccountFormDialog):
    """设置办公室签名口令 (no office key yet) or 输入办公室签名口令 (opening it this session)."""

    def __init__(
        self, store: Store, doing: str, parent: QWidget | None = None, *, actor: str = SYSTEM_ACTOR
    ) -> None:
        self.store = store
        self.actor = actor
        self.info = office_key_info(store)
        self.creating = self.info is None
        self.legacy_key = desktop_key_file(store) if self.creating else None
        title = "设置办公室签名口令" if self.creating else "输入办公室签名口令"
        super().__init__(title, "创建签名密钥" if self.creating else "打开签名密钥", parent)
        self.setObjectName("office_passphrase")
        self.add_intro(self._intro(doing))
        self.passphrase = self.add_field(
            "passphrase",
            "签名口令",
            password=True,
            hint=PASSPHRASE_RULE if self.creating else "",
        )
        self.repeat = self.add_field("repeat", "确认口令", password=True) if self.creating else None
        self.passphrase.setFocus()

    def _intro(self, doing: str) -> str:
        if not self.creating:
            assert self.info is not None
            return (
                f"“{doing}”需要用本园区的签名密钥签名。本园区各位审核人员共用一把签名密钥"
                f"（指纹 {self.info.fingerprint}），由办公室签名口令保护。请输入口令；"
                "本次运行期间只需输入一次，程序不会把口令保存到磁盘。"
            )
        kept = (
            "本机存有旧版程序为此数据库生成的签名密钥，将把它存入共享数据库，"
            "申报单位已记录的指纹保持不变。"
            if self.legacy_key is not None
            else "程序将生成本园区的签名密钥并存入共享数据库。"
        )
        return (
            f"“{doing}”需要用本园区的签名密钥签名，而共享数据库中还没有签名密钥。{kept}"
            "请设置办公室签名口令：本园区每位审核人员在自己的电脑上首次签名时都要输入它。"
            "口令遗忘后无法找回，请妥善保管。"
        )

    def submit(self) -> None:
        passphrase = self.passphrase.text()
        if self.repeat is not None:
            problems = passphrase_problems(passphrase)
            if problems:
                self.clear_errors()
                self.show_error("passphrase", "；".join(problems))
                return
            if not self.repeated(self.passphrase, self.repeat):
                return
        elif not passphrase:
            self.show_error("passphrase", "请输入办公室签名口令")
            return
        self.run(lambda: self._work(passphrase), lambda _key: self.accept())

    def _work(self, passphrase: str) -> object:
        if not self.creating:
            return unlock_office_key(self.store, passphrase)
        if self.legacy_key is not None:
            return adopt_desktop_key(self.store, self.legacy_key, passphrase)
        return create_office_key(self.store, passphrase, actor=self.actor)

    def refused(self, exc: Exception) -> None:
        if isinstance(exc, WrongPassphrase):
            self.passphrase.clear()
            self.passphrase.setFocus()
            self.show_error("passphrase", str(exc))
        elif isinstance(exc, WeakPassphrase):
            self.show_error("passphrase", "；".join(exc.problems))
        else:
            self.show_error(None, str(exc))


def office_key_ready(store: Store, *, unlock: bool = True) -> bool:
    """Whether the work can go on without asking: a SQLite store, or an office key that exists
    (and, when ``unlock``, has been opened this session)."""
    if not shares_office_key(store) or is_unlocked(store):
        return True
    return not unlock and office_key_info(store) is not None


def ensure_office_key(
    parent: QWidget,
    store: Store,
    doing: str,
    then: Callable[[], object],
    *,
    unlock: bool = True,
    actor: str = SYSTEM_ACTOR,
) -> OfficePassphraseDialog | None:
    """Run ``then`` now if the office key is ready; otherwise ask for the passphrase (or to set
    one) and run ``then`` once the key is open. The dialog, while it is open."""
    if office_key_ready(store, unlock=unlock):
        then()
        return None
    dialog = OfficePassphraseDialog(store, doing, parent, actor=actor)
    dialog.accepted.connect(then)
    dialog.open()
    return dialog
