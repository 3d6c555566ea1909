"""`kg diff`: the statements added and removed between two graphs, graph by graph."""

from __future__ import annotations

from pathlib import Path

from kg.common.namespaces import GRAPH, KG, KGR
from kg.questions.diff import GraphDiff, diff_datasets, diff_files
from kg.store.bridge import read_dataset

PREFIXES = f"@prefix kg: <{KG}> .\n@prefix kgr: <{KGR}> .\n@prefix kgg: <{GRAPH}> .\n"


def _write(path: Path, body: str) -> Path:
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def _line(subject: str, predicate: str, obj: str, graph: str = "") -> str:
    terms = f"<{KGR[subject]}> <{KG[predicate]}> <{KGR[obj]}>"
    return f"{terms} <{GRAPH[graph]}> ." if graph else f"{terms} ."


def test_added_and_removed_statements_of_a_named_graph(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.trig", """
kgg:curated { kgr:Turkey kg:backs kgr:SyrianRebels . kgr:SyrianDemocraticForces kg:controls kgr:Manbij . }
""")
    new = _write(tmp_path / "new.trig", """
kgg:curated { kgr:Turkey kg:backs kgr:SyrianRebels . kgr:SyrianRebels kg:controls kgr:Afrin . }
""")
    diff = diff_files(old, new)
    assert diff == GraphDiff(added=[_line("SyrianRebels", "controls", "Afrin", "curated")],
                             removed=[_line("SyrianDemocraticForces", "controls", "Manbij", "curated")])
    assert not diff.same


def test_a_statement_moved_to_another_graph_is_removed_and_added(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.trig", "kgg:a { kgr:Iraq kg:controls kgr:Mosul . }\n")
    new = _write(tmp_path / "new.trig", "kgg:b { kgr:Iraq kg:controls kgr:Mosul . }\n")
    diff = diff_files(old, new)
    assert diff.added == [_line("Iraq", "controls", "Mosul", "b")]
    assert diff.removed == [_line("Iraq", "controls", "Mosul", "a")]


def test_the_default_graph_has_no_graph_name(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.ttl", "kgr:Iraq kg:controls kgr:Ramadi .\n")
    new = _write(tmp_path / "new.ttl", "kgr:Iraq kg:controls kgr:Fallujah .\n")
    diff = diff_files(old, new)
    assert diff.added == [_line("Iraq", "controls", "Fallujah")]
    assert diff.removed == [_line("Iraq", "controls", "Ramadi")]


def test_renamed_blank_nodes_are_no_change(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.trig", "kgg:c { _:x kg:place kgr:Raqqa ; kg:actor kgr:SyrianDemocraticForces . }\n")
    new = _write(tmp_path / "new.trig", "kgg:c { _:y kg:place kgr:Raqqa ; kg:actor kgr:SyrianDemocraticForces . }\n")
    assert diff_files(old, new).same


def test_a_graph_is_the_same_as_itself(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.trig", "kgg:a { kgr:Iraq kg:controls kgr:Mosul . }\n")
    dataset = read_dataset([path])
    assert diff_datasets(dataset, dataset) == GraphDiff([], [])


def test_a_blank_node_with_a_changed_statement_shows_the_change(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.trig", "kgg:c { _:x kg:place kgr:Raqqa . }\n")
    new = _write(tmp_path / "new.trig", "kgg:c { _:x kg:place kgr:DeirEzZor . }\n")
    diff = diff_files(old, new)
    assert len(diff.added) == len(diff.removed) == 1
    assert f"<{KGR.DeirEzZor}> <{GRAPH.c}> ." in diff.added[0] and diff.added[0].startswith("_:")
    assert f"<{KGR.Raqqa}>" in diff.removed[0]
