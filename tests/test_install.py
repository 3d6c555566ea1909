"""A non-editable install ships the ontology, queries and demo corpus inside the package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg
from kg.common import resources


def test_data_files_are_found() -> None:
    assert resources.ontology_file().is_file()
    assert resources.shapes_file().is_file()
    assert resources.reference_files()
    assert list(resources.queries_dir().glob("*.rq"))
    assert list(resources.demo_corpus_dir().glob("*.txt"))


@pytest.mark.skipif(os.environ.get("KG_EXPECT_INSTALLED") != "1", reason="set by .ci/run after a non-editable install")
def test_installed_package_uses_shipped_data() -> None:
    package = Path(kg.__file__).resolve().parent
    assert "site-packages" in str(package)
    assert resources.data_root() == package / "_data"
