"""Whether a SQLite store file lies on a network share, where SQLite's locking cannot be trusted
and a file shared by several desktops (or cut off mid-write) gets damaged."""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PureWindowsPath

from db.errors import SERVER_GUIDE

# file systems of network shares as /proc/mounts names them (a FUSE one without its "fuse.")
NETWORK_FILE_SYSTEMS = frozenset(
    {
        *("nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p"),
        *("davfs", "davfs2", "ceph", "glusterfs", "sshfs"),
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive

NETWORK_STORE_WARNING = (
    "数据文件在网络共享文件夹或网络盘上：\n{folder}\n\n"
    "网络盘上的数据文件在网络中断或几台电脑同时使用时容易损坏。请将数据文件移到本机磁盘"
    "（可先在“文件 › 备份与恢复”中备份）。园区有多名审核人员需要共用数据时，请改用数据库服务器，"
    f"做法见{SERVER_GUIDE}。"
)


def is_unc(path: PurePath | str) -> bool:
    """A Windows network path such as ``\\\\server\\share\\gxapply.sqlite3``."""
    text = str(path)
    return text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\"))


def network_file_system(path: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """The network file system ``path`` is on, as the mount table says (None when local)."""
    try:
        table = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    resolved = str(path.resolve())
    best, kind = "", None
    for line in table:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    if kind is None:
        return None
    return kind if kind.removeprefix("fuse.") in NETWORK_FILE_SYSTEMS else None


def _windows_drive_is_remote(path: Path) -> bool:
    drive = PureWindowsPath(str(path)).drive
    if len(drive) != 2:
        return False
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    return bool(windll.kernel32.GetDriveTypeW(f"{drive}\\") == DRIVE_REMOTE)


def on_network(path: Path) -> bool:
    """Whether the store file ``path`` is on a network share (UNC path or mapped drive on
    Windows; an nfs/cifs/smb mount elsewhere)."""
    if is_unc(path):
        return True
    if os.name == "nt":
        return _windows_drive_is_remote(path)
    return network_file_system(path) is not None
