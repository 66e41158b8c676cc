"""The office passphrase in the GUI: set it when the office key is first made on a shared store,
type it once per session before the first signing (db/office_key.py keeps the opened key), and
change it (审核 › 更改办公室签名口令…).

A SQLite store (one desktop) signs with its key file and never asks. Opening or sealing the key
takes a fraction of a second of scrypt on purpose, so it runs off the GUI thread. An enterprise
whose store is on a server meets the same dialog, worded for 本单位 (db.office_key.key_words).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from app.gui.officers.account_form import AccountFormDialog
from app.gui.widgets import plain
from db.identity import desktop_key_file
from db.office_key import (
    MIN_PASSPHRASE,
    KeyWords,
    OfficeKeyInfo,
    PassphraseChangedMeanwhile,
    WeakPassphrase,
    WrongPassphrase,
    adopt_desktop_key,
    change_office_passphrase,
    create_office_key,
    is_unlocked,
    key_words,
    office_key_info,
    passphrase_problems,
    shares_office_key,
    unlock_office_key,
)
from db.repository import SYSTEM_ACTOR, Store

PASSPHRASE_FITS = "✓ 口令符合要求"
PASSPHRASES_SAME = "新口令与原口令相同，无需更改；请输入一个新的口令"


def passphrase_rule(words: KeyWords) -> str:
    return (
        f"至少 {MIN_PASSPHRASE} 个字符，含字母、数字、汉字、符号中的至少两类；"
        f"请告知{words.sharers}，不要写在电脑上"
    )


def follow_passphrase_rule(dialog: AccountFormDialog, key: str, edit: QLineEdit) -> None:
    """Under a new passphrase, as it is typed: what it still lacks, or that it fits; the rule
    itself while the field is empty. Only the rule is checked here, the work is the worker's."""
    hint = dialog.hints[key]
    rule = hint.text()
    # the rule takes two lines: kept while a shorter 「✓ 口令符合要求」 is shown, so the fields
    # below stay where they are as the passphrase is typed
    hint.setMinimumHeight(2 * hint.fontMetrics().lineSpacing())

    def follow(text: str) -> None:
        problems = passphrase_problems(text) if text else []
        hint.setText("；".join(problems) if problems else PASSPHRASE_FITS if text else rule)
        hint.setStyleSheet(f"color: {'#b45309' if problems else '#6b7280'};")

    edit.textChanged.connect(follow)


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
        self.words = words = key_words(store)
        title = f"设置{words.passphrase}" if self.creating else f"输入{words.passphrase}"
        super().__init__(title, "创建签名密钥" if self.creating else "打开签名密钥", parent)
        self.setObjectName("office_passphrase")
        self.add_intro(self._intro(doing))
        self.passphrase = self.add_field(
            "passphrase",
            "签名口令",
            password=True,
            hint=passphrase_rule(words) if self.creating else "",
        )
        self.repeat = self.add_field("repeat", "确认口令", password=True) if self.creating else None
        if self.creating:
            follow_passphrase_rule(self, "passphrase", self.passphrase)
        self.passphrase.setFocus()

    def _intro(self, doing: str) -> str:
        words = self.words
        if not self.creating:
            assert self.info is not None
            return (
                f"“{doing}”需要用{words.key}签名。{words.sharers}共用一把签名密钥"
                f"（指纹 {self.info.fingerprint}），由{words.passphrase}保护。请输入口令；"
                "本次运行期间只需输入一次，程序不会把口令保存到磁盘。"
            )
        kept = (
            "本机存有旧版程序为此数据库生成的签名密钥，将把它存入共享数据库，"
            f"{words.pinned_by}已记录的指纹保持不变。"
            if self.legacy_key is not None
            else f"程序将生成{words.key}并存入共享数据库。"
        )
        return (
            f"“{doing}”需要用{words.key}签名，而共享数据库中还没有签名密钥。{kept}"
            f"请设置{words.passphrase}：{words.sharers}在自己的电脑上首次签名时都要输入它。"
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
            self.show_error("passphrase", f"请输入{self.words.passphrase}")
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


class ChangeOfficePassphraseDialog(AccountFormDialog):
    """更改办公室签名口令: the old passphrase, then the new one twice. The same key is sealed
    again (its fingerprint stays); a change another officer made meanwhile is not overwritten."""

    def __init__(
        self, store: Store, info: OfficeKeyInfo, parent: QWidget | None = None, *, actor: str
    ) -> None:
        self.store, self.actor = store, actor
        self.words = words = key_words(store)
        super().__init__(f"更改{words.passphrase}", "更改口令", parent)
        self.setObjectName("change_office_passphrase")
        self.add_intro(
            f"{words.sharers}共用{words.key}（指纹 {info.fingerprint}），由{words.passphrase}"
            f"保护。更改口令后密钥和指纹都不变，{words.pinned_by}无需重新核对；"
            "本次已打开密钥的电脑仍可签名，"
            "其他电脑下次签名时须输入新口令。请把新口令告知每一位同事。"
        )
        self.old = self.add_field("old", "原口令", password=True)
        self.new = self.add_field("new", "新口令", password=True, hint=passphrase_rule(words))
        self.repeat = self.add_field("repeat", "确认新口令", password=True)
        follow_passphrase_rule(self, "new", self.new)
        self.old.setFocus()

    def submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        self.clear_errors()
        if not old:
            self.show_error("old", f"请输入现在的{self.words.passphrase}")
            return
        problems = passphrase_problems(new)
        if problems:
            self.show_error("new", "；".join(problems))
            return
        if new == old:
            self.show_error("new", PASSPHRASES_SAME)
            return
        if not self.repeated(self.new, self.repeat):
            return
        store, actor = self.store, self.actor
        self.run(lambda: change_office_passphrase(store, old, new, actor=actor), self._changed)

    def refused(self, exc: Exception) -> None:
        if isinstance(exc, WrongPassphrase):  # the old one does not open the key
            self.old.clear()
            self.old.setFocus()
            self.show_error("old", str(exc))
        elif isinstance(exc, WeakPassphrase):
            self.show_error("new", "；".join(exc.problems))
        elif isinstance(exc, PassphraseChangedMeanwhile):
            for field in (self.old, self.new, self.repeat):
                field.clear()
            self.old.setFocus()
            self.show_error(None, str(exc))
        else:
            self.show_error(None, str(exc))

    def _changed(self, _key: object) -> None:
        plain.information(
            self,
            f"已更改{self.words.passphrase}",
            f"{self.words.passphrase}已更改，签名密钥及其指纹不变。\n\n"
            f"请把新口令告知{self.words.sharers}：他们的电脑下次签名时须输入新口令。",
        )
        self.accept()


def change_office_passphrase_dialog(
    parent: QWidget, store: Store, *, actor: str
) -> ChangeOfficePassphraseDialog | None:
    """Open 更改办公室签名口令 (a server store only); with no key yet, say when one is made."""
    words = key_words(store)
    info = office_key_info(store)
    if info is None:
        plain.information(
            parent,
            f"更改{words.passphrase}",
            f"共享数据库中还没有{words.key}，因此没有口令可改。{words.setter}第一次签名时，"
            f"程序会请其设置{words.passphrase}。",
        )
        return None
    dialog = ChangeOfficePassphraseDialog(store, info, parent, actor=actor)
    dialog.open()
    return dialog


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
