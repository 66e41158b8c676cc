"""The first start on a PC where the data folder's parents do not exist yet is a new store, not
a read-only one (found by review)."""

from __future__ import annotations

from db.opening import OpenMode, probe


def test_a_data_folder_two_levels_deep_that_does_not_exist_yet_is_new(tmp_path):
    """db/opening.py probe: for a missing file it checks os.access on path.parent, else on
    path.parent.parent; when neither exists yet (a fresh Linux account has no ~/.local/share,
    so ~/.local/share/gxapply/gxapply.sqlite3 has no existing parent) os.access is False and the
    first start says 「该位置为只读或没有写入权限」 on a perfectly writable home. Reproduced by
    `python -m app validate x.json` here, HOME=/root without ~/.local. Fix: walk up to the
    nearest existing ancestor."""
    assert probe(tmp_path / "local" / "share" / "gxapply" / "gxapply.sqlite3") is OpenMode.NEW
