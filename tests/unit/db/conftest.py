"""Fixtures of the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.copies import Copy, open_copy
from tests.helpers.scenarios import filled_office


@pytest.fixture
def full_office(tmp_path: Path) -> Copy:
    """An office store with a row in every table (see ``filled_office``)."""
    return filled_office(tmp_path)


@pytest.fixture
def enterprise(tmp_path: Path) -> Copy:
    """An enterprise's store in its own folder."""
    return open_copy(tmp_path / "enterprise")


@pytest.fixture
def office(tmp_path: Path) -> Copy:
    """南宁高新区管委会's store (where the examples are sent); a test may override it."""
    return open_copy(tmp_path / "office", "enclave")
