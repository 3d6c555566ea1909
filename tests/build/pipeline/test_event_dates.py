"""The date each report carries when the sentence gives none of its own, or counts from another
time: the narrative's reference time ("hours earlier", "a week earlier", "later that day"),
and the day of the report an undated sentence elaborates. A wrong day is worse than none, so
every rule has its cases where no day passes on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.build.builder import build
from kg.build.pipeline.dates import article_times, find_times, load_date_rules
from kg.build.pipeline.event_dates import load_event_date_rules
from kg.build.pipeline.events import Event
from kg.build.pipeline.extract import Resources, extract_article
from kg.build.pipeline.read import Article
from kg.common import resources as kg_resources
from kg.common.errors import DataError
from kg.questions.query import bind, get_query, render, run
from kg.store.bridge import read_dataset

SPEECH = frozenset({"said", "announced", "reported", "told"})
RULES = load_date_rules(kg_resources.patterns_dir() / "dates.json", SPEECH)
FRIDAY = dt.date(2016, 11, 18)


def _article(text: str, date: dt.date = FRIDAY) -> Article:
    return Article("t", "inline.txt", text, "sha256:" + "0" * 64, "text", None, date)


def _events(resources: Resources, text: str, date: dt.date = FRIDAY) -> list[Event]:
    return extract_article(_article(text, date), resources).events


def _label(resources: Resources, iri: str) -> str:
    entity = resources.gazetteer.entities.get(iri)
    return entity.label if entity else iri


def _dates_by_place(resources: Resources, text: str, kind: str = "ControlChange") -> dict[str, str | None]:
    """Each place of the text's reports of that kind, with the day its report carries."""
    return {_label(resources, place): (e.time.value.isoformat() if e.time and e.time.value else None)
            for e in _events(resources, text) if e.type == kind for place in e.entities.get("place", [])}


def _toll_dates(resources: Resources, text: str) -> dict[str, str | None]:
    return {e.quantities["killed"].text: (e.time.value.isoformat() if e.time and e.time.value else None)
            for e in _events(resources, text) if "killed" in e.quantities}


def _times(*sentences: str, date: dt.date = FRIDAY) -> list[list[tuple[str, str | None, str]]]:
    """(words, day, precision) of each sentence's time expressions, read as one narrative."""
    spans, offset = [], 0
    for sentence in sentences:
        spans.append((sentence, offset))
        offset += len(sentence) + 1
    return [[(t.text, t.value.isoformat() if t.value else None, t.precision) for t in times]
            for times in article_times(spans, date, RULES)]


# --- times counted from the narrative's reference time ----------------------------------------

def test_hours_earlier_counts_from_the_day_the_sentence_before_gave() -> None:
    times = _times("The ministry announced on Tuesday that the bridge was open.",
                   "The engineers had no comment.",
                   "Hours earlier, a monitor reported that troops had crossed the river.")
    assert times[2] == [("Hours earlier", "2016-11-15", "day")]


def test_hours_earlier_without_an_earlier_time_counts_from_the_article_date() -> None:
    assert _times("Hours earlier, militants blew up the bridge.") == [[("Hours earlier", "2016-11-18", "day")]]


def test_a_week_earlier_counts_from_the_event_of_its_own_sentence_not_from_the_statement() -> None:
    (times,) = _times("The governor said on Thursday that six policemen died on Monday "
                      "and four more had died a week earlier.")
    assert times[-1] == ("a week earlier", "2016-11-07", "week")


def test_an_event_day_is_the_reference_before_a_nearer_statement_day() -> None:
    (times,) = _times("Six policemen died on Monday, the governor said on Thursday, "
                      "and four more had died two days earlier.")
    assert times[-1] == ("two days earlier", "2016-11-12", "day")


def test_a_statement_day_is_the_reference_when_the_sentence_gives_no_other() -> None:
    (times,) = _times("The governor said on Thursday that four policemen had died two days earlier.")
    assert times[-1] == ("two days earlier", "2016-11-15", "day")


def test_a_time_in_a_clause_placed_after_another_event_is_no_reference() -> None:
    (times,) = _times("Militants returned to the village last week after the army cleared it "
                      "at the start of the month, but left again several hours later.")
    assert times[-1] == ("several hours later", "2016-11-07", "week")


def test_later_that_day_and_the_next_day_count_from_the_previous_day() -> None:
    times = _times("Troops reached the dam on Sunday.", "Later that day, engineers checked the gates.",
                   "The next day, the first convoy crossed.")
    assert times[1] == [("Later that day", "2016-11-13", "day")]
    assert times[2] == [("The next day", "2016-11-14", "day")]


def test_a_span_or_a_period_leaves_no_day_to_count_from() -> None:
    times = _times("Since October, the army has advanced slowly.", "Hours later, the bridge fell.")
    assert times[1] == [("Hours later", None, "unknown")]
    times = _times("Militias took several villages in recent days.", "A day later, the road reopened.")
    assert times[1] == [("A day later", None, "unknown")]


