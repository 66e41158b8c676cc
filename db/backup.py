"""Backups of a store: one file holding a consistent copy of the database and this copy's
signing keys, with a manifest of checksums; and restoring one onto a store, here or on a new PC.

A backup is taken with SQLite's online backup API while the program runs (never a file copy,
which can catch a half-written page), written beside its target as ``.part`` and renamed only
once complete and synced, so a killed process never leaves a file that looks like a backup.
Restoring checks the whole file first, keeps a safety backup of the current store, and copies
the backup into the open store in one transaction: a kill at any moment leaves the old store or
the new one, never a mixture.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from db.engine import migrate
from db.errors import StoreError
from db.identity import checked_store_id, key_folder
from db.opening import OUR_TABLES, known_revisions, store_schema
from db.repository import Store
from db.store_contents import integrity_problem, store_counts
from db.this_copy import mode_label

BACKUP_SUFFIX = ".gxbak"
FORMAT = "gxapply.backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "store.sqlite3"
KEY_MEMBER = re.compile(r"^keys/[A-Za-z0-9_-]{1,64}\.pem$")
MAX_DATABASE_BYTES = 64 << 30  # a store of 100,000 applications is well under 1 GB
MAX_KEY_BYTES = 64 << 10
PAGES_PER_STEP = 2048  # 8 MB of a 4 kB-page database between progress reports
CHUNK = 1 << 20

# Set in a store when a backup is restored: unsaved edits journalled before then belong to the
# data that was replaced, and are never offered back onto the restored data.
RESTORED_AT_SETTING = "restored_at"

Progress = Callable[[int, int], None]  # done, total (pages, or bytes when checking)


class BackupError(StoreError):
    """A backup cannot be made, or a file is no usable backup; the message says which and why."""


class Cancelled(BackupError):
    """The user cancelled a backup or a restore; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("已取消，未做任何更改")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, from its manifest."""

    path: Path
    created_at: datetime
    app_version: str
    revision: str
    store_id: str
    applications: int
    attachments: int
    decisions: int
    size: int
    mode: str = ""  # the 使用方 code of the copy backed up (db.this_copy.Mode), "" if unknown
    unit: str = ""  # that copy's own unit (申报主体), "" if it had none

    def describe(self) -> str:
        local = self.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        whose = "、".join(p for p in (mode_label(self.mode), self.unit) if p)
        return (
            f"{local} 的备份{f'（{whose}）' if whose else ''}：申报 {self.applications} 份、"
            f"附件 {self.attachments} 个、审核决定 {self.decisions} 份"
        )


def never() -> bool:
    """The default of ``cancelled``: a job that no one cancels."""
    return False


# --- making a backup ------------------------------------------------------------------------


def make_backup(
    store: Store,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = never,
) -> BackupInfo:
    """Write a backup of ``store`` (database and signing keys) to ``target``."""
    if store.engine.dialect.name != "sqlite":
        raise BackupError("共享数据库（服务器）的备份请由管理员在服务器上进行")
    target = target.with_suffix(BACKUP_SUFFIX) if target.suffix != BACKUP_SUFFIX else target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".gxbak-", dir=target.parent))
    except OSError as exc:
        raise BackupError(f"无法在 {target.parent} 中写入备份：{_os_text(exc)}") from exc
    part = target.with_name(target.name + ".part")
    try:
        copy = work / DATABASE
        _snapshot(store, copy, progress, cancelled)
        counts = store_counts(copy)
        keys = _key_files(store, counts["store_id"])
        members = {DATABASE: copy, **keys}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "app_version": _app_version(),
            "revision": counts.pop("revision"),
            "store_id": counts.pop("store_id"),
            "mode": counts.pop("mode"),
            "unit": counts.pop("unit"),
            "counts": counts,
            "members": [
                {"name": name, "size": path.stat().st_size, "sha256": _sha256(path)}
                for name, path in members.items()
            ],
        }
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, path in members.items():
                if cancelled():
                    raise Cancelled()
                archive.write(path, name)
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        with part.open("rb") as written:
            os.fsync(written.fileno())
        part.replace(target)
    except BackupError:
        part.unlink(missing_ok=True)
        raise
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BackupError(f"无法写入备份 {target}：{_os_text(exc)}。原数据未受影响") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return read_backup(target, deep=False)


def _snapshot(
    store: Store, copy: Path, progress: Progress | None, cancelled: Callable[[], bool]
) -> None:
    """A consistent copy of the store through SQLite's online backup API."""

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled():
            raise Cancelled()
        if progress is not None:
            progress(total - remaining, total)

    raw = store.engine.raw_connection()
    target = sqlite3.connect(copy)
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        source.backup(target, pages=PAGES_PER_STEP, progress=step)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except sqlite3.Error as exc:
        raise BackupError(
            "读取数据库时出错，未能备份。请先用“数据检查”检查数据，或稍后重试"
        ) from exc
    finally:
        target.close()
        raw.close()


