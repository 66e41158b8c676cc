"""Found by a second review: a zone this copy's register does not know is never shown by its raw id."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from db.exchange import Exchange
from forms.exchange.errors import PackageError


def test_a_package_addressed_to_a_zone_missing_from_this_register_is_refused_in_words():
    """A register update reaches copies at different times: an enterprise with a newer register
    addresses a zone this office's register lacks. zone_name() then returns the id itself and
    the refusal reads 「是报送“hezhou_new”的」, a code the officer cannot act on."""
    manifest = SimpleNamespace(addressed_to="hezhou_new")
    with pytest.raises(PackageError) as caught:
        Exchange._check_addressed("nanning", manifest, "文件 a.gxpkg")
    assert "hezhou_new" not in str(caught.value), str(caught.value)