def test_a_day_is_not_counted_from_a_week() -> None:
    times = _times("Troops crossed the river last week.", "The next day, they reached the town.")
    assert times[1] == [("The next day", None, "unknown")]


def test_a_future_time_counts_from_a_future_reference_only() -> None:
    (times,) = _times("The envoy will arrive on Monday and leave two days later.")
    assert times == [("on Monday", "2016-11-21", "day"), ("two days later", "2016-11-23", "day")]
    times = _times("The envoy will arrive on Monday.", "Hours earlier, gunmen attacked a checkpoint.")
    assert times[1] == [("Hours earlier", "2016-11-18", "day")]
    (times,) = _times("The envoy, who will arrive on Monday, said gunmen had attacked a checkpoint hours earlier.")
    assert times[-1] == ("hours earlier", "2016-11-18", "day")


def test_weeks_and_months_ago_are_given_by_their_first_day() -> None:
    assert _times("The checkpoint fell two weeks ago.") == [[("two weeks ago", "2016-10-31", "week")]]
    assert _times("The checkpoint fell three months ago.") == [[("three months ago", "2016-08-01", "month")]]


@pytest.mark.parametrize("sentence", [
    "On May 2,000 families left the camp.",
    "Officials counted May 2 000 returnees.",
    "On March 5, 300 policemen joined the operation.",
])
def test_a_number_after_a_month_is_no_day(sentence: str) -> None:
    assert not [t for t in find_times(sentence, 0, FRIDAY, RULES) if t.precision == "day"]


def test_hours_before_an_event_named_after_it_is_not_a_time() -> None:
    assert find_times("Gunmen fled hours before the raid on the farm.", 0, FRIDAY, RULES) == []


def test_the_day_in_a_report_is_not_taken_by_an_adverb_inside_it() -> None:
    (time,) = find_times("Militants attacked the recently reopened bridge on Monday.", 0, FRIDAY, RULES)
    assert (time.text, time.value) == ("on Monday", dt.date(2016, 11, 14))


def test_a_date_with_its_year_needs_no_article_date() -> None:
    (time,) = find_times("The bridge reopened on 14 November 2016.", 0, None, RULES)
    assert (time.value, time.precision) == (dt.date(2016, 11, 14), "day")
    (time,) = find_times("The bridge reopened on Monday.", 0, None, RULES)
    assert (time.value, time.precision) == (None, "unknown")


# --- a report that elaborates the report before it ---------------------------------------------

def test_an_elaborating_report_takes_the_day_of_the_report_before_it(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Iraqi troops on Wednesday recaptured two districts of Mosul from "
                            "Islamic State militants. The army said its units took Bartella, Bashiqa and "
                            "Qaraqosh after brief fighting.")
    assert dates == {"Bartella": "2016-11-16", "Bashiqa": "2016-11-16", "Qaraqosh": "2016-11-16"}


def test_an_elaborating_report_takes_the_day_of_a_dated_report_by_the_same_actor(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Peshmerga fighters took Bashiqa on Tuesday. "
                            "The Peshmerga also captured Bartella and Qaraqosh.")
    assert dates == {"Bashiqa": "2016-11-15", "Bartella": "2016-11-15", "Qaraqosh": "2016-11-15"}


def test_no_day_passes_to_a_report_by_another_actor(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Peshmerga fighters took Bashiqa on Tuesday. "
                            "Islamic State militants captured Gwer.")
    assert dates == {"Bashiqa": "2016-11-15", "Gwer": None}


def test_no_day_passes_from_a_report_of_another_kind(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Iraqi forces on Monday shelled Islamic State positions near Tal Afar. "
                            "Iraqi troops captured Hammam al-Alil.")
    assert dates == {"Hammam al-Alil": None}


def test_no_day_passes_across_a_sentence_that_changes_the_time(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Iraqi forces seized Qayyarah on Thursday. "
                            "In August, Islamic State militants had overrun Gwer. "
                            "Iraqi troops captured Makhmour.")
    assert dates["Makhmour"] is None


def test_no_day_passes_from_a_week_or_a_span(resources: Resources) -> None:
    assert _dates_by_place(resources, "Iraqi forces took Qayyarah last week. "
                           "The army captured Makhmour.")["Makhmour"] is None
    assert _dates_by_place(resources, "Iraqi forces took several villages in recent days. "
                           "The army captured Makhmour.")["Makhmour"] is None


def test_no_day_passes_to_a_summary_in_the_present_perfect(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Iraqi forces on Friday captured Qayyarah. "
                            "The army has retaken Tikrit and Ramadi in the campaign.")
    assert dates == {"Qayyarah": "2016-11-18", "Tikrit": None, "Ramadi": None}


