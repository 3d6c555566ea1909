"""`kg evaluate` as an analyst uses it: the figures it prints for a small gold set of our own,
its findings, its JSON, its answers to a bad gold file, and its agreement with the shared
scorer (`../shared/eval/kg-score`) on the seeds and the development set."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS
from helpers import made_once, run_kg
from rdflib import Dataset

from kg.build.builder import BuildSummary, build
from kg.common.errors import InputError
from kg.evaluation.gold import parse_gold
from kg.evaluation.names import name_map
from kg.evaluation.numbers import number_in
from kg.evaluation.reports import date_agrees
from kg.evaluation.rules import load_rules
from kg.questions.query import bind, get_query, render, run
from kg.store.bridge import read_dataset

CASE = REPO / "tests" / "cases" / "evaluate"
GOLD = CASE / "gold.json"
ARTICLES = CASE / "articles"
EVAL = REPO.parent / "shared" / "eval"

EXPECTED_TABLE = """\
kind                       precision   recall
-------------------------  ----------  -----------
backs                      1.00 (3/3)  1.00 (3/3)
allied                     1.00 (2/2)  1.00 (2/2)
lies on M4                 1.00 (3/3)  1.00 (3/3)
lies on M5                 0.00 (0/0)  1.00 (0/0)
connects                   1.00 (1/1)  0.50 (1/2)
pairs pooled               1.00 (9/9)  0.90 (9/10)
control changes            1.00 (2/2)  1.00 (2/2)
control changes with date  1.00 (2/2)  1.00 (2/2)
casualties                 1.00 (2/2)  1.00 (2/2)"""


def kg(*args: str) -> tuple[int, str, str]:
    """Run the kg command in this process: exit code, standard output, standard error."""
    result = run_kg(*args)
    return result.returncode, result.stdout, result.stderr


# --- our own gold set ------------------------------------------------------------------------

def test_prints_precision_and_recall_per_kind(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = kg("evaluate", str(GOLD), str(ARTICLES))
    assert code == 0, err
    assert out.rstrip("\n") == EXPECTED_TABLE
    assert err == ""


def test_detail_lists_each_false_positive_and_miss_with_its_sentence(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = kg("evaluate", str(GOLD), str(ARTICLES), "--detail")
    assert code == 0
    detail = out.split("\n\n", 1)[1].splitlines()
    assert detail[:3] == [
        "false positives, misses and other findings:",
        "connects: missed: M4 -> Aleppo",
        "    m4-patrols (gold): The M4 links Latakia on the coast with Aleppo.",
    ]
    assert not any(": false positive:" in line for line in detail), "the ceasefire's backer is Ankara alone"
    assert not any(line.startswith("allied: missed") for line in detail)
    assert "    m4-patrols (gold): The M4 links Latakia on the coast with Aleppo." in detail
    assert not any(line.startswith("casualties:") for line in detail), "both reports of deaths are found"
    unscorable = [line for line in detail if "unscorable" in line]
    assert len(unscorable) == 1 and "two hamlets near Khan Tuman" in unscorable[0]
    assert not any("Saraqeb" in line for line in detail), "optional entries are no misses"


def test_json_gives_figures_and_findings(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = kg("evaluate", str(GOLD), str(ARTICLES), "--format", "json", "--detail")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"gold", "figures", "findings", "notes"}
    pooled = next(f for f in data["figures"] if f["kind"] == "pairs")
    assert pooled == {"kind": "pairs", "label": "pairs pooled", "precision": 1.0, "recall": 0.9,
                      "correct": 9, "counted": 9, "found": 9, "required": 10}
    assert [f["label"] for f in data["figures"]] == [line.split("  ")[0] for line in EXPECTED_TABLE.splitlines()[2:]]
    missed = data["findings"][0]
    assert missed["status"] == "missed" and missed["articles"] == ["m4-patrols"]
    assert missed["evidence"][0]["from"] == "gold"
    assert {f["status"] for f in data["findings"]} == {"missed", "unscorable (the place is not a named entity)"}


def test_json_without_detail_has_no_findings(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = kg("evaluate", str(GOLD), str(ARTICLES), "-f", "json")
    assert code == 0 and "findings" not in json.loads(out)


def test_both_gold_layouts_give_the_same_figures(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = kg("evaluate", str(CASE / "gold-sections.json"), str(ARTICLES))
    assert code == 0 and out.rstrip("\n") == EXPECTED_TABLE


@pytest.fixture(scope="session")
def articles_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our gold set's articles, built once for this module (unvalidated, as kg evaluate builds)."""
    def make(folder: Path) -> Path:
        build([ARTICLES], folder / "graph.trig", check=False)
        return folder / "graph.trig"

    return made_once(tmp_path_factory, "gold-articles", make)


