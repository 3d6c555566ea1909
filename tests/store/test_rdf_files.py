"""RDF files: formats by name and suffix, parsing with positions in errors, sorted serialisation
and atomic writing."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.common.errors import InputError, UsageError
from kg.common.namespaces import DCTERMS, GRAPH, KG, KGR, RDF
from kg.store.rdf_files import (
    format_for,
    load_graph,
    parse_rdf,
    quad_order,
    serialise_sorted,
    write_atomic,
)

PREFIXES = (
    "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
    "@prefix kgr: <https://w3id.org/conflict-kg/id/> .\n"
)
JORDAN, IRAQ = ox.NamedNode(str(KGR.Jordan)), ox.NamedNode(str(KGR.Iraq))
TYPE, ALLIED, COUNTRY = (
    ox.NamedNode(str(RDF.type)),
    ox.NamedNode(str(KG.alliedWith)),
    ox.NamedNode(str(KG.Country)),
)
TITLE = ox.NamedNode(str(DCTERMS.title))  # its IRI sorts before rdf:type's
ONE, TWO = ox.NamedNode(str(GRAPH["article/one"])), ox.NamedNode(str(GRAPH["article/two"]))


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_format_comes_from_the_name_given_or_the_suffix() -> None:
    assert format_for(Path("graph.TTL")) == "ttl"
    assert format_for(Path("graph.json")) == "jsonld"
    assert format_for(Path("graph.owl")) == "rdf"
    assert format_for(Path("graph.txt"), "TriG") == "trig"
    with pytest.raises(
        UsageError, match="unknown RDF format 'csv'; use one of ttl, trig, nq, nt, jsonld"
    ):
        format_for(Path("graph.ttl"), "csv")
    with pytest.raises(InputError, match=r"^graph\.csv: unknown RDF file type '\.csv'; use \.ttl"):
        format_for(Path("graph.csv"))
    with pytest.raises(InputError, match="unknown RDF file type 'README'"):
        format_for(Path("README"))


def test_triples_go_into_the_graph_asked_for_and_quads_keep_theirs(tmp_path: Path) -> None:
    turtle = _write(tmp_path, "a.ttl", PREFIXES + "kgr:Jordan kg:alliedWith kgr:Iraq .\n")
    assert parse_rdf(turtle) == [ox.Quad(JORDAN, ALLIED, IRAQ)]
    assert parse_rdf(turtle, graph=URIRef(ONE.value)) == [ox.Quad(JORDAN, ALLIED, IRAQ, ONE)]
    trig = _write(
        tmp_path,
        "b.trig",
        PREFIXES + "kgr:Iraq a kg:Country .\n"
        f"<{TWO.value}> {{ kgr:Jordan kg:alliedWith kgr:Iraq . }}\n",
    )
    assert sorted(map(str, parse_rdf(trig, graph=URIRef(ONE.value)))) == sorted(
        map(str, [ox.Quad(IRAQ, TYPE, COUNTRY, ONE), ox.Quad(JORDAN, ALLIED, IRAQ, TWO)])
    )
    named = _write(
        tmp_path,
        "c.data",
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
    )
    assert len(parse_rdf(named, "nt")) == 1


def test_relative_iris_resolve_against_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "rel.ttl", "<a> <b> <c> .\n")
    [quad] = parse_rdf(path)
    assert quad.subject == ox.NamedNode((tmp_path / "a").resolve().as_uri())


def test_a_syntax_error_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad.ttl",
        PREFIXES + "kgr:Jordan kg:alliedWith kgr:Iraq .\nkgr:Kuwait kg:alliedWith .\n",
    )
    with pytest.raises(InputError) as caught:
        parse_rdf(path)
    assert (caught.value.source, caught.value.line) == (str(path), 4)
    assert caught.value.column is not None and "syntax error" in caught.value.problem
    assert str(caught.value).startswith(f"{path}:4:{caught.value.column}: syntax error")


def test_empty_files_and_rdf_xml_doctypes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file; write some triples or leave the file out"):
        parse_rdf(_write(tmp_path, "blank.ttl", " \n\t\n"))
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e "x">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    with pytest.raises(InputError, match=r"entity\.rdf:2: RDF/XML with a DOCTYPE declaration"):
        parse_rdf(_write(tmp_path, "entity.rdf", xml))


def test_a_graph_file_loads_with_its_named_graphs_merged(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "g.trig",
        PREFIXES + "kgr:Iraq a kg:Country .\n"
        f"<{ONE.value}> {{ kgr:Jordan kg:alliedWith kgr:Iraq . }}\n"
        f"<{TWO.value}> {{ kgr:Jordan kg:alliedWith kgr:Iraq . }}\n",
    )
    graph = load_graph(path)
    assert set(graph) == {(KGR.Iraq, RDF.type, KG.Country), (KGR.Jordan, KG.alliedWith, KGR.Iraq)}


def test_quads_sort_by_graph_then_subject_with_types_first() -> None:
    quads = [
        ox.Quad(JORDAN, ALLIED, IRAQ, TWO),
        ox.Quad(JORDAN, TYPE, COUNTRY, TWO),
        ox.Quad(JORDAN, ALLIED, IRAQ, ONE),
        ox.Quad(IRAQ, ALLIED, JORDAN, TWO),
        ox.Quad(JORDAN, TITLE, ox.Literal("Jordan"), TWO),
    ]
    assert sorted(quads, key=quad_order) == [quads[2], quads[3], quads[1], quads[4], quads[0]]


def test_triple_formats_get_each_triple_once_in_a_fixed_order() -> None:
    quads = [
        ox.Quad(JORDAN, ALLIED, IRAQ, ONE),
        ox.Quad(JORDAN, TYPE, COUNTRY, ONE),
        ox.Quad(JORDAN, ALLIED, IRAQ, TWO),
        ox.Quad(JORDAN, TITLE, ox.Literal("Jordan"), TWO),
    ]
    lines = serialise_sorted(quads, "nt").decode().splitlines()
    assert lines == [
        f"<{JORDAN.value}> <{TYPE.value}> <{COUNTRY.value}> .",
        f'<{JORDAN.value}> <{TITLE.value}> "Jordan" .',
        f"<{JORDAN.value}> <{ALLIED.value}> <{IRAQ.value}> .",
    ]
    turtle = serialise_sorted(quads, "ttl")
    assert turtle == serialise_sorted(quads[::-1], "ttl")
    assert (
        b"@prefix kgr: <https://w3id.org/conflict-kg/id/> ." in turtle
        and b"kgr:Jordan a kg:Country" in turtle
    )


def test_quad_formats_keep_every_graph() -> None:
    quads = sorted(
        [ox.Quad(JORDAN, ALLIED, IRAQ, ONE), ox.Quad(JORDAN, ALLIED, IRAQ, TWO)], key=quad_order
    )
    assert serialise_sorted(quads, "nq").decode().splitlines() == [
        f"<{JORDAN.value}> <{ALLIED.value}> <{IRAQ.value}> <{g.value}> ." for g in (ONE, TWO)
    ]
    trig = serialise_sorted(quads, "trig").decode()
    assert (
        0 < trig.index("one {") < trig.index("two {")
        and "kgr:Jordan kg:alliedWith kgr:Iraq" in trig
    )
    assert sorted(map(str, ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))) == sorted(
        map(str, quads)
    )


def test_writing_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out" / "graph.nt"
    write_atomic(path, b"first\n")
    write_atomic(path, b"second\n")
    assert path.read_bytes() == b"second\n"
    assert os.listdir(path.parent) == ["graph.nt"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_place_that_cannot_be_written_is_an_input_error(tmp_path: Path) -> None:
    blocker = _write(tmp_path, "plain-file", "not a folder")
    with pytest.raises(
        InputError, match="cannot write here .*; choose a writable output folder with -o"
    ):
        write_atomic(blocker / "graph.ttl", b"x")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(InputError, match=r"a-folder: cannot be written .*; check the output path"):
        write_atomic(folder, b"x")
    assert sorted(os.listdir(tmp_path)) == ["a-folder", "plain-file"]
