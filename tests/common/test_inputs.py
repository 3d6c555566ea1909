"""Bounds on every input: special files refused by type, reads capped by the bytes read, RDF that
would blow up its parser refused before parsing, and every scan of article text linear while
giving exactly what the regular expressions it replaced gave (those are kept here as the spec)."""

from __future__ import annotations

import io
import os
import re
import socket
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build.batches import extraction_resources
from kg.build.pipeline import markdown, normalise, segment
from kg.build.pipeline.read import read_articles
from kg.common.errors import InputError
from kg.common.inputs import (
    read_limited,
    refuse_deep_json,
    refuse_deep_xml,
    refuse_xml_declarations,
)
from kg.common.progress import ProgressLines
from kg.store.bridge import Loader, SerialisedQuads, serialise_quads

# The expressions the scanners replaced, with Python's `re` semantics: quadratic or worse on a
# long line, exact on short ones.
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
DATE_LINE = re.compile(r"^\s*(?:\*\*)?date(?:\*\*)?\s*:\s*(\S.*?)\s*$", re.IGNORECASE | re.MULTILINE)
TEMPLATE_MARKER = re.compile(r"%[A-Z][A-Z_]*[0-9a-fA-F]{8,}%|\{\{[^{}\n]{0,80}\}\}")
BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")

MARKDOWN_PIECES = ["#", "##", " ", "\n", "\t", "\r", "\x0b", "\u00a0", "a", "B", "*", "**", "_", "[", "]",
                   "(", ")", "!", ":", "date", "Date", "DATE", "x y"]
markdown_text = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(markdown_text)
def test_markdown_scanners_give_what_the_expressions_gave(text: str) -> None:
    assert markdown.strip_headings(text) == HEADING.sub(r"\1", text)
    heading = HEADING.search(text)
    assert markdown.find_heading(text) == (heading.group(1) if heading else None)
    assert markdown.strip_links(text) == LINK.sub(r"\1", text)
    assert markdown.strip_emphasis(text) == EMPHASIS.sub(r"\2", text)
    date = DATE_LINE.search(text)
    assert markdown.find_date_line(text) == ((date.start(), date.end(), date.group(1)) if date else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["%", "A", "F", "G", "_", "a", "0", "9", "12345678", "{{", "}}", "\n", " "]),
                max_size=20).map("".join))
def test_template_markers_are_the_ones_the_old_expression_found(text: str) -> None:
    assert normalise.remove_template_markers(text) == (TEMPLATE_MARKER.sub("", text) if "%" in text or "{{" in text
                                                       else text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([".", "!", "?", '"', "'", ")", "]", "(", " ", "A", "a", "0"]), max_size=20).map("".join))
def test_sentence_boundaries_are_the_ones_the_old_expression_found(line: str) -> None:
    assert [m.span() for m in segment._BOUNDARY.finditer(line)] == [m.span() for m in BOUNDARY.finditer(line)]


UNITS = [" m{}:|Actor|State|", " m{}:|Actor|ArmedGroup|", " m{}:|Place|Settlement|", " p:comma", " w:and",
         " w:or", " w:backed", " w:by", " w:said", " w:fought", " w:against", " w:allied", " w:with", " w:is",
         " w:held", " w:under", " w:control", " w:denied", " w:took", " w:lies", " w:on", " m{}:|Highway|"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(UNITS), min_size=1, max_size=16))
def test_patterns_that_start_with_a_list_match_as_their_expressions_do(units: list[str]) -> None:
    encoded = "".join(unit.format(k) for k, unit in enumerate(units))
    for pattern in extraction_resources().patterns:
        expected = [(m.span(), m.groupdict()) for m in pattern.regex.finditer(encoded)]
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(encoded)] == expected, pattern.record.id


def test_a_long_list_of_actors_before_a_failing_pattern_is_read() -> None:
    """Tried from every actor of the list, the patterns took minutes on a few thousand."""
    encoded = " m1:|Actor|State| p:comma" * 5_000 + " w:said"
    for pattern in extraction_resources().patterns:
        for _ in pattern.finditer(encoded):
            pass


def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.ttl"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="feed.ttl: a named pipe"):
        read_limited(pipe, None)


def test_a_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="zero.txt: a character device, not a regular file"):
        read_limited(link, 1000)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs /proc")
def test_the_limit_counts_bytes_read_not_the_size_a_file_claims() -> None:
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0  # and yet it holds a kilobyte or so
    with pytest.raises(InputError, match="more than the"):
        read_limited(status, 100)