def test_reads_a_built_graph(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                             articles_graph: Path) -> None:
    code, out, _ = kg("evaluate", str(GOLD), "-g", str(articles_graph))
    assert code == 0 and out.rstrip("\n") == EXPECTED_TABLE


def test_reads_a_store(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    build([ARTICLES], None, check=False, store=tmp_path / "store")
    code, out, _ = kg("evaluate", str(GOLD), "--store", str(tmp_path / "store"))
    assert code == 0 and out.rstrip("\n") == EXPECTED_TABLE


def test_files_the_gold_does_not_name_are_left_out(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    (tmp_path / "articles" / "NOTES.md").write_text("Turkey backs the Syrian government, said nobody.\n")
    code, out, err = kg("evaluate", str(GOLD), str(tmp_path / "articles"))
    assert code == 0 and out.rstrip("\n") == EXPECTED_TABLE
    assert err == f"note: left out {tmp_path / 'articles' / 'NOTES.md'}: the gold does not name it\n"


def test_gold_articles_missing_from_the_graph_are_noted(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    build([ARTICLES / "m4-patrols.txt"], tmp_path / "graph.trig", check=False)
    code, _, err = kg("evaluate", str(GOLD), "-g", str(tmp_path / "graph.trig"))
    assert code == 0
    assert "note: the graph has no article sarmin-retaken, which the gold names" in err


# --- bad input -------------------------------------------------------------------------------

def test_gold_that_is_not_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text('{\n  "articles": [\n    {"file": "a.txt",}\n  ]\n}\n')
    code, out, err = kg("evaluate", str(gold), str(ARTICLES))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"kg: error: {gold}:3:22: not JSON")


@pytest.mark.parametrize(("content", "where"), [
    ('["a", "b"]', "the gold file is not a JSON object"),
    ('{"notes": "nothing"}', "the gold file has neither an 'articles' list"),
    ('{"articles": {"file": "a.txt"}}', "articles is not a list"),
    ('{"articles": [{"backs": []}]}', "articles[0].file is not a name or text"),
    ('{"articles": [{"file": "a.txt", "backs": [{"pair": ["Turkey"]}]}]}', "articles[0].backs[0].pair is not a list of two names"),
    ('{"articles": [{"file": "a.txt", "control_changes": [{"new_controller": "Turkey"}]}]}',
     "articles[0].control_changes[0].place is not a name or text"),
    ('{"articles": [{"file": "a.txt", "casualties": [{"count": [3]}]}]}', "articles[0].casualties[0].count is neither"),
    ('{"a.txt": {"backs": [["Turkey"]]}}', "a.txt.backs[0] is not a list [a, b, ...]"),
    ('{"a.txt": {"entities": [{"aliases": []}]}}', "a.txt.entities[0].canonical is not a name or text"),
    ('{"synonyms": ["x"], "articles": []}', "synonyms is not an object"),
])
def test_gold_not_in_the_schema(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                content: str, where: str) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(content)
    code, out, err = kg("evaluate", str(gold), str(ARTICLES))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"kg: error: {gold}: {where}")
    assert "see 'The gold file' in the README" in err


def test_missing_gold_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = kg("evaluate", str(tmp_path / "none.json"), str(ARTICLES))
    assert code == 2 and err.startswith(f"kg: error: {tmp_path / 'none.json'}: cannot read the gold file")


@pytest.mark.parametrize("args", [["--format", "csv"], ["-g", "graph.trig"]])
def test_bad_usage(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = kg("evaluate", str(GOLD), str(ARTICLES), *args)
    assert code == 2 and out == "" and err.count("\n") == 1


@pytest.mark.parametrize("where", ["corpus/demo", "corpus/demo/01-saraqeb-shelling.txt"])
def test_articles_the_gold_does_not_name(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                         where: str) -> None:
    code, _, err = kg("evaluate", str(GOLD), str(REPO / where))
    assert code == 2
    assert err == (f"kg: error: {REPO / where}: none of the 3 articles the gold names (such as sarmin-retaken) "
                   "is here; give the articles the gold names, or the graph built from them, or check the "
                   "gold's file names\n")


# --- the matching rules ----------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "number"), [
    (16, 16), ("up to 16", 16), ("more than 1,800", 1800), ("more than one hundred", 100),
    ("twenty-one", 21), ("two thousand", 2000), ("dozens", None), ("a hundred", None), (None, None),
])
def test_the_number_a_count_states(phrase: object, number: int | None) -> None:
    assert number_in(phrase, load_rules()) == number


