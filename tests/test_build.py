"""The one-folder executable: build.spec builds it with PyInstaller, and the frozen app starts.

Slow (about a minute on two cores): it runs PyInstaller into a temporary folder, then starts the
frozen program as a user would, on an empty data folder.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.engine import head_revision
from forms import all_forms

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/gxapply/ built from build.spec into a temporary folder."""
    pytest.importorskip(
        "PyInstaller", reason="PyInstaller 未安装（pip install -e '.[test]' 会安装它）"
    )
    out = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=out,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
    )
    assert result.returncode == 0, f"PyInstaller failed:\n{_tail(result.stderr)}"
    folder = out / "dist" / "gxapply"
    assert (folder / f"gxapply{EXE_SUFFIX}").is_file()
    return folder


def run_frozen(
    bundle: Path, *args: str, home: Path, name: str = "gxapply"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GXAPPLY_")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "GXAPPLY_HOME": str(home)})
    return subprocess.run(
        [str(bundle / f"{name}{EXE_SUFFIX}"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=home,
        timeout=120,
    )


def test_bundle_carries_resources_and_migrations(bundle: Path) -> None:
    internal = bundle / "_internal"
    for source in [
        *(ROOT / "resources" / "measures").glob("*.toml"),
        *(ROOT / "resources" / "zones").glob("*.toml"),
        *(ROOT / "resources" / "fonts").iterdir(),
        *(ROOT / "resources" / "manual").glob("*.md"),
        ROOT / "db" / "migrations" / "env.py",
        ROOT / "db" / "migrations" / "script.py.mako",
        *(ROOT / "db" / "migrations" / "versions").glob("*.py"),
    ]:
        assert (internal / source.relative_to(ROOT)).is_file(), f"not bundled: {source}"
    assert (bundle / f"gxapply-cli{EXE_SUFFIX}").is_file()


@pytest.mark.parametrize("name", ["gxapply", "gxapply-cli"])
def test_frozen_self_check_opens_store_forms_and_window(
    bundle: Path, tmp_path: Path, name: str
) -> None:
    result = run_frozen(bundle, "--self-check", home=tmp_path, name=name)
    assert result.returncode == 0, result.stderr
    if name == "gxapply-cli" or sys.platform != "win32":  # windowed on Windows: no stdout
        assert "自检通过" in result.stdout
    # The bundled migrations ran: the new store is at the newest revision.
    with sqlite3.connect(tmp_path / "gxapply.sqlite3") as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == head_revision()


def test_frozen_app_discovers_every_form(bundle: Path, tmp_path: Path) -> None:
    result = run_frozen(bundle, "kinds", home=tmp_path, name="gxapply-cli")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == list(all_forms())


@pytest.mark.parametrize("name", ["gxapply", "gxapply-cli"])
def test_frozen_validate(bundle: Path, tmp_path: Path, name: str) -> None:
    result = run_frozen(bundle, "validate", str(DATA / "incubator.json"), home=tmp_path, name=name)
    assert result.returncode == 0, result.stderr
    if name == "gxapply-cli" or sys.platform != "win32":
        assert "结论：可以提交" in result.stdout


def test_frozen_pdf_prints_a_packet_with_its_font_and_qr_code(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "材料.pdf"
    result = run_frozen(
        bundle,
        "pdf",
        str(DATA / "new_track.json"),
        "-o",
        str(out),
        home=tmp_path,
        name="gxapply-cli",
    )
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "诚信承诺书" in text and "第 1 页" in text


def test_frozen_app_carries_the_postgresql_driver(bundle: Path, tmp_path: Path) -> None:
    """A park office's store on a server needs psycopg and its C part with libpq (the
    `postgres` extra); SQLAlchemy imports the driver by the URL's name, which the bundler
    cannot see, so build.spec names it."""
    pytest.importorskip("psycopg", reason="psycopg 未安装（pip install -e '.[postgres]' 会安装它）")
    internal = bundle / "_internal"
    assert (internal / "psycopg").is_dir() and list(internal.glob("psycopg_binary*"))
    # Nobody listens on port 9: the frozen program loads the driver and tries to connect.
    result = run_frozen(
        bundle,
        "--db",
        "postgresql+psycopg://gxapply@127.0.0.1:9/gxapply",
        "import",
        str(DATA / "incubator.json"),
        home=tmp_path,
        name="gxapply-cli",
    )
    assert result.returncode == 2, result.stdout
    assert "缺少对应的驱动程序" not in result.stderr and "Traceback" not in result.stderr
    assert "错误" in result.stderr
