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
import re
from dataclasses import dataclass, field, replace

from kg.build.pipeline.dates import TimeRef
from kg.build.pipeline.extraction_settings import CASUALTIES, CONTROL_CHANGE, EventSettings
from kg.build.pipeline.lexicon import Lexicon
from kg.build.pipeline.match import EventMatch
from kg.build.pipeline.quantities import Quantity
from kg.build.pipeline.resolve import Quote
from kg.build.pipeline.victims import VictimList, victim_reports


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
    part: int = 0  # the n-th report of one match ("five soldiers and two medics ...")

    def key(self, article_id: str, identity_roles: tuple[str, ...]) -> str:
        """The incident key: the type, the fillers of the identity roles and the date."""
        parts = [self.type] + [f"{r}={','.join(sorted(self.entities.get(r, [])))}" for r in identity_roles]
        parts.append(self.time.value.isoformat() if self.time and self.time.value else f"undated:{article_id}")
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    def digest(self, article_id: str, identity_roles: tuple[str, ...]) -> str:
        part = f"|{self.part}" if self.part else ""
        key = self.key(article_id, identity_roles)
        return hashlib.sha1(f"{article_id}|{key}|{self.sentence}|{self.start}{part}".encode()).hexdigest()[:16]


def _event(match: EventMatch, sentence: int, attributes: dict[str, str]) -> Event:
    fixed = dict(attributes)
    status = fixed.pop("status", match.status)
    event = Event(match.event, match.pattern, sentence, match.start, match.end, status, attributes=fixed)
    for role, value in match.roles:
        if isinstance(value, VictimList):
            continue
        if isinstance(value, Quantity):
            event.quantities.setdefault(role, value)
        elif value.startswith(("http://", "https://")):
            event.entities.setdefault(role, [])
            if value not in event.entities[role]:
                event.entities[role].append(value)
        else:
            event.words.setdefault(role, value)
    return event


def _events(match: EventMatch, sentence: int, attributes: dict[str, str]) -> list[Event]:
    """The match's report; a match with a list of victims gives one report for each side the
    list counts (see `kg.build.pipeline.victims`), each with the match's other roles."""
    event = _event(match, sentence, attributes)
    lists = [value for _, value in match.roles if isinstance(value, VictimList)]
    if not lists:
        return [event]
    reports: list[Event] = []
    for k, victims in enumerate(victim_reports(lists[0])):
        report = replace(event, entities={r: list(v) for r, v in event.entities.items()},
                         quantities=dict(event.quantities), words=dict(event.words), part=k)
        if k:
            report.quantities.pop("injured", None)  # "... and 12 wounded" is told once
        if victims.figure is not None:
            report.quantities["killed"] = victims.figure
        if victims.groups:
            report.entities["victimGroup"] = list(victims.groups)
        if victims.words:
            report.words["victims"] = victims.words
        reports.append(report)
    return reports


def _same_victims(a: Event, b: Event) -> bool:
    """Two death reports are one only when they do not give two figures or two sides."""
    mine, theirs = a.quantities.get("killed"), b.quantities.get("killed")
    if mine is not None and theirs is not None and (mine.start, mine.end) != (theirs.start, theirs.end):
        return False
    groups, others = set(a.entities.get("victimGroup", [])), set(b.entities.get("victimGroup", []))
    if groups and others:
        return groups == others
    # a named side is not an unnamed one ("11 soldiers and 14 jihadists were killed")
    return a.type != CASUALTIES or not (groups or others)


def _overlaps(a: Event, b: Event) -> bool:
    """Two matches of one report: of one type in the same words, at the same place or counting
    the same figure."""
    if a.type != b.type or not (a.start < b.end and b.start < a.end):
        return False
    return _same_figure(a, b) or (set(a.entities.get("place", [])) == set(b.entities.get("place", []))
                                  and _same_victims(a, b))


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


def _drop_supposed_figures(event: Event, settings: EventSettings) -> None:
    """Figures a report only supposes (a threat, a plan, "could kill") are no count of the dead."""
    if event.status in settings.supposed_statuses:
        for role in settings.counted_roles:
            event.quantities.pop(role, None)


