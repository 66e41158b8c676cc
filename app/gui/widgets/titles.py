"""Window titles that say what a window is once: 「南宁某孵化基地 · 孵化器认定/后补助申请表 · 草稿 —
广西高新区创新政策申报助手」.

Qt appends the program's display name to every title that does not already end with it (on
Windows and Linux desktops); ``window_title`` ends each title with it, so it is never repeated,
and leaves out a part already said by another.
"""

from __future__ import annotations

APP_TITLE = "广西高新区创新政策申报助手"  # the program's Chinese name (its display name)
PART_SEPARATOR = " · "
APP_SEPARATOR = " — "


def window_title(*parts: str) -> str:
    """``parts`` (what the window shows, most particular first) once each, then the program."""
    kept: list[str] = []
    for part in (p.strip() for p in parts):
        if not part or part == APP_TITLE or any(part in other for other in kept):
            continue
        kept = [other for other in kept if other not in part]  # a longer part says it too
        kept.append(part)
    return PART_SEPARATOR.join([*kept]) + APP_SEPARATOR + APP_TITLE if kept else APP_TITLE
