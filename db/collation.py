"""How text sorts: by Unicode code point, the same on every back end.

SQLite compares text by its bytes (BINARY), which for UTF-8 is code-point order; PostgreSQL
compares by the database's collation, which depends on how the server was set up (``zh_CN``,
``en_US``, ``C``…), so the same list could come out in two orders. Code-point order is the one
both can give: Chinese characters then follow the Unicode table's radical-and-stroke order,
Latin letters and digits come before them, and no server setting changes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class CodePointOrder(FunctionElement[str]):
    """``column`` as a sort key in code-point order (``COLLATE "C"`` on PostgreSQL)."""

    type = String()
    inherit_cache = True
    name = "code_point_order"


@compiles(CodePointOrder)
def _as_it_is(element: CodePointOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))  # SQLite's BINARY is code-point order


@compiles(CodePointOrder, "postgresql")
def _in_c_collation(element: CodePointOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.clauses, **kw)} COLLATE "C"'


def text_order(column: Any) -> ColumnElement[Any]:
    """A text column in code-point order; any other column as it is."""
    return CodePointOrder(column) if isinstance(column.type, String) else column
