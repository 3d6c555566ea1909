"""Control changes read across the clauses and lines of one article.

A pattern reads one clause. Some reports of places changing hands need more than that:

- "Rebels stormed back into Khan Tuman ..., only to lose it by nightfall": the clause "only to
  lose it" names no side. Its subject is the subject of the sentence's first report of that
  place, read by a pattern that names the taker first (not "Khan Tuman, which the army took");
  the side that took the place back is the other side the sentence names at that place, if any.
- A headline ("Iraqi forces take control of Mosul") often says more than the article: the body
  reports villages south of Mosul taken, not the city. A change of a place read only in a
  headline stands when the body, too, reports that place changing hands or entered.
- "Rebels withdrew from the town" names who lost the place, not who took it. When the
  headline reports a side taking a place that it does not name ("... retake strategic town") or
  this very place, that side took it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from kg.build.pipeline.events import Event
from kg.build.pipeline.extraction_settings import CONTROL_CHANGE
from kg.build.pipeline.match import EventMatch
from kg.build.pipeline.patterns import CompiledPattern
from kg.build.pipeline.segment import Sentence

CONTROL = CONTROL_CHANGE
ENTRY_SUBTYPE = "entered without taking control"
SIDES = "sides"  # a pattern attribute: where a clause that names no side finds its sides
FROM_PRECEDING_CLAUSE = "preceding clause"
_CLOSING_MARKS = ".!?\u2026\"'\u201d\u2019:;)]"
_HEADLINE_WORDS = range(3, 21)  # a longer line without a full stop is body text that lost it


def headlines(sentences: Sequence[Sentence]) -> set[int]:
    """The sentences that are lines of their own, short, with no closing punctuation: the
    headline and the subheadings."""
    per_line = Counter(s.paragraph for s in sentences)
    return {s.index for s in sentences if per_line[s.paragraph] == 1 and _headline_shaped(s.text.rstrip())}


def _headline_shaped(text: str) -> bool:
    return bool(text) and text[-1] not in _CLOSING_MARKS and len(text.split()) in _HEADLINE_WORDS


def taker_first_patterns(patterns: Iterable[CompiledPattern], taker_roles: frozenset[str]) -> frozenset[str]:
    """The patterns whose first slot is who takes or enters the place: "{A} took {P}";
    `taker_roles` are the roles of who does."""
    return frozenset(p.record.id for p in patterns
                     if p.slots and dict(p.record.roles).get(p.slots[0]) in taker_roles)


def complete_control_changes(events: list[Event], sentences: Sequence[Sentence],
                             control_matches: Iterable[tuple[int, EventMatch]],
                             taker_first: frozenset[str]) -> list[Event]:
    """The article's events with sideless clauses given their sides, headline changes the
    body does not report dropped, and losses given the taker their headline names.
    `taker_first`: the ids of the patterns that name the taker before the place."""
    heads = headlines(sentences)
    events = _sides_from_preceding_clause(events, taker_first)
    events = _drop_headline_changes_the_body_lacks(events, heads)
    takers = _headline_takers(control_matches, heads)
    for event in events:
        _taker_from_headline(event, takers)
    return events


def _controller(event: Event) -> str | None:
    """Who takes or enters the place in a report."""
    found = event.entities.get("newController") or event.entities.get("actor") or []
    return found[0] if found else None


def _is_change_or_entry(event: Event) -> bool:
    return event.type == CONTROL or event.attributes.get("subtype") == ENTRY_SUBTYPE


def _time_inside(event: Event) -> bool:
    time = event.time
    return time is not None and event.start <= time.start < event.end


def _sides_from_preceding_clause(events: list[Event], taker_first: frozenset[str]) -> list[Event]:
    kept: list[Event] = []
    for event in events:
        if event.attributes.pop(SIDES, None) != FROM_PRECEDING_CLAUSE:
            kept.append(event)
            continue
        places = set(event.entities.get("place", []))
        earlier = [e for e in events if e is not event and e.sentence == event.sentence and e.start < event.start
                   and _is_change_or_entry(e) and places & set(e.entities.get("place", [])) and _controller(e)]
        first = min(earlier, key=lambda e: e.start, default=None)
        loser = _controller(first) if first is not None and first.pattern in taker_first else None
        if first is None or loser is None:
            continue  # no clause before it says whose loss this is
        others = [c for e in earlier if (c := _controller(e)) and c != loser]
        taker = others[0] if others else next(iter(first.entities.get("previousController", [])), None)
        event.entities["previousController"] = [loser]
        if taker is not None and taker != loser:
            event.entities["newController"] = [taker]
        if not _time_inside(event):
            event.time = first.time  # "... but lost it hours later": dated by the clause it follows
        kept.append(event)
    return kept


def _drop_headline_changes_the_body_lacks(events: list[Event], headlines: set[int]) -> list[Event]:
    reported = {place for e in events if e.sentence not in headlines and _is_change_or_entry(e)
                for place in e.entities.get("place", [])}
    return [e for e in events if not (e.type == CONTROL and e.sentence in headlines
                                      and not set(e.entities.get("place", [])) & reported)]


def _headline_takers(control_matches: Iterable[tuple[int, EventMatch]],
                     headlines: set[int]) -> list[tuple[str, frozenset[str]]]:
    """(taker, the places it takes, none when only described) of each headline change."""
    takers: list[tuple[str, frozenset[str]]] = []
    for sentence, match in control_matches:
        if sentence not in headlines or match.status != "reported":
            continue
        places = frozenset(v for role, v in match.roles if role == "place" and isinstance(v, str))
        takers += [(v, places) for role, v in match.roles if role == "newController" and isinstance(v, str)]
    return takers


def _taker_from_headline(event: Event, takers: list[tuple[str, frozenset[str]]]) -> None:
    losers = event.entities.get("previousController", [])
    if event.type != CONTROL or not losers or event.entities.get("newController"):
        return
    places = set(event.entities.get("place", []))
    fitting = {taker for taker, taken in takers if (not taken or taken & places) and taker not in losers}
    if len(fitting) == 1:
        event.entities["newController"] = [fitting.pop()]