def test_no_day_passes_to_a_report_placed_before_another_event(resources: Resources) -> None:
    dates = _dates_by_place(resources, "The Iraqi army on Monday said it had taken several villages. "
                            "The advance came after Iraqi troops drove the militants out of Gwer.")
    assert dates == {"Gwer": None}


def test_no_day_passes_from_a_denied_or_modal_report(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Iraqi troops on Monday did not capture Gwer, officers admitted. "
                            "The army captured Makhmour.")
    assert dates == {"Makhmour": None}


def test_no_day_passes_from_a_sentence_that_gives_two_times(resources: Resources) -> None:
    dates = _dates_by_place(resources, "Iraqi troops recaptured two districts of Mosul last week and a third "
                            "on Wednesday. The army said its units took Bartella and Qaraqosh.")
    assert dates == {"Bartella": None, "Qaraqosh": None}
    dates = _dates_by_place(resources, "Iraqi troops recaptured one district of Mosul on Tuesday and two more "
                            "on Wednesday. The army said its units took Bartella and Qaraqosh.")
    assert dates == {"Bartella": None, "Qaraqosh": None}


def test_a_toll_that_refers_back_to_a_strike_takes_its_day(resources: Resources) -> None:
    tolls = _toll_dates(resources, "US-led coalition jets struck Hajin on Sunday. "
                        "At least 12 civilians were killed in the raids.")
    assert tolls == {"At least 12": "2016-11-13"}


def test_a_toll_that_does_not_refer_back_takes_no_day(resources: Resources) -> None:
    tolls = _toll_dates(resources, "US-led coalition jets struck Hajin on Sunday. "
                        "At least 12 civilians were killed in Raqqa.")
    assert tolls == {"At least 12": None}


def test_a_toll_that_refers_back_to_no_reported_strike_takes_no_day(resources: Resources) -> None:
    tolls = _toll_dates(resources, "The governor visited Hajin on Sunday. "
                        "At least 12 civilians were killed in the raids.")
    assert tolls == {"At least 12": None}


def test_a_running_total_is_not_dated_by_the_deaths_it_adds(resources: Resources) -> None:
    tolls = _toll_dates(resources, "Three Iraqi soldiers were killed in a car bomb near Ramadi on Wednesday, "
                        "bringing Iraqi forces' deaths in the province to 40.")
    assert tolls == {"Three": "2016-11-16", "40": None}


def test_a_statement_that_does_not_say_when_dates_no_report(resources: Resources) -> None:
    text = ("Coalition jets struck Hajin on Sunday. The ministry announced on Tuesday that nine Iraqi "
            "soldiers were killed in the raids, without saying when the attack took place.")
    assert _toll_dates(resources, text) == {"nine": None}
    text = ("Coalition jets struck Hajin on Sunday. The ministry announced on Tuesday that nine Iraqi "
            "soldiers were killed in the raids.")
    assert _toll_dates(resources, text) == {"nine": "2016-11-15"}


# --- what the control-changes query shows ------------------------------------------------------

@pytest.fixture(scope="session")
def narrative_graph(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("narrative")
    (folder / "report.txt").write_text(
        "date 2016-11-18\n\n"
        "Iraqi troops on Wednesday recaptured two districts of Mosul from Islamic State militants. "
        "The army said its units took Bartella and Qaraqosh after brief fighting.\n\n"
        "Peshmerga fighters took Bashiqa last week.\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("narrative-out") / "graph.trig"
    build([folder], out)
    return read_dataset([out])


def test_the_query_shows_the_day_an_elaboration_takes_and_a_week_by_its_monday(narrative_graph: Dataset) -> None:
    rows = json.loads(render(run(narrative_graph, bind(get_query("control-changes"), {})), "json"))
    shown = {row["placeLabel"]["value"]: (row.get("date", {}).get("value"), row.get("datePrecision", {}).get("value"))
             for row in rows["results"]["bindings"]}
    assert shown == {"Bartella": ("2016-11-16", "day"), "Qaraqosh": ("2016-11-16", "day"),
                     "Bashiqa": ("2016-11-07", "week")}


def test_date_rules_without_speech_verbs_still_load() -> None:
    assert load_date_rules(Path(kg_resources.patterns_dir()) / "dates.json").expressions


def test_an_unknown_word_class_in_the_event_date_rules_is_a_data_error(tmp_path: Path) -> None:
    rules = json.loads((Path(kg_resources.patterns_dir()) / "dates.json").read_text(encoding="utf-8"))
    rules["event_dates"]["kinds"]["ControlChange"]["triggers"] = ["@no_such_class"]
    (tmp_path / "dates.json").write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(DataError, match="no_such_class"):
        load_event_date_rules(tmp_path / "dates.json", Path(kg_resources.patterns_dir()) / "wordclasses.json")
