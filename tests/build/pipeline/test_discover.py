"""Discovery of names the reference graph lacks: never from the capitals of a headline, and with
GeoNames coordinates for a settlement only when the match is unambiguous and near the report."""

from __future__ import annotations

from kg.build.pipeline.discover import title_case_tokens
from kg.build.pipeline.geonames import name_key, unambiguous_place
from kg.build.pipeline.segment import tokenize

SYRIA_AND_NEIGHBOURS = frozenset({"SY", "IQ", "LB", "JO", "TR"})


def discovered(ex) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Discovered label -> its class."""
    return {e.label: min(c for c in e.classes if c in {"ArmedGroup", "Village", "Town", "Province"})
            for e in ex.discovered.values()}


def test_a_title_case_headline_discovers_nothing(extract) -> None:  # type: ignore[no-untyped-def]
    text = ("Rebels Down Syrian Army Jet Near Hilltop Village\n\n"
            "Rebels shot down a jet over the village of Kafr Zibad in Idlib province on Tuesday.")
    found = discovered(extract(text))
    assert found == {"Kafr Zibad": "Village"}


def test_a_title_case_headline_is_still_read_for_facts(extract, labels) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels, Backed By Turkey, Push Towards The Highway\n\nThe fighting went on through the night."
    assert ("Turkey", "kg:backs", "Syrian rebels") in labels(extract(text))


def test_a_sentence_in_prose_still_discovers(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Fighters of the Sham Hawks Brigade shelled positions near the town of Maar Tamsrin on Friday."
    found = discovered(extract(text))
    assert found.get("Maar Tamsrin") == "Town"
    assert found.get("Sham Hawks Brigade") == "ArmedGroup"


def test_only_title_case_lines_are_marked() -> None:
    text = "Army Retakes Three Villages From Militants\nThe army said it took the villages of Abu Jreif and Tal Khaled."
    tokens = tokenize(text, 0)
    titled = title_case_tokens(tokens, text, 0)
    first_line = {i for i, t in enumerate(tokens) if t.start < text.index("\n")}
    assert titled == first_line


def test_geonames_keys_ignore_marks_and_hyphens() -> None:
    assert name_key("Tall ‘Afar") == name_key("Tall Afar") == name_key("tall-afar")


def test_geonames_knows_an_unambiguous_town() -> None:
    place = unambiguous_place("Masyaf", SYRIA_AND_NEIGHBOURS)
    assert place is not None and place.country == "SY"
    assert abs(place.lat - 35.07) < 0.05 and abs(place.long - 36.34) < 0.05


def test_a_discovered_town_near_a_known_place_gets_geonames_coordinates(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Government forces shelled the town of Masyaf west of Hama on Monday.")
    [town] = [e for e in ex.discovered.values() if e.label == "Masyaf"]
    assert town.lat is not None and abs(town.lat - 35.07) < 0.05
    assert town.source is not None and town.source.startswith("https://sws.geonames.org/")


def test_a_namesake_far_from_the_report_lends_no_coordinates(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels entered the town of Masyaf east of Qamishli on Monday.")
    [town] = [e for e in ex.discovered.values() if e.label == "Masyaf"]
    assert town.lat is None and town.source is None


def test_geonames_coordinates_reach_the_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    from kg.build.builder import build
    from kg.build.pipeline.discover import discovered_iri
    from kg.common.namespaces import DCTERMS, GEO
    from kg.store.bridge import read_dataset

    (tmp_path / "a.txt").write_text("Government forces shelled the town of Masyaf west of Hama on Monday.\n",
                                    encoding="utf-8")
    summary = build([tmp_path / "a.txt"], tmp_path / "g.trig")
    assert summary.conforms
    graph = read_dataset([tmp_path / "g.trig"])
    town = URIRef(discovered_iri("Masyaf"))
    assert graph.value(town, GEO.lat) is not None
    assert str(graph.value(town, DCTERMS.source)).startswith("https://sws.geonames.org/")


def test_names_after_villages_including_are_discovered(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Kurdish fighters took several villages, including Umm Kahf, Tal Jidaya and Ain Issa, "
                 "north of Raqqa.")
    found = discovered(ex)
    assert found == {"Umm Kahf": "Village", "Tal Jidaya": "Village"}
    taken = {p for e in ex.events if e.type == "ControlChange" for p in e.entities.get("place", [])}
    assert len(taken) == 3