@pytest.mark.parametrize(("gold", "found", "agrees"), [
    ({"date": "2020-02-24"}, "2020-02-24", True),
    ({"date": "2020-02-24"}, "2020-02-23", False),
    ({"date": "2020-02-17", "period": ["2020-02-17", "2020-02-23"]}, "2020-02-20", True),
    ({"date": "2020-02"}, "2020-02-29", True),
    ({"date": "2020-02"}, "2020-03-01", False),
    ({"date": None}, None, True),
    ({"date": None, "reported_on": "2020-02-11"}, "2020-02-11", True),
    ({"date": None}, "2020-02-11", False),
    ({"date": "2020-02-24"}, None, False),
])
def test_date_rules(gold: dict[str, object], found: str | None, agrees: bool) -> None:
    assert date_agrees(gold, found) is agrees


def test_names_map_through_synonyms_then_canonical_names_then_unique_aliases() -> None:
    gold = parse_gold({
        "synonyms": {"Syrian government": "Assad government"},
        "articles": [{"file": "a.txt", "entities": [
            {"name": "Assad government", "aliases": ["the regime"]},
            {"name": "Hayat Tahrir al-Sham", "aliases": ["HTS", "the group"]},
            {"name": "Turkistan Islamic Party", "aliases": ["TIP", "the group"]}]}]}, "gold.json")
    names = name_map(gold, load_rules().synonyms)
    assert names.to_gold("Syrian government") == "Assad government"
    assert names.to_gold("the hayat tahrir al sham") == "Hayat Tahrir al-Sham"
    assert names.to_gold("HTS") == "Hayat Tahrir al-Sham"
    assert names.to_gold("the group") == "the group"  # an alias of two entities names neither
    assert names.to_gold("National Front for Liberation") == "National Liberation Front"


def test_gold_file_names_become_article_ids() -> None:
    gold = parse_gold({"Dispatch One.md": {"casualties": [{"victims": "civilians", "count": 2}]}}, "gold.json")
    assert gold.articles == ("dispatch-one",) and gold.casualties[0].article == "dispatch-one"


def test_a_bad_gold_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        parse_gold({"articles": [{"file": "a.txt", "lies_on": [{"pair": ["Ariha", 4]}]}]}, "g.json")
    assert str(raised.value).startswith("g.json: articles[0].lies_on[0].pair is not a name or text")


# --- agreement with the shared scorer --------------------------------------------------------

SCORER_FIGURE = re.compile(r"precision [\d.]+ \((\d+)/(\d+)\), recall [\d.]+ \((\d+)/(\d+)\)")
PAIR_RUNS = [  # score.py arguments -> our figure's label
    (["--kind", "backs", "--results", "backs.json", "--cols", "backerLabel,backedLabel"], "backs"),
    (["--kind", "allied", "--results", "allied.json", "--cols", "aLabel,bLabel"], "allied"),
    (["--kind", "lies_on", "--results", "m4.json", "--cols", "placeLabel,highwayLabel", "--where", "highwayLabel=M4"],
     "lies on M4"),
    (["--kind", "lies_on", "--results", "m5.json", "--cols", "placeLabel,highwayLabel", "--where", "highwayLabel=M5"],
     "lies on M5"),
    (["--kind", "connects", "--results", "conn.json", "--cols", "highwayLabel,placeLabel"], "connects"),
]
EVENT_RUNS = [
    (["--kind", "control", "--results", "control.json"], "control changes"),
    (["--kind", "control", "--with-date", "--results", "control.json"], "control changes with date"),
    (["--kind", "casualties", "--results", "cas.json"], "casualties"),
]
QUERIES = {"backs.json": ("who-backs-whom", {}), "allied.json": ("alliances", {}),
           "m4.json": ("what-lies-on", {"highway": "M4"}), "m5.json": ("what-lies-on", {"highway": "M5"}),
           "conn.json": ("highway-connections", {}), "control.json": ("control-changes", {}),
           "cas.json": ("casualties", {})}
Counts = tuple[int, int, int, int]  # correct, counted, found, required


def write_query_results(graph: Dataset, folder: Path) -> None:
    """What `kg query NAME --format json` prints, for each query kg-score runs."""
    for file_name, (name, params) in QUERIES.items():
        (folder / file_name).write_text(render(run(graph, bind(get_query(name), params)), "json"))


