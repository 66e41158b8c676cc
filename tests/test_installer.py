"""The Windows installer script (installer/gxapply.nsi): what it promises a clerk, read from the
script, and that makensis compiles it (here against a stand-in folder, in seconds;
tests/test_build.py compiles it against the real one-folder build)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "gxapply.nsi"


@pytest.fixture(scope="module")
def script() -> str:
    return SCRIPT.read_text(encoding="utf-8-sig")


def statements(script: str) -> list[str]:
    """The script's lines without comments, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", script)
    return [line.split(" ;")[0].strip() for line in text.splitlines() if line.strip()[:1] != ";"]


def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                "makensis 未安装：CI 必须编译安装程序脚本（.ci/setup.sh --test 会安装 nsis）"
            )
        pytest.skip("makensis 未安装（Debian/Ubuntu：apt-get install nsis）")
    return found


def test_the_version_passed_to_makensis_is_the_programs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == __version__


def test_a_chinese_unicode_installer_per_user_or_per_machine(script):
    lines = statements(script)
    assert SCRIPT.read_bytes().startswith(b"\xef\xbb\xbf")  # makensis on Windows reads a BOM
    assert "Unicode true" in lines
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in lines
    assert "!define MULTIUSER_INSTALLMODEPAGE" in lines  # 只为我自己 / 为本机所有用户
    assert "!define MULTIUSER_USE_PROGRAMFILES64" in lines
    assert "!insertmacro MULTIUSER_PAGE_INSTALLMODE" in lines


def test_start_menu_entry_and_an_uninstaller_in_add_remove_programs(script):
    lines = statements(script)
    assert any(line.startswith('CreateShortcut "$SMPROGRAMS\\') for line in lines)
    assert 'WriteUninstaller "$INSTDIR\\uninstall.exe"' in lines
    uninstall_values = re.findall(r'WriteRegStr SHCTX "\$\{UNINSTALL_KEY\}" "(\w+)"', script)
    assert {"DisplayName", "DisplayVersion", "UninstallString"} <= set(uninstall_values)
    assert 'DeleteRegKey SHCTX "${UNINSTALL_KEY}"' in lines
    assert 'Delete "$SMPROGRAMS\\${APP_NAME}.lnk"' in lines


def test_packages_open_with_the_program_and_json_only_offers_it(script):
    lines = statements(script)
    for suffix, progid in ((".gxpkg", "PROGID_PACKAGE"), (".gxdec", "PROGID_DECISION")):
        assert f'WriteRegStr SHCTX "${{CLASSES}}\\{suffix}" "" "${{{progid}}}"' in lines
        assert f'!insertmacro RemoveDefault "{suffix}" "${{{progid}}}"' in lines
    # .json is never made the default: only its OpenWithProgids names the program
    assert not any(re.match(r'WriteRegStr SHCTX "\$\{CLASSES\}\\\.json" ""', s) for s in lines)
    assert (
        'WriteRegStr SHCTX "${CLASSES}\\.json\\OpenWithProgids" "${PROGID_APPLICATION}" ""' in lines
    )
    assert (
        'DeleteRegValue SHCTX "${CLASSES}\\.json\\OpenWithProgids" "${PROGID_APPLICATION}"' in lines
    )
    # the file is passed quoted, as one argument, to the windowed program
    command = 'WriteRegStr SHCTX "${CLASSES}\\${PROGID}\\shell\\open\\command" "" \'"$INSTDIR\\${APP_EXE}" "%1"\''
    assert command in lines
    for progid in ("PROGID_PACKAGE", "PROGID_DECISION", "PROGID_APPLICATION"):
        assert f'DeleteRegKey SHCTX "${{CLASSES}}\\${{{progid}}}"' in lines


def test_the_uninstaller_leaves_the_data(script):
    removed = [line for line in statements(script) if line.startswith(("RMDir", "Delete "))]
    assert all("$INSTDIR" in line or "$SMPROGRAMS" in line for line in removed), removed
    assert not any("LOCALAPPDATA" in line.upper() for line in removed)


def test_makensis_compiles_the_script(tmp_path):
    tool = makensis()
    folder = tmp_path / "gxapply"
    (folder / "_internal").mkdir(parents=True)
    (folder / "gxapply.exe").write_bytes(b"MZ stand-in")
    (folder / "_internal" / "base_library.zip").write_bytes(b"PK stand-in")
    installer = tmp_path / "安装程序.exe"
    result = subprocess.run(
        [
            tool,
            "-WX",
            "-V2",
            f"-DVERSION={__version__}",
            f"-DDIST={folder}",
            f"-DOUTFILE={installer}",
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert installer.read_bytes()[:2] == b"MZ"


def test_makensis_refuses_a_script_without_a_version(tmp_path):
    result = subprocess.run(
        [makensis(), "-V1", f"-DOUTFILE={tmp_path / 'x.exe'}", str(SCRIPT)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    assert result.returncode != 0 and "缺少版本号" in result.stdout + result.stderr
