"""A message that sends its reader to a section of the instructions (“…”一节) names one the
README has: a section that does not exist leaves an administrator with no way to fix it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SECTION = re.compile(r"“([^”]+)”一节")


def headings() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]


def referenced_sections() -> dict[str, str]:
    found = {}
    for folder in ("app", "db", "forms"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for name in SECTION.findall(path.read_text(encoding="utf-8")):
                found[name] = str(path.relative_to(ROOT))
    return found


def test_every_section_a_message_names_is_a_heading_of_the_readme():
    found = referenced_sections()
    assert found  # the scan sees the messages (db/network_path.py, db/schema_admin.py, ...)
    titles = headings()
    missing = {
        name: where
        for name, where in found.items()
        if not any(title == name or title.startswith(f"{name}（") for title in titles)
    }
    assert not missing, missing


def test_the_server_guide_names_the_server_section():
    from db.errors import SERVER_GUIDE

    assert SECTION.search(SERVER_GUIDE)
    assert "多名审核人员共用数据库服务器（园区端）" in headings()