def _same_figure(a: Event, b: Event) -> bool:
    mine, theirs = a.quantities.get("killed"), b.quantities.get("killed")
    return mine is not None and theirs is not None and (mine.start, mine.end) == (theirs.start, theirs.end)


def _fold_casualty_rows(events: list[Event]) -> list[Event]:
    """One figure, one report: deaths a typed report (a strike, a clash) already counts with the
    same words join that report instead of standing as a second casualty report."""
    kept: list[Event] = []
    for event in events:
        owner = next((e for e in events if e is not event and e.type != CASUALTIES and _same_figure(e, event)),
                     None) if event.type == CASUALTIES else None
        if owner is None:
            kept.append(event)
        else:
            _merge(owner, event)
    return kept


def _drop_repeated_victims(events: list[Event]) -> list[Event]:
    """Deaths without a figure that a counted report in the same words already gives ("five
    Turkish soldiers were killed" read once with its figure, once without) are that report."""
    def repeats(event: Event, other: Event) -> bool:
        return (other is not event and "killed" in other.quantities and other.start < event.end
                and event.start < other.end and set(event.entities.get("victimGroup", [])) <= set(
                    other.entities.get("victimGroup", [])))
    return [e for e in events if e.type != CASUALTIES or "killed" in e.quantities
            or not any(repeats(e, other) for other in events)]


def _is_substantive(event: Event, settings: EventSettings) -> bool:
    """A report worth keeping names where it happened or who took part; deaths without a
    figure count when they befell a named side and are reported, not supposed."""
    if event.type == CASUALTIES and "killed" not in event.quantities:
        return "victimGroup" in event.entities and event.status not in settings.supposed_statuses
    if event.type == CASUALTIES and not (event.words.get("victims") or "victimGroup" in event.entities):
        return False  # "Air strikes kill dozens": a toll that says of no one who died
    roles = settings.substantive(event.type)
    return any(role in event.entities or role in event.quantities for role in roles)


def drop_split_attributions(matches: list[EventMatch], text: str, settings: EventSettings) -> list[EventMatch]:
    """An attribution whose source and speech verb stand on either side of a lone comma
    ("... an Islamic State stronghold, state media reported") names no speaker: the comma
    begins the speaker's own clause. A pair of commas (an apposition) does not split it."""
    return [m for m in matches
            if m.event != settings.attribution_event or text.count(",", m.start, m.end) % 2 == 0]


def _sources(matches: list[EventMatch], settings: EventSettings) -> list[str]:
    """Who the sentence's reports are attributed to. An actor that begins a report ("Rebels
    took X, a monitor said") is the report's subject, not the one who said it."""
    report_starts = {m.start for m in matches if m.event not in settings.meta_events}
    return [v for m in matches if m.event == settings.attribution_event and m.start not in report_starts
            for _, v in m.roles if isinstance(v, str)]


def sentence_events(matches: list[EventMatch], sentence: int, times: list[TimeRef], quotes: list[Quote],
                    attributes: dict[str, dict[str, str]],
                    settings: EventSettings) -> tuple[list[Event], list[EventMatch]]:
    """The sentence's events, each with its time, claims and quoted speaker; and its denials."""
    events: list[Event] = []
    sources = _sources(matches, settings)
    for match in matches:
        if match.event in settings.meta_events:
            continue
        for event in _events(match, sentence, attributes.get(match.pattern, {})):
            same = next((e for e in events if _overlaps(e, event)), None)
            if same is not None:
                _merge(same, event)
                continue
            events.append(event)
    events = _drop_repeated_victims(_fold_casualty_rows(events))
    for event in events:
        _drop_supposed_figures(event, settings)
        event.time = _nearest_time(event, times)
        event.claimed_by = list(dict.fromkeys(sources))
        for quote in quotes:
            if quote.start < event.start < quote.end and quote.speaker not in event.claimed_by:
                event.claimed_by.append(quote.speaker)
    denials = [m for m in matches if m.event == settings.denial_event]
    for event in events:
        if _only_denied(event, denials):
            _forget_deaths(event, settings)
    return [e for e in events if _is_substantive(e, settings) and not (e.type == CASUALTIES and _only_denied(e, denials))], \
        denials


