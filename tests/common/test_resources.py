"""Where the data files live, and the tool's defaults."""

from __future__ import annotations

from kg.common import resources


def test_the_ontology_and_its_typology_are_turtle_files() -> None:
    files = resources.ontology_files()
    assert files[0] == resources.ontology_file()
    assert [f.name for f in files] == ["kg.ttl", "typology.ttl"]
    assert all(f.is_file() for f in files)


def test_shapes_reference_and_patterns_are_in_the_ontology_folder() -> None:
    root = resources.ontology_dir()
    assert resources.shapes_file().is_file() and resources.shapes_file().parent == root
    assert resources.patterns_dir().is_dir() and resources.patterns_dir().parent == root
    references = resources.reference_files()
    assert references and references == sorted(references)
    assert all(f.suffix == ".ttl" and f.parent == root / "reference" for f in references)


def test_queries_templates_and_vendor_files_are_found() -> None:
    assert any(resources.queries_dir().glob("*.rq"))
    assert (resources.templates_dir() / "report.html").is_file()
    assert resources.vendor_dir().is_dir()


def test_the_demo_corpus_is_beside_the_ontology() -> None:
    corpus = resources.demo_corpus_dir()
    assert corpus.is_dir() and any(corpus.iterdir())
    assert corpus.parent.parent == resources.data_root() == resources.ontology_dir().parent


def test_the_defaults() -> None:
    assert resources.DEFAULT_OUTPUT.name == "graph.trig"
    assert not resources.DEFAULT_OUTPUT.is_absolute()
    assert resources.LOCALHOST == "127.0.0.1"
    assert resources.LEDGER_NAME.endswith(".json")
