"""The store's URL written to settings.toml by the set-up wizard: every other setting kept as it
was (a comment after the value too), and a file it cannot rewrite refused, never left saying
something else than what the wizard was told."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.server_setup import ServerPlace, write_store_url
from db.errors import StoreError

URL = ServerPlace("db.office.lan", 5432, "gxapply", "wangfang").url()
OLD = "postgresql+psycopg://officer@old.lan:5432/gxapply"


def test_the_url_is_written_first_in_a_new_file(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text("[window]\nzoom = 1\n", encoding="utf-8")
    write_store_url(URL, path)
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"database_url": URL, "window": {"zoom": 1}}
    assert not path.with_suffix(".toml.part").exists()


def test_a_comment_after_the_old_url_is_kept(tmp_path: Path):
    path = tmp_path / "settings.toml"
    before = f'# 园区办公室\ndatabase_url = "{OLD}"   # 管理员填写\n[window]\nzoom = 1\n'
    path.write_text(before, encoding="utf-8")
    write_store_url(URL, path)
    assert path.read_text(encoding="utf-8") == before.replace(OLD, URL)


@pytest.mark.parametrize(
    "before",
    [
        f'[backup]\ndatabase_url = "{OLD}"\n',  # not the store's setting: in another table
        f'database_url = """{OLD}"""\n',  # a form the wizard does not rewrite
        "[window\nzoom = 1\n",  # not TOML at all: the url before it would not mend it
    ],
)
def test_a_file_it_cannot_rewrite_is_refused_and_left_as_it_was(tmp_path: Path, before: str):
    path = tmp_path / "settings.toml"
    path.write_text(before, encoding="utf-8")
    with pytest.raises(StoreError) as refused:
        write_store_url(URL, path)
    assert str(path) in refused.value.message and "请" in refused.value.message
    assert "database_url" not in refused.value.message
    assert path.read_text(encoding="utf-8") == before
