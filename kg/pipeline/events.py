"""Events of one article: pattern matches made into reports with a date, a source and denials.

An event here is one article's report of something that happened (or is planned or
threatened): its type, role fillers, the date the sentence gives with its precision, who the
article says claimed it (an attribution in the sentence, or the speaker of a quotation) and
who denied it (a denial in the sentence before the report, or in the next sentence). Reports of
the same incident in several articles share an incident key: type, place, new controller and
resolved date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kg.pipeline.dates import TimeRef
from kg.pipeline.match import EventMatch
from kg.pipeline.quantities import Quantity
from kg.pipeline.resolve import Quote

META_EVENTS = frozenset({"Attribution", "Denial"})
_IDENTITY_ROLES = ("place", "newController", "participant", "victimGroup", "target")


@dataclass
class Event:
    type: str
    pattern: str
    sentence: int
    start: int
    end: int
    status: str
    entities: dict[str, list[str]] = field(default_factory=dict)
    quantities: dict[str, Quantity] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    time: TimeRef | None = None
    claimed_by: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)

    def key(self, article_id: str) -> str:
        parts = [self.type] + [f"{r}={','.join(sorted(self.entities.get(r, [])))}" for r in _IDENTITY_ROLES]
        parts.append(self.time.value.isoformat() if self.time and self.time.value else f"undated:{article_id}")
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    def digest(self, article_id: str) -> str:
        return hashlib.sha1(f"{article_id}|{self.key(article_id)}|{self.sentence}|{self.start}".encode()).hexdigest()[:16]


def _event(match: EventMatch, sentence: int, attributes: dict[str, str]) -> Event:
    fixed = dict(attributes)
    status = fixed.pop("status", match.status)
    event = Event(match.event, match.pattern, sentence, match.start, match.end, status, attributes=fixed)
    for role, value in match.roles:
        if isinstance(value, Quantity):
            event.quantities.setdefault(role, value)
        elif value.startswith(("http://", "https://")):
            event.entities.setdefault(role, [])
            if value not in event.entities[role]:
                event.entities[role].append(value)
        else:
            event.words.setdefault(role, value)
    return event


def _overlaps(a: Event, b: Event) -> bool:
    return a.type == b.type and a.start < b.end and b.start < a.end and \
        set(a.entities.get("place", [])) == set(b.entities.get("place", []))


def _merge(into: Event, other: Event) -> None:
    for role, values in other.entities.items():
        for value in values:
            into.entities.setdefault(role, [])
            if value not in into.entities[role]:
                into.entities[role].append(value)
    for role, quantity in other.quantities.items():
        into.quantities.setdefault(role, quantity)
    for role, word in other.words.items():
        into.words.setdefault(role, word)
    into.start, into.end = min(into.start, other.start), max(into.end, other.end)


def _nearest_time(event: Event, times: list[TimeRef]) -> TimeRef | None:
    if not times:
        return None
    inside = [t for t in times if event.start <= t.start < event.end]
    if inside:
        return inside[0]
    return min(times, key=lambda t: min(abs(t.start - event.end), abs(event.start - t.end)))


# A report is kept when it names at least one of these roles for its type.
_SUBSTANTIVE_ROLES = {
    "ControlChange": ("place",), "ArmedClash": ("place",), "AirStrike": ("place", "killed"),
    "Casualties": ("killed",), "AircraftDowned": ("actor", "target", "place"), "Talks": ("participant",),
    "Displacement": ("displaced",), "SuicideAttack": ("actor",), "Reinforcement": ("actor",),
    "StatementEvent": ("actor",), "Shelling": ("place",), "AidDelivery": ("actor",),
}


# Figures a report only supposes (a threat, a plan, "could kill") are no count of the dead.
_COUNTED_ROLES = ("killed", "injured")
_SUPPOSED_STATUSES = frozenset({"planned", "threatened"})


def _drop_supposed_figures(event: Event) -> None:
    if event.status in _SUPPOSED_STATUSES:
        for role in _COUNTED_ROLES:
            event.quantities.pop(role, None)


def _same_figure(a: Event, b: Event) -> bool:
    mine, theirs = a.quantities.get("killed"), b.quantities.get("killed")
    return mine is not None and theirs is not None and (mine.start, mine.end) == (theirs.start, theirs.end)


def _fold_casualty_rows(events: list[Event]) -> list[Event]:
    """One figure, one report: deaths a typed report (a strike, a clash) already counts with the
    same words join that report instead of standing as a second casualty report."""
    kept: list[Event] = []
    for event in events:
        owner = next((e for e in events if e is not event and e.type != "Casualties" and _same_figure(e, event)),
                     None) if event.type == "Casualties" else None
        if owner is None:
            kept.append(event)
        else:
            _merge(owner, event)
    return kept


def _is_substantive(event: Event) -> bool:
    """A report worth keeping names where it happened or who took part."""
    roles = _SUBSTANTIVE_ROLES.get(event.type, ("place",))
    return any(role in event.entities or role in event.quantities for role in roles)


def sentence_events(matches: list[EventMatch], sentence: int, times: list[TimeRef], quotes: list[Quote],
                    attributes: dict[str, dict[str, str]]) -> tuple[list[Event], list[EventMatch]]:
    """The sentence's events, each with its time, claims and quoted speaker; and its denials."""
    events: list[Event] = []
    sources = [v for m in matches if m.event == "Attribution" for _, v in m.roles if isinstance(v, str)]
    for match in matches:
        if match.event in META_EVENTS:
            continue
        event = _event(match, sentence, attributes.get(match.pattern, {}))
        same = next((e for e in events if _overlaps(e, event)), None)
        if same is not None:
            _merge(same, event)
            continue
        events.append(event)
    events = _fold_casualty_rows(events)
    for event in events:
        _drop_supposed_figures(event)
        event.time = _nearest_time(event, times)
        event.claimed_by = list(dict.fromkeys(sources))
        for quote in quotes:
            if quote.start < event.start < quote.end and quote.speaker not in event.claimed_by:
                event.claimed_by.append(quote.speaker)
    denials = [m for m in matches if m.event == "Denial"]
    return [e for e in events if _is_substantive(e)], denials


