"""Shared fixtures. Tests never need a screen: Qt runs offscreen, set here, not by the user."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from forms import all_forms
from forms.applicant import APPLICANT, ApplicantProfile
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.document import ApplicationDocument, documents_from_json

DATA = Path(__file__).parent / "data"
KINDS = sorted(all_forms())


def example_json(kind: str) -> dict[str, Any]:
    """The complete example document of ``kind`` (a fresh copy to change freely)."""
    return copy.deepcopy(json.loads((DATA / f"{kind}.json").read_text(encoding="utf-8")))


def example_document(kind: str) -> ApplicationDocument:
    return documents_from_json(example_json(kind), all_forms(), APPLICANT)[0]


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def example() -> Callable[[str], dict[str, Any]]:
    return example_json


@pytest.fixture
def applicant() -> ApplicantProfile:
    return ApplicantProfile.model_validate(example_json("incubator")["applicant"])
