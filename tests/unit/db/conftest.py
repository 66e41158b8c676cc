"""Fixtures of the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.copies import Copy
from tests.helpers.scenarios import filled_office


@pytest.fixture
def full_office(tmp_path: Path) -> Copy:
    """An office store with a row in every table (see ``filled_office``)."""
    return filled_office(tmp_path)
