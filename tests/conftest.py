"""Shared fixtures. Tests never need a screen: Qt runs offscreen, set here, not by the user."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

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
