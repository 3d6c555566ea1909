"""The `kg` command as a user runs it: exit codes, messages, outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, TESTS
from helpers import run_kg, run_kg_process
from rdflib import RDF, Graph

from kg.build.builder import BuildSummary
from kg.common.namespaces import KG
from kg.common.resources import reference_files


@pytest.fixture(scope="session")
def built(demo_build: BuildSummary) -> Path:
    """The demo corpus's graph, built once per session (as `kg build` builds it: see
    test_build_defaults_to_kg_out_and_is_byte_identical)."""
    return demo_build.output


def test_version() -> None:
    result = run_kg("--version")
    assert result.returncode == 0 and result.stdout.strip().startswith("kg ")


def test_build_defaults_to_kg_out_and_is_byte_identical(built: Path, tmp_path: Path) -> None:
    """`kg build` with no arguments builds the demo corpus into kg-out/graph.trig and says so.
    Two runs give the same bytes, whatever order the interpreter's hashing gives sets: one
    in this process, one in a process hashing with another seed."""
    other_seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    result = run_kg_process("build", cwd=tmp_path, env={"PYTHONHASHSEED": other_seed})
    assert result.returncode == 0, result.stderr
    assert "articles: 9 built, 0 skipped" in result.stdout
    assert "validation: conforms" in result.stdout
    again = tmp_path / "kg-out" / "graph.trig"
    assert again.is_file()
    assert again.read_bytes() == built.read_bytes()


def test_queries_lists_titles_and_parameters() -> None:
    result = run_kg("queries")
    assert result.returncode == 0
    assert "what-lies-on: What lies on a highway" in result.stdout
    assert "-p highway=VALUE (required)" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_query_formats(built: Path, fmt: str) -> None:
    result = run_kg("query", "what-lies-on", "-g", str(built), "-p", "highway=M4", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["head"]["vars"] == ["highwayLabel", "placeLabel", "sources"]
        assert {b["placeLabel"]["value"] for b in data["results"]["bindings"]} >= {"Ariha", "Jisr al-Shughour"}
    elif fmt == "csv":
        assert result.stdout.splitlines()[0] == "highwayLabel,placeLabel,sources"
    elif fmt == "tsv":
        assert result.stdout.splitlines()[0] == "?highwayLabel\t?placeLabel\t?sources"
    else:
        assert "Jisr al-Shughour" in result.stdout


def test_query_parameter_is_data_not_query_text(built: Path) -> None:
    hostile = 'M4\\1" } } DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("'
    result = run_kg("query", "what-lies-on", "-g", str(built), "-p", "highway=M4", "-p", f"retracted={hostile}",
                    "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "highwayLabel,placeLabel,sources" and "\nM4,Saraqeb," in result.stdout
    named = run_kg("query", "what-lies-on", "-g", str(built), "-p", f"highway={hostile}", "--format", "csv")
    assert named.returncode == 2 and named.stdout == ""
    assert named.stderr.startswith("kg: error: no highway named 'M4\\1\" } } DROP ALL ;")


def test_missing_required_parameter(built: Path) -> None:
    result = run_kg("query", "what-lies-on", "-g", str(built))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "kg: error: query 'what-lies-on' needs -p highway=VALUE (label or alias of a highway, such as M4 or M5)"
    )


def test_sparql_syntax_error_names_line_and_column(built: Path) -> None:
    result = run_kg("sparql", "SELECT ?s WHERE { ?s a ", "-g", str(built))
    assert result.returncode == 2
    assert result.stderr.startswith("kg: error: query:1:") and "SPARQL syntax error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sparql_from_file(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?h a kg:Highway }")
    result = run_kg("sparql", str(query), "-g", str(built), "--format", "csv")
    reference = Graph()
    for path in reference_files():
        reference.parse(path, format="turtle")
    highways = len(set(reference.subjects(RDF.type, KG.Highway)))
    assert highways >= 2
    assert result.returncode == 0 and result.stdout.splitlines()[1] == str(highways)


def test_unknown_option_is_one_line_exit_2() -> None:
    result = run_kg("build", "--frobnicate")
    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.startswith("kg: error: No such option: --frobnicate") and "\n" not in message
    assert message.endswith("see 'kg build --help'")


def test_missing_graph_file(tmp_path: Path) -> None:
    result = run_kg("query", "actors", "-g", str(tmp_path / "none.trig"))
    assert result.returncode == 2
    assert str(tmp_path / "none.trig") in result.stderr and "no such file" in result.stderr


def test_validate_exit_codes(tmp_path: Path) -> None:
    shapes = TESTS / "shapes"
    good = run_kg("validate", str(shapes / "place-on-highway.ttl"))
    assert good.returncode == 0, good.stderr
    bad = run_kg("validate", str(shapes / "place-on-city.ttl"))
    assert bad.returncode == 1
    assert "Saraqeb <https://w3id.org/conflict-kg/id/Saraqeb>" in bad.stderr
    assert "A place can only lie on a highway" in bad.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n\n<a> kg:liesOn <b>\n<c> kg:liesOn <d> .\n")
    syntax = run_kg("validate", str(broken))
    assert syntax.returncode == 2
    assert syntax.stderr.startswith(f"kg: error: {broken}:4:")


def test_validate_report_formats() -> None:
    case = str(TESTS / "shapes" / "place-on-city.ttl")
    turtle = run_kg("validate", case, "--format", "turtle")
    assert turtle.returncode == 1 and "sh:ValidationReport" in turtle.stdout
    as_json = run_kg("validate", case, "--format", "json")
    assert as_json.returncode == 1 and "ValidationReport" in as_json.stdout


def test_build_that_does_not_conform_exits_1_and_still_writes(tmp_path: Path) -> None:
    # a hand-written article graph cannot be built; instead validate a built graph with a bad curated file
    shapes = TESTS / "shapes"
    result = run_kg("validate", str(shapes / "place-on-city.ttl"), str(shapes / "place-on-highway.ttl"))
    assert result.returncode == 1


def test_export_formats_round_trip(built: Path, tmp_path: Path) -> None:
    """Each format read back by Oxigraph's parser holds every triple of the graph; the
    triples of every named graph, in the formats without graphs."""
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
               "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    built_quads = set(ox.parse(path=str(built), format=ox.RdfFormat.TRIG))
    for fmt, rdf_format in formats.items():
        out = tmp_path / f"graph.{fmt}"
        result = run_kg("export", "-g", str(built), "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
        parsed = set(ox.parse(path=str(out), format=rdf_format))
        if fmt in ("ttl", "nt"):
            assert {q.triple for q in parsed} == {q.triple for q in built_quads}, fmt
        else:
            assert parsed == built_quads, fmt


def test_failed_build_leaves_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    out.write_text("previous graph")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_kg("build", str(empty), "-o", str(out))
    assert result.returncode == 2
    assert "no articles to build" in result.stderr
    assert out.read_text() == "previous graph"


def test_bad_article_is_skipped_and_reported(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("Turkish-backed rebels advanced on Saraqeb.")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\xfe broken")
    result = run_kg("build", str(tmp_path / "in"), "-o", str(tmp_path / "g.trig"))
    assert result.returncode == 0
    assert "skipped" in result.stderr and "bad.txt" in result.stderr and "not UTF-8" in result.stderr
    strict = run_kg("build", str(tmp_path / "in"), "-o", str(tmp_path / "h.trig"), "--strict")
    assert strict.returncode == 2 and not (tmp_path / "h.trig").exists()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not beside the repository")
def test_build_seeds_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "seeds.trig"
    result = run_kg("build", str(SEEDS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "articles: 5 built, 0 skipped" in result.stdout
    lies_on = run_kg("query", "what-lies-on", "-g", str(out), "-p", "highway=M4", "--format", "csv")
    assert {"Saraqeb", "Ariha", "Jisr al-Shughour"} <= {line.split(",")[1] for line in lies_on.stdout.splitlines()[1:]}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["export", "--format", "nt"], ["query", "who-backs-whom"]])
def test_a_full_disk_behind_stdout_is_one_line(built: Path, args: list[str]) -> None:
    command = [sys.executable, "-c", "from kg.cli import main; main()", *args, "-g", str(built)]
    with open("/dev/full", "wb") as full:
        result = subprocess.run(command, check=False, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 2
    expected = ("kg: error: standard output: cannot be written (No space left on device); "
                "free some space, or write to a file with -o")
    assert result.stderr.splitlines() == [expected]


def test_python_dash_m_kg_runs_the_tool() -> None:
    result = subprocess.run([sys.executable, "-m", "kg", "--version"], check=False, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("kg ")


def test_the_package_says_it_is_typed() -> None:
    from importlib.resources import files

    assert files("kg").joinpath("py.typed").is_file()


def test_an_article_on_standard_input_builds_a_graph_on_standard_output(tmp_path: Path) -> None:
    import pyoxigraph as ox

    article = "Kurdish-led fighters backed by the United States took the town of Manbij on Sunday.\n"
    result = run_kg("build", "-", "-o", "-", input=article, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    quads = list(ox.parse(result.stdout.encode("utf-8"), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert "https://w3id.org/conflict-kg/graph/article/stdin" in graphs
    assert any(q.predicate.value.endswith("#sourceFile") and q.object.value == "standard input" for q in quads)
    assert "articles: 1 built, 0 skipped" in result.stderr and "wrote standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_standard_input_is_no_article(tmp_path: Path) -> None:
    result = run_kg("build", "-", "-o", str(tmp_path / "g.trig"), input="")
    assert result.returncode == 2 and "standard input: empty" in result.stderr
    assert not (tmp_path / "g.trig").exists()


def test_a_file_that_names_nothing_and_has_no_date_is_called_no_article(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dispatch.txt").write_text(
        "Government troops retook the village of Kafr Nabudah on Tuesday, a war monitor said.\n", encoding="utf-8")
    (tmp_path / "in" / "todo.txt").write_text("Call the office about the printer; buy more paper.\n", encoding="utf-8")
    result = run_kg("build", str(tmp_path / "in"), "-o", str(tmp_path / "g.trig"))
    assert result.returncode == 0, result.stderr
    assert "articles: 2 built (1 not an article?), 0 skipped" in result.stdout
    (line,) = [row for row in result.stderr.splitlines() if row.startswith("not an article?")]
    assert line.startswith(f"not an article? {tmp_path / 'in' / 'todo.txt'}: no date, no actor, place or highway")


def test_a_graph_built_to_standard_output_validates_from_standard_input(tmp_path: Path) -> None:
    article = "Russian jets struck the town of Kafr Nabudah on Monday, a monitor said.\n"
    built = run_kg("build", "-", "-o", "-", input=article, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    checked = run_kg("validate", "-", input=built.stdout, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    curated = ("@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n@prefix kgr: <https://w3id.org/conflict-kg/id/> .\n"
               "kgr:Ariha kg:liesOn kgr:Hama .\n")
    wrong = run_kg("validate", "-", input=curated, cwd=tmp_path)
    assert wrong.returncode == 1
    assert wrong.stderr.splitlines()[-1].startswith("standard input: does not conform:")
    assert wrong.stderr.startswith("standard input:3: Violation: Ariha")
    broken = run_kg("validate", "-", input="kgr:a kgr:b .\n", cwd=tmp_path)
    assert broken.returncode == 2 and broken.stderr.startswith("kg: error: standard input:1:")
    assert list(tmp_path.iterdir()) == []