def shared_scorer(gold: Path, folder: Path) -> dict[str, Counts]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    counts: dict[str, Counts] = {}
    # the scorer's runs only read (the gold and the query results): they run side by side
    started = [(label, subprocess.Popen([sys.executable, str(EVAL / script), "--gold", str(gold), *args],
                                        cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env))
               for script, runs in (("score.py", PAIR_RUNS), ("score_events.py", EVENT_RUNS))
               for args, label in runs]
    for label, process in started:
        stdout, stderr = process.communicate(timeout=120)
        lines = stdout.strip().splitlines()
        figure = SCORER_FIGURE.search(lines[-1]) if lines else None
        assert figure, stdout + stderr
        correct, counted, found, required = map(int, figure.groups())
        counts[label] = (correct, counted, found, required)
    pairs = [counts[label] for _, label in PAIR_RUNS]
    counts["pairs pooled"] = (sum(c[0] for c in pairs), sum(c[1] for c in pairs), sum(c[2] for c in pairs),
                              sum(c[3] for c in pairs))
    return counts


def our_counts(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Counts]:
    code, out, err = kg("evaluate", *args, "--format", "json")
    assert code == 0, err
    return {f["label"]: (f["correct"], f["counted"], f["found"], f["required"]) for f in json.loads(out)["figures"]}


@pytest.fixture(scope="session")
def devset_build(tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    """The development set built as kg-score builds it: its .txt articles only."""
    if not (EVAL / "devset" / "articles").is_dir():
        pytest.skip("the evaluation sets are not beside the repository (../shared/eval)")
    def make(folder: Path) -> BuildSummary:
        (folder / "articles").mkdir()
        for path in (EVAL / "devset" / "articles").glob("*.txt"):
            shutil.copy(path, folder / "articles")
        return build([folder / "articles"], folder / "graph.trig", check=False)

    return made_once(tmp_path_factory, "devset", make)


def test_agrees_with_the_shared_scorer_on_the_seeds(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        seeds_build: BuildSummary, seeds_graph: Dataset) -> None:
    gold = EVAL / "seeds" / "gold.json"
    if not gold.is_file():
        pytest.skip("the seeds' gold is not beside the repository (../shared/eval/seeds)")
    write_query_results(seeds_graph, tmp_path)
    expected = shared_scorer(gold, tmp_path)
    assert our_counts(monkeypatch, capsys, str(gold), "-g", str(seeds_build.output)) == expected
    assert our_counts(monkeypatch, capsys, str(gold), str(SEEDS)) == expected


def test_agrees_with_the_shared_scorer_on_the_development_set(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        devset_build: BuildSummary) -> None:
    gold = EVAL / "devset" / "gold.json"
    assert devset_build.output is not None
    write_query_results(read_dataset([devset_build.output]), tmp_path)
    expected = shared_scorer(gold, tmp_path)
    assert our_counts(monkeypatch, capsys, str(gold), "-g", str(devset_build.output)) == expected
    # given the folder, the files the gold does not name (its MANIFEST) are left out
    assert our_counts(monkeypatch, capsys, str(gold), str(EVAL / "devset" / "articles")) == expected


def test_agrees_with_the_shared_scorer_on_the_pairs_of_our_own_gold(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        articles_graph: Path) -> None:
    """Only the pairs: the shared scorer takes the places a control change may name from the
    seeds' and the development set's gold, never from the gold it scores, so for any other gold
    it finds Khan Tuman unscorable; kg evaluate takes them from the gold it scores."""
    if not (EVAL / "score.py").is_file():
        pytest.skip("the shared scorer is not beside the repository (../shared/eval)")
    write_query_results(read_dataset([articles_graph]), tmp_path)
    ours = our_counts(monkeypatch, capsys, str(GOLD), "-g", str(articles_graph))
    theirs = shared_scorer(GOLD, tmp_path)
    pair_labels = [label for _, label in PAIR_RUNS] + ["pairs pooled"]
    assert {k: ours[k] for k in pair_labels} == {k: theirs[k] for k in pair_labels}
    assert ours["casualties"] == theirs["casualties"]


# --- the README ------------------------------------------------------------------------------

def test_readme_shows_these_figures_and_valid_gold_examples() -> None:
    readme = (REPO / "README.md").read_text()
    assert EXPECTED_TABLE in readme
    section = readme.split("### The gold file", 1)[1]
    examples = re.findall(r"```json\n(.+?)\n```", section, re.DOTALL)
    assert len(examples) == 2
    article_layout, section_layout = (parse_gold(json.loads(text), "README.md") for text in examples)
    assert article_layout.articles == section_layout.articles == ("hamlet",)
    assert article_layout.control_changes[0].fields["place"] == "Kafr Halab"
    assert len(article_layout.pairs) == len(section_layout.pairs) == 1
