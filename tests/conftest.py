"""Shared fixtures. Tests never need a screen: Qt runs offscreen, set here, not by the user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.recovery import RecoveryJournal
from db.repository import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from forms.applicant import ApplicantProfile
from forms.core.catalogue import Catalogue, load_catalogue
from tests.helpers.examples import DATA, KINDS, example_document, example_json  # noqa: F401


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def example() -> Callable[[str], dict[str, Any]]:
    return example_json


@pytest.fixture
def applicant() -> ApplicantProfile:
    return ApplicantProfile.model_validate(example_json("incubator")["applicant"])


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A new, empty store in the test's own folder."""
    s = Store.open(store_url)
    yield s
    s.close()


@pytest.fixture
def journal(tmp_path: Path) -> RecoveryJournal:
    return RecoveryJournal(tmp_path / "recovery")