def test_special_files_in_a_folder_are_listed_as_skipped() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # a short path: sockets need one
        root = Path(folder)
        (root / "ok.txt").write_text("Russia backs the Syrian government.", encoding="utf-8")
        os.mkfifo(root / "pipe.txt")
        (root / "gone.txt").symlink_to(root / "elsewhere.txt")
        listener = socket.socket(socket.AF_UNIX)
        try:
            listener.bind(str(root / "sock.txt"))
            result = read_articles([root])
        finally:
            listener.close()
    reasons = {Path(s.source).name: s.reason for s in result.skipped}
    assert [a.id for a in result.articles] == ["ok"]
    assert reasons["pipe.txt"].startswith("a named pipe (FIFO), not a regular file")
    assert reasons["sock.txt"].startswith("a socket, not a regular file")
    assert reasons["gone.txt"].startswith("a broken link")


def _nested(depth: int) -> bytes:
    return b'{"@id": "https://example.org/x", "https://example.org/p": ' * depth + b'"v"' + b"}" * depth


def test_json_ld_nesting_is_capped() -> None:
    refuse_deep_json(Path("ok.jsonld"), _nested(100))
    with pytest.raises(InputError, match="deep.jsonld:1: JSON nested more than 100 levels deep"):
        refuse_deep_json(Path("deep.jsonld"), _nested(101))


def test_brackets_inside_json_strings_do_not_count() -> None:
    text = b'{"@id": "https://example.org/x", "https://example.org/p": "' + b"[{" * 500 + b'\\" ]"}'
    refuse_deep_json(Path("strings.jsonld"), text)
    refuse_deep_json(Path("broken.jsonld"), b'{"a": "' + b"[" * 500)  # an unclosed string


@pytest.mark.parametrize("declaration", ["<!DOCTYPE rdf:RDF>", "<!doctype x [ ]>", "<!ENTITY e 'x'>"])
def test_rdf_xml_declarations_are_refused_wherever_they_are(declaration: str) -> None:
    data = f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n{declaration}\n'
    with pytest.raises(InputError, match=r"x.rdf:3: RDF/XML with a (DOCTYPE|ENTITY) declaration"):
        refuse_xml_declarations(Path("x.rdf"), data.encode())


def test_rdf_xml_nesting_is_capped_counting_elements_only() -> None:
    hidden = b'<!-- <a><b> --><![CDATA[<c><d>]]><?pi <e>?>'
    flat = b'<rdf:RDF><rdf:Description rdf:about="https://example.org/a>b"><p/>' + hidden + b"</rdf:Description></rdf:RDF>"
    refuse_deep_xml(Path("flat.rdf"), flat * 50, limit=2)
    with pytest.raises(InputError, match="deep.rdf:2: XML nested more than 100 elements deep"):
        refuse_deep_xml(Path("deep.rdf"), b'<?xml version="1.0"?>\n' + b"<a><b>" * 60)


def test_the_merged_view_is_loaded_after_the_graphs() -> None:
    store = ox.Store()
    loader = Loader(store, chunk=2)
    triple = (ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.NamedNode("https://example.org/c"))
    for k in range(5):
        loader.add(serialise_quads([ox.Quad(*triple, ox.NamedNode(f"https://example.org/g{k}"))]))
    assert ox.Quad(*triple) not in store  # only once every graph is in
    loader.flush()
    assert ox.Quad(*triple) in store and len(store) == 6
    loader.add(SerialisedQuads())
    loader.flush()


def test_progress_lines_come_once_a_percent() -> None:
    stream = io.StringIO()
    advance = ProgressLines("extracting", stream)
    for done in range(0, 1001, 5):
        advance(done, 1000)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 101
    assert lines[-1].startswith("extracting: 1000/1000 articles (100%)")


NODES = ["https://example.org/id/Saraqeb", "https://example.org/id/M4", "https://example.org/o#liesOn",
         "https://example.org/id/v1.2", "https://example.org/id/", "https://example.org/id/a(b"]
TURTLE_PIECES = ["kgr:", ":", "Saraqeb", "M4", "liesOn", "v1.2", "v1", " ", ".", ";", ",", "(", "[", ")", "]",
                 "<https://example.org/id/Saraqeb>", "<", ">", "a", "\t", "-", "\n"]


def _first_lines_one_node_at_a_time(lines: list[str], nodes: set[str]) -> dict[str, int]:
    found = {}
    for node in nodes:
        local = re.split(r"[#/]", node)[-1]
        short = re.compile(r"(?:^|[\s;,(\[])[\w-]*:" + re.escape(local) + r"(?=[\s;,.)\]]|$)")
        for number, line in enumerate(lines, start=1):
            if local and (f"<{node}>" in line or short.search(line)):
                found[node] = number
                break
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TURTLE_PIECES), max_size=30).map("".join), st.sets(st.sampled_from(NODES), min_size=1))
def test_validation_finds_where_each_node_is_first_written(tmp_path_factory: pytest.TempPathFactory, text: str,
                                                           nodes: set[str]) -> None:
    from kg.validation.files import _first_lines

    path = tmp_path_factory.mktemp("lines") / "curated.ttl"
    path.write_text(text, encoding="utf-8")
    found = {node: line for node, (_, line) in _first_lines(path, nodes).items()}
    assert found == _first_lines_one_node_at_a_time(text.split("\n"), nodes)
