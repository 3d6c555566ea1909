"""Relations scored as pairs: precision over the pairs the graph gives, recall over the gold's."""

from __future__ import annotations

from kg.evaluation.figures import FALSE_POSITIVE, MISSED, Figure
from kg.evaluation.gold import PairEntry
from kg.evaluation.names import NameMap
from kg.evaluation.pairs import PairQuery, pair_key, score_pairs, shown
from kg.evaluation.rules import load_rules

NAMES = NameMap({"syrian democratic forces": "SDF", "us": "United States"}, {}, {})
BACKS = PairQuery(load_rules().pair_kind("backs"))
ALLIED = PairQuery(load_rules().pair_kind("allied"))


def _entry(kind: str, first: str, second: str, optional: bool = False, evidence: str | None = None) -> PairEntry:
    return PairEntry(kind, first, second, optional, ("raqqa",), evidence)


def test_allied_pairs_have_no_direction() -> None:
    allied, backs = ALLIED.pairs, BACKS.pairs
    assert pair_key(allied, "SDF", "Manbij Military Council") == pair_key(allied, "Manbij Military Council", "SDF")
    assert pair_key(backs, "Turkey", "SNA") != pair_key(backs, "SNA", "Turkey")
    assert shown(allied, ("A", "B")) == "A <-> B" and shown(backs, ("A", "B")) == "A -> B"


def test_a_pair_found_a_pair_missed_and_a_false_one() -> None:
    rows = [{"backerLabel": "US", "backedLabel": "Syrian Democratic Forces", "sources": "raqqa manbij"},
            {"backerLabel": "Iran", "backedLabel": "SDF", "sources": "raqqa"}]
    entries = [_entry("backs", "United States", "SDF"), _entry("backs", "Turkey", "SNA", evidence="Ankara backs the SNA.")]
    scored = score_pairs(BACKS, rows, entries, NAMES)
    assert scored.figures == (Figure("backs", "backs", correct=1, counted=2, found=1, required=2),)
    false, missed = scored.findings
    assert (false.status, false.item, false.articles, false.statements) == (
        FALSE_POSITIVE, "Iran -> SDF", ("raqqa",), (("Iran", "SDF"),))
    assert (missed.status, missed.item, missed.sentences) == (MISSED, "Turkey -> SNA", (("raqqa", "Ankara backs the SNA."),))


def test_an_optional_pair_counts_neither_way() -> None:
    rows = [{"aLabel": "Manbij Military Council", "bLabel": "SDF"}]
    entries = [_entry("allied", "SDF", "Manbij Military Council", optional=True)]
    scored = score_pairs(ALLIED, rows, entries, NAMES)
    assert scored.figures == (Figure("allied", "allied", 0, 0, 0, 0),)
    assert scored.findings == ()
    assert (scored.figures[0].precision, scored.figures[0].recall) == (0.0, 1.0)


def test_a_lies_on_query_scores_one_highway() -> None:
    query = PairQuery(load_rules().pair_kind("lies_on"), highway="M4")
    assert query.label == "lies on M4"
    rows = [{"placeLabel": "Ain Issa", "highwayLabel": "M4"}, {"placeLabel": "Tabqa", "highwayLabel": "M6"}]
    entries = [_entry("lies_on", "Ain Issa", "M4"), _entry("lies_on", "Tabqa", "M6")]
    scored = score_pairs(query, rows, entries, NAMES)
    assert scored.figures[0] == Figure("lies_on", "lies on M4", 1, 1, 1, 1)
    assert query.params == {"highway": "M4"}
