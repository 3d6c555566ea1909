"""Event reports of one sentence: incident keys, kept and dropped reports, claims and denials."""

from __future__ import annotations

import datetime as dt

from kg.build.pipeline.dates import TimeRef
from kg.build.pipeline.events import Event, drop_split_attributions, sentence_events
from kg.build.pipeline.extraction_settings import load_event_settings
from kg.build.pipeline.match import EventMatch
from kg.build.pipeline.quantities import Quantity
from kg.build.pipeline.resolve import Quote
from kg.common import resources as paths
from kg.common.namespaces import KGR

SETTINGS = load_event_settings(
    paths.patterns_dir() / "event_settings.json", paths.patterns_dir() / "sub_event_rules.ttl"
)
IDENTITY = SETTINGS.identity_roles
MOSUL, TAL_AFAR = str(KGR.Mosul), str(KGR.TalAfar)
IRAQ, ISLAMIC_STATE, PESHMERGA = str(KGR.Iraq), str(KGR.IslamicState), str(KGR.Peshmerga)
KRG = str(KGR.KurdistanRegionalGovernment)


def _day(day: int) -> TimeRef:
    return TimeRef(f"on {day} June", 0, 10, dt.date(2017, 6, day), "day", "test")


def _change(
    place: list[str],
    taker: list[str],
    day: int | None = None,
    sentence: int = 0,
    start: int = 0,
    end: int = 40,
    part: int = 0,
) -> Event:
    entities = {"place": place, "newController": taker}
    event = Event(
        "ControlChange", "control.test", sentence, start, end, "reported", entities, part=part
    )
    event.time = _day(day) if day else None
    return event


def _match(
    event: str,
    roles: list[tuple[str, str | Quantity]],
    start: int,
    end: int,
    status: str = "reported",
    pattern: str = "p.test",
) -> EventMatch:
    return EventMatch(pattern, event, tuple(roles), start, end, status)


def _killed(text: str, value: int, at: int = 0) -> Quantity:
    return Quantity(at, at + 1, text, value, None)


def _events(
    matches: list[EventMatch],
    times: list[TimeRef] | None = None,
    quotes: list[Quote] | None = None,
    attributes: dict[str, dict[str, str]] | None = None,
) -> list[Event]:
    return sentence_events(matches, 3, times or [], quotes or [], attributes or {}, SETTINGS)[0]


def test_one_incident_in_two_articles_shares_its_key() -> None:
    first = _change([MOSUL], [IRAQ, PESHMERGA], day=9)
    again = _change([MOSUL], [PESHMERGA, IRAQ], day=9, sentence=4, start=70, end=99)
    again.entities["previousController"] = [ISLAMIC_STATE]  # not a role of the incident's identity
    assert first.key("article-1", IDENTITY) == again.key("article-2", IDENTITY)
    assert len(first.key("article-1", IDENTITY)) == 16
    assert first.key("a", IDENTITY) != _change([MOSUL], [IRAQ, PESHMERGA], day=10).key(
        "a", IDENTITY
    )
    assert first.key("a", IDENTITY) != _change([TAL_AFAR], [IRAQ, PESHMERGA], day=9).key(
        "a", IDENTITY
    )
    assert first.key("a", IDENTITY) != _change([MOSUL], [IRAQ], day=9).key("a", IDENTITY)


def test_an_undated_report_is_an_incident_of_its_own_article() -> None:
    undated = _change([MOSUL], [IRAQ])
    assert undated.key("article-1", IDENTITY) == _change([MOSUL], [IRAQ]).key("article-1", IDENTITY)
    assert undated.key("article-1", IDENTITY) != undated.key("article-2", IDENTITY)


def test_the_digest_tells_reports_apart_and_is_stable_across_runs() -> None:
    event = _change([MOSUL], [IRAQ], day=9, sentence=2, start=15)
    digest = event.digest("article-1", IDENTITY)
    # the event IRIs of a build must not change between runs or versions of Python
    assert (event.key("article-1", IDENTITY), digest) == ("57aa153fe33b0a67", "9e9e26150105272d")
    others = {
        _change([MOSUL], [IRAQ], day=9, sentence=2, start=15).digest("article-2", IDENTITY),
        _change([MOSUL], [IRAQ], day=9, sentence=3, start=15).digest("article-1", IDENTITY),
        _change([MOSUL], [IRAQ], day=9, sentence=2, start=16).digest("article-1", IDENTITY),
        _change([MOSUL], [IRAQ], day=9, sentence=2, start=15, part=1).digest("article-1", IDENTITY),
    }
    assert digest not in others and len(others) == 4


def test_a_report_that_names_its_place_is_kept_with_its_roles() -> None:
    match = _match(
        "ControlChange",
        [
            ("newController", IRAQ),
            ("place", MOSUL),
            ("previousController", ISLAMIC_STATE),
            ("newController", IRAQ),
        ],
        10,
        50,
    )
    [event] = _events([match])
    assert (event.type, event.pattern, event.sentence, event.start, event.end, event.status) == (
        "ControlChange",
        "p.test",
        3,
        10,
        50,
        "reported",
    )
    assert event.entities == {
        "newController": [IRAQ],
        "place": [MOSUL],
        "previousController": [ISLAMIC_STATE],
    }
    assert event.claimed_by == [] and event.time is None