def _key_files(store: Store, store_id: str) -> dict[str, Path]:
    """This store's own signing key (another store's key in the same folder is not ours to
    carry)."""
    if not store_id:
        return {}
    key = key_folder(store.engine) / f"{checked_store_id(store_id)}.pem"
    return {f"keys/{key.name}": key} if key.is_file() else {}


# --- reading and checking a backup ----------------------------------------------------------


def read_backup(path: Path, *, deep: bool = True) -> BackupInfo:
    """The manifest of the backup at ``path``, checked; ``deep`` also checks every member's
    size and SHA-256 and the database's integrity. A damaged, truncated or foreign file is
    refused with a BackupError."""
    with _opened(path) as archive:
        manifest = _manifest(archive, path)
        if deep:
            with tempfile.TemporaryDirectory(prefix="gxbak-check-") as work:
                _extract_checked(archive, manifest, Path(work), path)
        return backup_info(path, manifest)


def backup_info(path: Path, manifest: dict[str, Any]) -> BackupInfo:
    """What the checked ``manifest`` of the backup at ``path`` says it holds."""
    counts = manifest["counts"]
    return BackupInfo(
        path=path,
        created_at=datetime.fromisoformat(manifest["created_at"]),
        app_version=str(manifest["app_version"]),
        revision=str(manifest["revision"]),
        store_id=str(manifest["store_id"]),
        applications=int(counts["applications"]),
        attachments=int(counts["attachments"]),
        decisions=int(counts["decisions"]),
        size=path.stat().st_size,
        mode=str(manifest.get("mode", "")),
        unit=str(manifest.get("unit", ""))[:100],
    )


def _not_a_backup(path: Path, why: str) -> BackupError:
    return BackupError(
        f"文件 {path.name} 不是可用的备份（{why}），未做任何更改。请选择其他备份文件"
    )