def _compatible(a: Event, b: Event) -> bool:
    """Two reports in one article of the same kind of thing at the same place, whose sides do
    not contradict each other and of which at most one is dated."""
    if a.type != b.type or not a.entities.get("place") or set(a.entities.get("place", [])) != set(
            b.entities.get("place", [])):
        return False
    for role in ("newController", "previousController", "actor"):
        mine, theirs = set(a.entities.get(role, [])), set(b.entities.get(role, []))
        if mine and theirs and not mine & theirs:
            return False
    dated = [e for e in (a, b) if e.time and e.time.value]
    return len(dated) <= 1 and a.status == b.status


def merge_undated_reports(events: list[Event]) -> list[Event]:
    """An undated report (a quotation, a denial) of the same change as a dated report in the
    same article is that report: its claims, denials and roles join the dated one."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: (e.time is None or e.time.value is None, e.sentence)):
        target = next((k for k in kept if _compatible(k, event)), None)
        if target is None:
            kept.append(event)
            continue
        start, end = target.start, target.end
        _merge(target, event)
        target.start, target.end = start, end  # the report keeps its own words
        for who in event.claimed_by:
            if who not in target.claimed_by:
                target.claimed_by.append(who)
        for who in event.denied_by:
            if who not in target.denied_by:
                target.denied_by.append(who)
    return sorted(kept, key=lambda e: (e.sentence, e.start))


def apply_denials(events_by_sentence: list[list[Event]], denials_by_sentence: list[list[EventMatch]]) -> None:
    """A denial covers the reports after it in its sentence ("denied that ..."), or else the
    reports of the sentence before ("... denied the report")."""
    for s, denials in enumerate(denials_by_sentence):
        for denial in denials:
            deniers = [v for _, v in denial.roles if isinstance(v, str)]
            later = [e for e in events_by_sentence[s] if e.start >= denial.start]
            targets = later or (events_by_sentence[s - 1] if s > 0 else [])
            for event in targets:
                for denier in deniers:
                    if denier not in event.denied_by and denier not in event.claimed_by:
                        event.denied_by.append(denier)