def _forget_deaths(event: Event, settings: EventSettings) -> None:
    for role in settings.counted_roles:
        event.quantities.pop(role, None)
    event.words.pop("victims", None)
    event.entities.pop("victimGroup", None)


def _only_denied(event: Event, denials: list[EventMatch]) -> bool:
    """Whether the sentence tells the event only as what someone denies ("Ankara denied that
    its troops were killed"), with no one else in it claiming it: its deaths are no report."""
    before = [d for d in denials if d.end <= event.start]
    deniers = {v for d in before for _, v in d.roles if isinstance(v, str)}
    return bool(before) and not set(event.claimed_by) - deniers


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
    gained, lost = "newController", "previousController"
    if {*a.entities.get(gained, [])} & {*b.entities.get(lost, [])} or \
            {*a.entities.get(lost, [])} & {*b.entities.get(gained, [])}:
        return False  # one side took the place, the other lost it: two changes
    if a.type == CONTROL_CHANGE and a.sentence == b.sentence:
        return False  # two clauses of one sentence: "... a week after the army took it, only to lose it"
    dated = [e for e in (a, b) if e.time and e.time.value]
    return len(dated) <= 1 and a.status == b.status and _same_victims(a, b)


def _without_uncounted_repeats(events: list[Event]) -> list[Event]:
    counted = {g for e in events if "killed" in e.quantities for g in e.entities.get("victimGroup", [])}

    def repeats(event: Event) -> bool:
        groups = set(event.entities.get("victimGroup", []))
        return event.type == CASUALTIES and "killed" not in event.quantities and bool(groups) and groups <= counted
    return [e for e in events if not repeats(e)]


def merge_undated_reports(events: list[Event]) -> list[Event]:
    """An undated report (a quotation, a denial) of the same change as a dated report in the
    same article is that report: its claims, denials and roles join the dated one. Deaths of a
    side without a figure where the article counts that side's dead are that count told again."""
    kept: list[Event] = []
    for event in sorted(_without_uncounted_repeats(events),
                        key=lambda e: (e.time is None or e.time.value is None, e.sentence)):
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


_WORDS_AFTER = re.compile(r"\s*([A-Za-z]+(?:['\u2019]s)?|[^\sA-Za-z])")
_BACK_REFERENCE_REACH = 5  # words after the denial's verb in which "the ... report" is looked for


def _refers_back(text: str, end: int, lexicon: Lexicon) -> bool:
    """The words after a denial's verb point back to a report ("denied the report", "denied
    that.", "denied the fall of the town"), not to a clause of its own ("denied that its
    troops had fled", "denied any role")."""
    words: list[str] = []
    for match in _WORDS_AFTER.finditer(text, end, min(len(text), end + 120)):
        token = match.group(1)
        if not token[0].isalpha():
            # "..., which Moscow denied." or "denied it.": the object is what came before
            return not words or (len(words) == 1 and words[0] in lexicon.denial_back_pronouns)
        words.append(token.lower())
        if token.lower() in lexicon.denial_back_nouns:
            return True
        if len(words) >= _BACK_REFERENCE_REACH:
            return False
    return False


def apply_denials(events_by_sentence: list[list[Event]], denials_by_sentence: list[list[EventMatch]],
                  text: str, lexicon: Lexicon) -> None:
    """A denial covers the reports after it in its sentence ("denied that ..."); a denial whose
    words point back to a report covers those before it in its sentence ("X took Y; the army
    denied the fall of the town"), or else the reports of the sentence before ("... denied the
    report")."""
    for s, denials in enumerate(denials_by_sentence):
        for denial in denials:
            deniers = [v for _, v in denial.roles if isinstance(v, str)]
            later = [e for e in events_by_sentence[s] if e.start >= denial.start]
            earlier = [e for e in events_by_sentence[s] if e.end <= denial.start]
            before = earlier or (events_by_sentence[s - 1] if s > 0 else [])
            targets = later or (before if _refers_back(text, denial.end, lexicon) else [])
            for event in targets:
                for denier in deniers:
                    if denier not in event.denied_by and denier not in event.claimed_by:
                        event.denied_by.append(denier)