@contextmanager
def _opened(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            yield archive
    except FileNotFoundError as exc:
        raise BackupError(f"找不到备份文件 {path}") from exc
    except (zipfile.BadZipFile, EOFError) as exc:
        raise _not_a_backup(path, "文件不完整或已损坏") from exc
    except OSError as exc:
        raise BackupError(f"无法读取备份文件 {path}：{_os_text(exc)}") from exc


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        raw = archive.read(MANIFEST)
        manifest = json.loads(raw)
    except KeyError as exc:
        raise _not_a_backup(path, "缺少清单") from exc
    except (ValueError, zipfile.BadZipFile) as exc:
        raise _not_a_backup(path, "清单已损坏") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(path, "不是本程序的备份")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份 {path.name} 由更新版本的程序制作，请升级后再恢复")
    try:
        datetime.fromisoformat(manifest["created_at"])
        members = manifest["members"]
        names = [m["name"] for m in members]
        int(manifest["counts"]["applications"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _not_a_backup(path, "清单内容不完整") from exc
    if DATABASE not in names or len(set(names)) != len(names):
        raise _not_a_backup(path, "缺少数据库")
    if any(n != DATABASE and not KEY_MEMBER.match(str(n)) for n in names):
        raise _not_a_backup(path, "含有不应有的文件")
    if sorted(archive.namelist()) != sorted([*names, MANIFEST]):
        raise _not_a_backup(path, "含有清单之外的文件")
    if str(manifest["revision"]) not in known_revisions():
        raise BackupError(f"备份 {path.name} 由更新版本的程序制作，请升级后再恢复")
    return manifest


def _extract_checked(
    archive: zipfile.ZipFile, manifest: dict[str, Any], folder: Path, path: Path
) -> dict[str, Path]:
    """Every member written to ``folder`` with its size and SHA-256 checked as it streams."""
    extracted = {}
    for member in manifest["members"]:
        name, size, digest = str(member["name"]), int(member["size"]), str(member["sha256"])
        limit = MAX_DATABASE_BYTES if name == DATABASE else MAX_KEY_BYTES
        if size > limit:
            raise _not_a_backup(path, f"“{name}”过大")
        target = folder / name.replace("/", "_")
        hasher, written = hashlib.sha256(), 0
        try:
            with archive.open(name) as source, target.open("wb") as sink:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > size:
                        raise _not_a_backup(path, f"“{name}”与清单不符")
                    hasher.update(chunk)
                    sink.write(chunk)
        except KeyError as exc:
            raise _not_a_backup(path, f"缺少“{name}”") from exc
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise _not_a_backup(path, f"“{name}”已损坏") from exc
        if written != size or hasher.hexdigest() != digest:
            raise _not_a_backup(path, f"“{name}”的校验值不符，文件已损坏")
        extracted[name] = target
    database = extracted[DATABASE]
    problem = integrity_problem(database)
    if problem:
        raise _not_a_backup(path, f"其中的数据库已损坏：{problem}")
    _check_ours(database, manifest, path)
    return extracted


def _check_ours(database: Path, manifest: dict[str, Any], path: Path) -> None:
    """The database is a store of this program at the revision the manifest names, and its
    store id (which names the key file) is a plain id: a crafted backup can neither put another
    program's database in place of the store nor steer the key file out of its folder."""
    try:
        tables, revision = store_schema(database)
    except StoreError as exc:
        raise _not_a_backup(path, "其中的数据库无法读取") from exc
    if "alembic_version" not in tables or not tables >= OUR_TABLES:
        raise _not_a_backup(path, "其中的数据库不是本程序的数据")
    if revision != str(manifest["revision"]) or revision not in known_revisions():
        raise _not_a_backup(path, "其中数据库的版本与清单不符")
    counts = store_counts(database)
    if counts["store_id"]:  # a store whose key was never made has no id yet
        try:
            checked_store_id(counts["store_id"])
        except StoreError as exc:
            raise _not_a_backup(path, "其中的本机标识不正确") from exc
    if counts["store_id"] != str(manifest.get("store_id", "")):
        raise _not_a_backup(path, "其中的本机标识与清单不符")


# --- restoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    safety: BackupInfo | None  # the backup of the store as it was just before


def restore_backup(
    store: Store,
    path: Path,
    *,
    safety_folder: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = never,
) -> RestoreResult:
    """Replace the content of ``store`` with the backup at ``path``, and put its keys in place.

    The backup is checked whole before anything changes; the current store is backed up to
    ``safety_folder`` first (default: the automatic backups' folder).
    """
    if store.read_only:
        raise BackupError("数据文件为只读，不能恢复到这里。请将数据文件复制到可写的位置后再恢复")
    if store.engine.dialect.name != "sqlite":
        raise BackupError("共享数据库（服务器）的恢复请由管理员在服务器上进行")
    # Unpacked beside the store, on its drive: the system's temp folder (C: on Windows) may
    # lack room for a database of several hundred MB.
    beside = key_folder(store.engine).parent
    with (
        tempfile.TemporaryDirectory(prefix=".gxbak-restore-", dir=beside) as work,
        _opened(path) as archive,
    ):
        manifest = _manifest(archive, path)
        extracted = _extract_checked(archive, manifest, Path(work), path)
        info = backup_info(path, manifest)
        if cancelled():
            raise Cancelled()
        folder = safety_folder or automatic_folder(store)
        safety = make_backup(store, folder / f"恢复前-{stamp()}{BACKUP_SUFFIX}", progress=progress)
        _copy_into(store, extracted[DATABASE], progress)
        _put_keys(store, {n: p for n, p in extracted.items() if n != DATABASE})
    store.engine.dispose()  # every pooled connection reads the restored schema afresh
    migrate(store.engine)  # a backup of an older release comes up to this one
    store.set_setting(RESTORED_AT_SETTING, datetime.now().isoformat())
    return RestoreResult(info, safety)


def _copy_into(store: Store, database: Path, progress: Progress | None) -> None:
    """The backup's pages into the store's own file, in one transaction of the store."""

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    raw = store.engine.raw_connection()
    try:
        target = raw.driver_connection
        assert isinstance(target, sqlite3.Connection)
        # All at once (pages=-1): a step-wise copy into a live database restarts whenever
        # another connection writes, and one transaction is what makes it all-or-nothing.
        source.backup(target, pages=-1, progress=step)
    except sqlite3.OperationalError as exc:
        raise BackupError(
            "恢复时无法写入数据库，当前数据未改变。请关闭正在编辑的申报窗口后重试"
        ) from exc
    finally:
        source.close()
        raw.close()


def _put_keys(store: Store, keys: dict[str, Path]) -> None:
    folder = key_folder(store.engine)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for name, extracted in keys.items():
        target = folder / name.removeprefix("keys/")
        part = target.with_name(target.name + ".part")
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(extracted.read_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        part.replace(target)


# --- where backups go ------------------------------------------------------------------------

STAMP = "%Y%m%d-%H%M%S"


def automatic_folder(store: Store) -> Path:
    """Beside the store file (like its keys): ``backups/``."""
    return key_folder(store.engine).parent / "backups"


def stamp(moment: datetime | None = None) -> str:
    """A backup's time as its file name gives it."""
    return (moment or datetime.now()).strftime(STAMP)


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gxapply")
    except PackageNotFoundError:
        return "0"


def _os_text(exc: OSError) -> str:
    from forms.core.document import os_error_text

    return os_error_text(exc)
