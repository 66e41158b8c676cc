"""The refusal of a draft that holds values as typed (they did not parse, forms/core/typed.py):
such a draft is saved, but leaves the store (as a JSON file or a package) only once corrected."""

from __future__ import annotations

from db.records import ApplicationRecord
from forms.core.errors import UserError
from forms.core.typed import kept_issue


class TypedValuesError(UserError):
    """A draft holds values as typed: it cannot be exported yet."""


def refuse_typed(record: ApplicationRecord, doing: str) -> None:
    """TypedValuesError if ``record`` holds values as typed: ``doing`` (导出申报文件, say) waits
    until they are corrected."""
    if not record.unparsed:
        return
    first = kept_issue(record.unparsed[0]).describe()
    raise TypedValuesError(
        f"申报 {record.number}“{record.title}”的草稿中有 {len(record.unparsed)} 处填写有误"
        f"（第一处：{first}），暂不能{doing}。请打开这份申报，改正标红的栏目并保存后再{doing}"
    )