def test_a_report_without_a_substantive_role_is_dropped() -> None:
    assert _events([_match("ControlChange", [("newController", IRAQ)], 0, 30)]) == []
    assert _events(
        [_match("Casualties", [("victims", "people"), ("killed", _killed("dozens", 24))], 0, 30)]
    )
    # a toll that says of no one who died, and deaths of no named side without a figure
    assert _events([_match("Casualties", [("killed", _killed("dozens", 24))], 0, 30)]) == []
    assert _events([_match("Casualties", [("victims", "fighters")], 0, 30)]) == []
    [named] = _events([_match("Casualties", [("victimGroup", PESHMERGA)], 0, 30)])
    assert named.entities == {"victimGroup": [PESHMERGA]}


def test_figures_of_planned_or_threatened_reports_are_dropped() -> None:
    roles: list[tuple[str, str | Quantity]] = [
        ("place", MOSUL),
        ("killed", _killed("ten", 10)),
        ("injured", _killed("five", 5, 3)),
    ]
    [reported] = _events([_match("AirStrike", roles, 0, 40)])
    assert {r: q.value for r, q in reported.quantities.items()} == {"killed": 10, "injured": 5}
    for status in ("planned", "threatened"):
        [supposed] = _events([_match("AirStrike", roles, 0, 40, status=status)])
        assert supposed.status == status and supposed.quantities == {}
        assert supposed.entities == {"place": [MOSUL]}
    # a side's deaths without a figure that are only threatened are no report at all
    assert (
        _events([_match("Casualties", [("victimGroup", PESHMERGA)], 0, 30, status="threatened")])
        == []
    )


def test_a_pattern_attribute_may_fix_the_status() -> None:
    attributes = {"p.test": {"status": "threatened", "subtype": "threat"}}
    [event] = _events(
        [_match("AirStrike", [("place", MOSUL), ("killed", _killed("ten", 10))], 0, 40)],
        attributes=attributes,
    )
    assert (event.status, event.attributes, event.quantities) == (
        "threatened",
        {"subtype": "threat"},
        {},
    )
    assert attributes == {"p.test": {"status": "threatened", "subtype": "threat"}}


def test_matches_of_one_report_are_merged() -> None:
    taken = _match("ControlChange", [("newController", IRAQ), ("place", MOSUL)], 0, 40)
    lost = _match(
        "ControlChange", [("place", MOSUL), ("previousController", ISLAMIC_STATE)], 20, 60
    )
    elsewhere = _match("ControlChange", [("place", TAL_AFAR)], 30, 70)
    merged, other = _events([taken, lost, elsewhere])
    assert merged.entities == {
        "newController": [IRAQ],
        "place": [MOSUL],
        "previousController": [ISLAMIC_STATE],
    }
    assert (merged.start, merged.end) == (0, 60)
    assert other.entities == {"place": [TAL_AFAR]}


def test_the_report_takes_the_time_inside_it_or_else_the_nearest() -> None:
    far, near, inside = (
        TimeRef(text, start, start + 8, dt.date(2017, 6, day), "day", "test")
        for text, start, day in (("Monday", 0, 5), ("Tuesday", 90, 6), ("Friday", 120, 9))
    )
    [within] = _events(
        [_match("ControlChange", [("place", MOSUL)], 100, 140)], times=[far, near, inside]
    )
    assert within.time == inside
    [after] = _events([_match("ControlChange", [("place", MOSUL)], 40, 80)], times=[far, near])
    assert after.time == near


def test_the_source_and_the_quoted_speaker_claim_the_report() -> None:
    report = _match("ControlChange", [("newController", PESHMERGA), ("place", TAL_AFAR)], 5, 45)
    source = _match("Attribution", [("source", KRG)], 47, 80)
    [event] = _events(
        [report, source], quotes=[Quote(0, 46, str(KGR.MazloumAbdi)), Quote(60, 90, IRAQ)]
    )
    assert event.claimed_by == [KRG, str(KGR.MazloumAbdi)]
    # an actor that begins the report is its subject, not the one who says it
    subject = _match("Attribution", [("source", PESHMERGA)], 5, 80)
    [event] = _events([report, subject])
    assert event.claimed_by == []


def test_deaths_only_a_denial_tells_are_no_report() -> None:
    denial = _match("Denial", [("denier", IRAQ)], 0, 20)
    deaths = _match(
        "Casualties", [("victimGroup", IRAQ), ("killed", _killed("nine", 9, 5))], 25, 60
    )
    events, denials = sentence_events([denial, deaths], 0, [], [], {}, SETTINGS)
    assert events == [] and denials == [denial]
    claimed = _match("Attribution", [("source", KRG)], 62, 90)
    [kept] = _events([denial, deaths, claimed])
    assert kept.quantities["killed"].value == 9 and kept.claimed_by == [KRG]


def test_an_attribution_split_by_a_lone_comma_names_no_speaker() -> None:
    text = "Troops entered Tal Afar, a town held by the Islamic State, Iraqi media said."
    source_start = text.index("the Islamic State")
    split = _match("Attribution", [("source", ISLAMIC_STATE)], source_start, len(text) - 1)
    apposed_text = "The Peshmerga, the Kurdish forces, said the town fell."
    apposed = _match("Attribution", [("source", PESHMERGA)], 0, apposed_text.index(" the town"))
    change = _match("ControlChange", [("place", TAL_AFAR)], 0, text.index(", Iraqi"))
    assert drop_split_attributions([split, change], text, SETTINGS) == [change]
    assert drop_split_attributions([apposed], apposed_text, SETTINGS) == [apposed]
