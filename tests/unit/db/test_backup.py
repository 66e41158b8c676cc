"""Backups: a consistent copy of store and keys, checked whole before it is restored."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db.automatic_backups import automatic_backup, automatic_backups, automatic_folder, to_keep
from db.backup import (
    BACKUP_SUFFIX,
    RESTORED_AT_SETTING,
    BackupError,
    Cancelled,
    make_backup,
    read_backup,
    restore_backup,
)
from db.identity import key_folder
from tests.helpers.copies import dump, open_copy, submit

pytestmark = pytest.mark.sqlite_only(
    reason="a backup is SQLite's online copy of the store file; a server's store is backed up by the server"
)


def test_backup_then_restore_on_a_new_pc_gives_the_same_store_and_key(full_office, tmp_path):
    office = full_office
    before = dump(office.store)
    fingerprint = office.exchange.fingerprint
    backup = make_backup(office.store, tmp_path / "U盘" / "园区备份")
    assert backup.path.name == f"园区备份{BACKUP_SUFFIX}" and backup.applications == 2
    assert not list(backup.path.parent.glob("*.part"))

    new_pc = open_copy(tmp_path / "新电脑")  # a fresh copy, with a key of its own
    assert new_pc.exchange.fingerprint != fingerprint
    result = restore_backup(new_pc.store, backup.path)
    assert result.restored.applications == 2 and result.safety is not None
    restored = open_copy(tmp_path / "新电脑")  # as the program would reopen it
    assert (
        restored_dump(restored.store) == before
    )  # applications, attachments, decisions, trail, keys
    assert restored.exchange.fingerprint == fingerprint


def test_the_safety_backup_restores_the_store_as_it_was(tmp_path):
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    backup = make_backup(copy.store, tmp_path / "b1")
    submit(copy, "rd_subsidy")
    two = dump(copy.store)
    result = restore_backup(copy.store, backup.path)
    assert len(dump(copy.store)["applications"]) == 1
    assert result.safety is not None
    restore_backup(copy.store, result.safety.path)
    assert restored_dump(copy.store) == two


@pytest.mark.parametrize(
    "spoil",
    ["truncate", "flip", "foreign", "no_manifest", "extra_member", "not_zip"],
)
def test_a_damaged_truncated_or_foreign_backup_is_refused_with_the_store_unchanged(tmp_path, spoil):
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    good = make_backup(copy.store, tmp_path / "good").path
    bad = tmp_path / f"bad{BACKUP_SUFFIX}"
    data = good.read_bytes()
    if spoil == "truncate":
        bad.write_bytes(data[: len(data) // 2])
    elif spoil == "flip":
        _rewrite(
            good,
            bad,
            lambda name, content: content[:-10] + b"X" * 10 if name == "store.sqlite3" else content,
        )
    elif spoil == "foreign":
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr("manifest.json", '{"format": "other.app"}')
    elif spoil == "no_manifest":
        _rewrite(good, bad, lambda name, content: None if name == "manifest.json" else content)
    elif spoil == "extra_member":
        _rewrite(good, bad, lambda name, content: content, extra=("../../evil.txt", b"x"))
    else:
        bad.write_bytes(b"not a zip at all" * 100)
    submit(copy, "rd_subsidy")
    before = dump(copy.store)
    with pytest.raises(BackupError, match=r"不是可用的备份|已损坏|不完整"):
        restore_backup(copy.store, bad)
    assert dump(copy.store) == before
    assert not list(automatic_folder(copy.store).glob("恢复前-*"))  # refused before anything


def restored_dump(store) -> dict:
    """``dump`` of a store without the mark a restore leaves (when it was restored)."""
    rows = dump(store)
    rows["settings"] = [r for r in rows["settings"] if r[0] != RESTORED_AT_SETTING]
    return rows


def _rewrite(source: Path, target: Path, change, extra=None) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            content = change(info.filename, old.read(info.filename))
            if content is not None:
                new.writestr(info.filename, content)
        if extra:
            new.writestr(*extra)


def test_cancelling_a_backup_leaves_no_file(tmp_path):
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    with pytest.raises(Cancelled):
        make_backup(copy.store, tmp_path / "b", cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pc"]


def test_automatic_backups_are_daily_and_rotated(tmp_path):
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    start = datetime(2026, 1, 1, 9, 0)
    taken = 0
    for day in range(120):
        for hour in (9, 18):  # twice a day: the second is not due
            if automatic_backup(copy.store, now=start + timedelta(days=day, hours=hour - 9)):
                taken += 1
    assert taken == 120
    kept = [moment for moment, _ in automatic_backups(automatic_folder(copy.store))]
    assert kept[:7] == [start + timedelta(days=119 - d) for d in range(7)]  # the last 7 days
    assert len(kept) <= 7 + 4 + 12 and kept[-1] < start + timedelta(days=40)  # weeks, months
    assert to_keep([(m, Path(str(m))) for m in kept]) == {Path(str(m)) for m in kept}


def test_read_backup_describes_it(tmp_path):
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    info = read_backup(make_backup(copy.store, tmp_path / "b").path)
    assert "申报 1 份" in info.describe() and info.store_id
    assert (key_folder(copy.store.engine) / f"{info.store_id}.pem").exists()


def test_the_backups_mode_labels_are_the_settings():
    from app.settings import Mode
    from db.this_copy import mode_label

    assert {m.value: mode_label(m.value) for m in Mode} == {m.value: m.label for m in Mode}
    assert mode_label("office") == "园区端" and mode_label("enterprise") == "企业端"
    assert mode_label("") == mode_label("unknown") == ""


def test_a_desktop_on_the_office_server_takes_no_automatic_backup(server_database, tmp_path):
    """The shared database is backed up by the administrator on the server: an officer's
    desktop neither tries nor reports "自动备份未完成" every day."""
    from db.repository import Store

    store = Store.open(server_database)
    try:
        assert automatic_backup(store, force=True) is None
        assert automatic_backups(automatic_folder(store)) == []
    finally:
        store.close()
