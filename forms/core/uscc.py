"""统一社会信用代码 (unified social credit code) check digit, GB 32100-2015."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must already use the code's alphabet)."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """None when ``code`` is a valid code, else a Chinese message saying what to fix."""
    if len(code) != LENGTH:
        return f"应为 18 位，现为 {len(code)} 位"
    for position, ch in enumerate(code, start=1):
        if ch not in ALPHABET:
            hint = "（字母须大写，且不使用 I、O、S、V、Z）" if ch.isalpha() else ""
            return f"第{position}位“{ch}”不是有效字符{hint}"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"第18位校验码应为 {expected}，现为 {code[17]}，请核对前17位或校验码"
    return None


def with_check_character(first17: str) -> str:
    """A whole valid code from 17 characters; used to make test data."""
    return first17 + check_character(first17)
