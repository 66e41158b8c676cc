"""Rows of a long list held a block at a time, the least recently used blocks dropped.

Both list models (我的申报 and the 审核 queue) read their rows through this: a block is fetched
when a row in it is first asked for, and at most ``keep`` blocks stay in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

Row = TypeVar("Row")


class RowBlocks(Generic[Row]):
    def __init__(self, size: int, keep: int, fetch: Callable[[int], list[Row]]) -> None:
        """``fetch(number)`` reads block ``number`` (rows ``number * size`` onwards)."""
        self.size = size
        self.keep = keep
        self._fetch = fetch
        self._blocks: OrderedDict[int, list[Row]] = OrderedDict()

    def row(self, row: int) -> Row | None:
        """Row ``row`` of the list (the caller knows it is within the list's length)."""
        number, within = divmod(row, self.size)
        block = self._blocks.get(number)
        if block is None:
            block = self._fetch(number)
            self._blocks[number] = block
            if len(self._blocks) > self.keep:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block[within] if within < len(block) else None

    def held(self, row: int) -> Row | None:
        """Row ``row`` if its block is held, without reading it."""
        number, within = divmod(row, self.size)
        block = self._blocks.get(number)
        return block[within] if block is not None and within < len(block) else None

    def clear(self) -> None:
        self._blocks.clear()

    @property
    def cached_rows(self) -> int:
        return sum(len(block) for block in self._blocks.values())
