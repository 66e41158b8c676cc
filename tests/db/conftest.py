from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db.repository import Store
from tests.db.copies import Copy
from tests.helpers.scenarios import filled_office


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store.open(store_url)
    yield s
    s.close()


@pytest.fixture
def full_office(tmp_path: Path) -> Copy:
    """An office store with a row in every table (see ``filled_office``)."""
    return filled_office(tmp_path)
