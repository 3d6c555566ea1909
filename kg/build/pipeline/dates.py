"""Time expressions in a sentence, resolved against the article's publication date.

Each expression keeps the precision the text supports: "Monday" is a day, "last week" a
week, "last April" a month, "since December" a period that starts then, "in the past few
days" a span with no first day the text gives. Without an article date only a date that
names its year is resolved: the others are kept with no value rather than guessed.

Expressions that count from another time ("hours earlier", "a week earlier", "the next day",
"later that day") are resolved against the narrative's reference time: the time the sentence
gave before them, or else the last time an earlier sentence gave (at first, the article's
date), as news-mode temporal taggers do. A time that dates a statement ("said on Tuesday")
is a reference only when the sentence gives no other, and one inside a clause that places
something before or after another event ("after the army took it in May") is none.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from kg.common.errors import DataError
from kg.common.inputs import read_json_object

if TYPE_CHECKING:
    from sre_parse import SubPattern


@dataclass(frozen=True)
class TimeExpression:
    id: str
    regex: re.Pattern[str]
    kind: str
    params: dict[str, object]
    # every match holds one string of each set (see `_regex_needs`)
    needs: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class DateRules:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int | None]
    future_cues: tuple[str, ...]
    expressions: tuple[TimeExpression, ...]
    subordinators: frozenset[str] = frozenset()  # "after" in "after the army took it in May"
    speech_verbs: frozenset[str] = frozenset()  # "said" in "said on Tuesday": that dates a statement
    future_clause_marks: tuple[str, ...] = ()  # ";" ends the clause a future cue counts in
    future_clause_words: tuple[str, ...] = ()  # "but" in ", but ": so does a comma and one of these
    clause_edge_marks: tuple[str, ...] = ()  # "," ends the clause a subordinator leads

    @cached_property
    def subordinator_regex(self) -> re.Pattern[str]:
        words = "|".join(re.escape(w) for w in sorted(self.subordinators, key=len, reverse=True)) or "(?!)"
        return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)

    @cached_property
    def future_clause_break(self) -> re.Pattern[str]:
        """What ends the clause a future cue counts in: a mark, or a comma and a word (", but ")."""
        breaks = [_one_of(self.future_clause_marks)] if self.future_clause_marks else []
        if self.future_clause_words:
            breaks.append(f", (?:{'|'.join(re.escape(w) for w in self.future_clause_words)}) ")
        return re.compile("|".join(breaks) or "(?!)")

    @cached_property
    def clause_edge(self) -> re.Pattern[str]:
        return re.compile(_one_of(self.clause_edge_marks) if self.clause_edge_marks else "(?!)")

    @cached_property
    def spaced_future_cues(self) -> tuple[str, ...]:
        return tuple(f" {cue} " for cue in self.future_cues)

    @cached_property
    def _by_first_need(self) -> dict[str, frozenset[int]]:
        """The expressions (their positions) by each string of their first, most selective need."""
        index: dict[str, set[int]] = {}
        for k, expr in enumerate(self.expressions):
            for s in expr.needs[0] if expr.needs else ():
                index.setdefault(s, set()).add(k)
        return {s: frozenset(ks) for s, ks in index.items()}

    @cached_property
    def _needless(self) -> frozenset[int]:
        return frozenset(k for k, expr in enumerate(self.expressions) if not expr.needs)

    def possible(self, text: str) -> list[TimeExpression]:
        """The expressions, in order, that may match in the text: those it holds all the needs of."""
        lowered = _lowered(text)
        if lowered is None:
            return list(self.expressions)
        hits = set(self._needless)
        for s, ks in self._by_first_need.items():
            if s in lowered:
                hits |= ks
        return [expr for k, expr in enumerate(self.expressions)
                if k in hits and all(any(s in lowered for s in need) for need in expr.needs[1:])]


@dataclass(frozen=True)
class TimeRef:
    """A time expression found at [start, end) of the sentence text."""

    text: str
    start: int
    end: int
    value: dt.date | None  # the day, or the first day of the week, month or period
    precision: str  # day | week | month | year | period | unknown
    rule: str
    future: bool = False  # the text places it ahead of the time it speaks from ("will meet on Monday")


def _one_of(marks: tuple[str, ...]) -> str:
    """A character class of the marks."""
    return "[" + "".join(re.escape(m) for m in marks) + "]"


def alternation(words: Iterable[str], any_spacing: bool = False) -> str:
    """A regular expression alternation of the words, the longest first; with `any_spacing`,
    the space between two words matches any white space between them."""
    escaped = [re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True)]
    return "|".join(e.replace(r"\ ", r"\s+") for e in escaped) if any_spacing else "|".join(escaped)


def load_month_names(path: Path) -> frozenset[str]:
    """The names of the months and their abbreviations ("september", "sept")."""
    months = read_json_object(path, "date rules").get("months")
    if not isinstance(months, dict) or not months:
        raise DataError(f"{path}: cannot read the date rules (no months); restore the file")
    return frozenset(months)


def load_date_rules(path: Path, speech_verbs: frozenset[str] = frozenset()) -> DateRules:
    """The rules of the file; `speech_verbs` tell a time that dates a statement ("said Monday")."""
    try:
        raw = read_json_object(path, "date rules")
        fills = {"{MONTH}": alternation(raw["months"]), "{WEEKDAY}": alternation(raw["weekdays"]),
                 "{NUMBER}": alternation(raw["numbers"])}
        expressions = []
        for item in raw["expressions"]:
            source = item["regex"]
            for key, value in fills.items():
                source = source.replace(key, f"(?:{value})")
            params = {k: v for k, v in item.items() if k not in ("id", "regex", "kind")}
            regex = re.compile(source, re.IGNORECASE)
            expressions.append(TimeExpression(item["id"], regex, item["kind"], params, _regex_needs(regex)))
        return DateRules(raw["months"], raw["weekdays"], raw["numbers"], tuple(raw["future_cues"]),
                         tuple(expressions), frozenset(raw.get("subordinators", [])), speech_verbs,
                         future_clause_marks=tuple(raw["future_clause_marks"]),
                         future_clause_words=tuple(raw["future_clause_words"]),
                         clause_edge_marks=tuple(raw["clause_edge_marks"]))
    except (OSError, ValueError, KeyError, re.error) as err:
        raise DataError(f"{path}: cannot read the date rules ({err}); restore the file") from err


def _regex_needs(regex: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """What every match of the regex holds, read from its parse tree: for each set, one of its
    strings (lower-case ASCII); the most selective sets first."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import sre_parse
    except ImportError:  # a Python without it: every expression is tried on every sentence
        return ()
    needs = {_minimal(need) for need in _sequence_needs(sre_parse.parse(regex.pattern, regex.flags))}
    return tuple(sorted(needs, key=lambda need: (-min(len(s) for s in need), len(need), sorted(need))))


def _minimal(need: frozenset[str]) -> frozenset[str]:
    """A string that holds another string of the set adds nothing: "april" holds "apr"."""
    return frozenset(s for s in need if not any(t != s and t in s for t in need))


def _sequence_needs(items: SubPattern) -> list[frozenset[str]]:
    """Every need of a sequence: its runs of literal characters and the needs of its parts."""
    needs: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items.data:
        if op.name == "LITERAL":
            run.append(chr(av))  # type: ignore[arg-type]
            continue
        needs.extend(_run_need(run))
        run = []
        needs.extend(_item_needs(op.name, av))
    return needs + _run_need(run)


def _run_need(run: list[str]) -> list[frozenset[str]]:
    text = "".join(run)
    return [frozenset({text.lower()})] if text and text.isascii() else []


def _item_needs(op: str, av: Any) -> list[frozenset[str]]:
    if op == "SUBPATTERN":
        return _sequence_needs(av[-1])
    if op == "ATOMIC_GROUP":
        return _sequence_needs(av)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        least, _, body = av
        return _sequence_needs(body) if least >= 1 else []
    if op == "BRANCH":
        best = [_most_selective(_sequence_needs(branch)) for branch in av[1]]
        return [] if any(b is None for b in best) else [frozenset(s for b in best if b for s in b)]
    if op == "IN" and len(av) == 1 and av[0][0].name == "CATEGORY" and av[0][1].name == "CATEGORY_DIGIT":
        return [frozenset("0123456789")]  # in ASCII text \d is one of these
    return []


def _most_selective(needs: list[frozenset[str]]) -> frozenset[str] | None:
    return max(needs, key=lambda need: (min(len(s) for s in need), -len(need)), default=None)


def _lowered(text: str) -> str | None:
    """Case-insensitive matching of ASCII text matches an ASCII literal only where the
    lower-cased text holds it lower-cased; other text is never ruled out."""
    return text.lower() if text.isascii() else None


_FUTURE_WINDOW = 60  # characters before a time expression where a future cue counts


def _is_future(sentence: str, start: int, rules: DateRules) -> bool:
    """A future cue ("will", "would meet") shortly before the expression, in its clause."""
    before = sentence[max(0, start - _FUTURE_WINDOW): start].lower()
    before = rules.future_clause_break.split(before)[-1]
    lowered = f" {before} "
    return any(cue in lowered for cue in rules.spaced_future_cues)


def _year_near(anchor: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """The date with that month and day nearest the anchor, on the side the tense says."""
    try:
        candidate = dt.date(anchor.year, month, day)
    except ValueError:
        return None
    if future and candidate < anchor - dt.timedelta(days=31):
        return candidate.replace(year=anchor.year + 1)
    if not future and candidate > anchor + dt.timedelta(days=31):
        return candidate.replace(year=anchor.year - 1)
    return candidate


def _number(text: str | None, rules: DateRules) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    return rules.numbers.get(text.lower())


def _month(match: re.Match[str], rules: DateRules) -> int | None:
    groups = match.groupdict()
    if groups.get("month_number"):
        return int(groups["month_number"])
    name = groups.get("month")
    return rules.months.get(name.lower().rstrip(".")) if name else None


def _resolve(expr: TimeExpression, match: re.Match[str], anchor: dt.date, future: bool,
             rules: DateRules) -> tuple[dt.date | None, str]:
    groups = match.groupdict()
    kind, params = expr.kind, expr.params
    precision = str(params.get("precision", "day"))
    if kind == "calendar":
        month, day = _month(match, rules), int(groups["day"])
        if month is None:
            return None, precision
        if groups.get("year"):
            try:
                return dt.date(int(groups["year"]), month, day), "day"
            except ValueError:
                return None, "day"
        return _year_near(anchor, month, day, future), "day"
    if kind == "weekday":
        weekday = rules.weekdays[groups["weekday"].lower()]
        past = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
        if future and (anchor - past).days > 1:
            return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7), "day"
        return past, "day"
    if kind == "offset":
        return anchor + dt.timedelta(days=int(str(params["days"]))), precision
    if kind == "ago":
        count = _number(groups.get("number"), rules)
        if count is None:
            return None, "period"
        unit = groups["unit"]
        return _shifted(anchor, unit, -count), unit
    if kind == "span":
        return None, precision
    if kind == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return monday + dt.timedelta(weeks=int(str(params.get("weeks", 0)))), "week"
    if kind in ("month", "since", "month-end"):
        return _resolve_month(kind, params, match, anchor, future, rules)
    return None, precision


def _shifted(day: dt.date, unit: str, count: int) -> dt.date:
    """The day `count` units from `day`; a week or a month is given by its first day."""
    delta = {"day": relativedelta(days=count), "week": relativedelta(weeks=count),
             "month": relativedelta(months=count)}[unit]
    moved = day + delta
    if unit == "week":
        return moved - dt.timedelta(days=moved.weekday())
    if unit == "month":
        return moved.replace(day=1)
    return moved


def _resolve_month(kind: str, params: dict[str, object], match: re.Match[str], anchor: dt.date,
                   future: bool, rules: DateRules) -> tuple[dt.date | None, str]:
    groups = match.groupdict()
    named = _month(match, rules)
    if kind == "month-end":
        month = named or anchor.month
        return _year_near(anchor, month, 1, True), "period"
    if named is None:
        first = anchor.replace(day=1) + relativedelta(months=int(str(params.get("months", 0))))
        return first, "month"
    if groups.get("year"):
        return dt.date(int(groups["year"]), named, 1), "month" if kind == "month" else "period"
    label = "month" if kind == "month" else "period"
    if params.get("direction") == "past":
        year = anchor.year if named < anchor.month else anchor.year - 1
    elif future and kind != "since":
        year = anchor.year if named >= anchor.month else anchor.year + 1
    else:
        year = anchor.year if named <= anchor.month else anchor.year - 1
    return dt.date(year, named, 1), label


def _resolve_without_anchor(expr: TimeExpression, match: re.Match[str],
                            rules: DateRules) -> tuple[dt.date | None, str]:
    """A date that names its year needs no article date."""
    if expr.kind in ("calendar", "month") and match.groupdict().get("year"):
        return _resolve(expr, match, dt.date(int(match.group("year")), 1, 1), False, rules)
    return None, "unknown"


_REFERENCE_PRECISIONS = ("day", "week", "month")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2}


def _resolve_relative(expr: TimeExpression, match: re.Match[str], reference: TimeRef | None,
                      rules: DateRules) -> tuple[dt.date | None, str]:
    """A time counted from the reference: the same day ("hours earlier"), days, weeks or months
    from it. The count keeps no more precision than the reference has."""
    if reference is None or reference.value is None or reference.precision not in _REFERENCE_PRECISIONS:
        return None, "unknown"
    groups = match.groupdict()
    if groups.get("unit"):
        count = _number(groups.get("number"), rules)
        unit = groups["unit"]
        sign = 1 if groups.get("later") else -1
    else:
        count, unit, sign = int(str(expr.params.get("days", 0))), "day", 1
    if count is None:
        return None, "unknown"
    if count == 0:
        return reference.value, reference.precision
    if _PRECISION_RANK[unit] < _PRECISION_RANK[reference.precision]:
        return None, "unknown"  # "the next day" after "last week": no day to count from
    return _shifted(reference.value, unit, sign * count), unit


def _word_before(sentence: str, start: int) -> str:
    words = _WORD.findall(sentence[max(0, start - _WORD_WINDOW): start])
    return words[-1].lower() if words else ""


def _word_after(sentence: str, end: int) -> str:
    words = _WORD.findall(sentence[end: end + _WORD_WINDOW])
    return words[0].lower() if words else ""


_WORD = re.compile(r"[A-Za-z]+")
_WORD_WINDOW = 40  # characters: enough for the word next to a time expression
_CLAUSE_WINDOW = 160  # characters read back for the start of a clause: linear on long lines
_REFERENCE_REACH = 4  # earlier times of the sentence a relative expression may count from


def dates_a_statement(sentence: str, start: int, end: int, rules: DateRules) -> bool:
    """The time stands next to a speech verb ("said on Tuesday", "on Monday reported")."""
    verbs = rules.speech_verbs
    return _word_before(sentence, start) in verbs or _word_after(sentence, end) in verbs


def in_subordinate_clause(sentence: str, start: int, rules: DateRules) -> bool:
    """The position lies in a clause led by a word that places it before or after another
    event ("after the army took it ...")."""
    clause = rules.clause_edge.split(sentence[max(0, start - _CLAUSE_WINDOW): start])[-1]
    return rules.subordinator_regex.search(clause) is not None


def _nearest_before(times: list[TimeRef], position: int) -> list[TimeRef]:
    """The last few of the times (in order) that end before the position."""
    nearest = bisect.bisect_left(times, position, key=lambda t: t.start)
    return [t for t in times[max(0, nearest - _REFERENCE_REACH): nearest] if t.end <= position]


def _reference_in(sentence: str, base: int, position: int, before: list[TimeRef], future: bool,
                  rules: DateRules) -> TimeRef | None:
    """Of the sentence's times before the position, the one an expression counting from another
    time counts from: the nearest one of the main clause, one dating a statement last."""
    statement: TimeRef | None = None
    for time in sorted((t for t in before if t.future == future), key=lambda t: t.start, reverse=True):
        if in_subordinate_clause(sentence, time.start - base, rules):
            continue
        if not dates_a_statement(sentence, time.start - base, time.end - base, rules):
            return time
        statement = statement or time
    return statement


def find_times(sentence: str, base: int, anchor: dt.date | None, rules: DateRules,
               reference: TimeRef | None = None) -> list[TimeRef]:
    """Time expressions in the sentence, earliest first, none overlapping; offsets in the article.
    `reference` is the narrative's time before the sentence, which "hours earlier" counts from
    when the sentence gives no time before it (None: the article's date)."""
    found: list[TimeRef] = []
    relative: list[tuple[TimeExpression, re.Match[str], bool]] = []
    taken = bytearray(len(sentence))  # 1 where an expression found earlier lies: linear, unlike a list
    for expr in rules.possible(sentence):
        for match in expr.regex.finditer(sentence):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            future = _is_future(sentence, start, rules)
            if expr.params.get("anchor") == "reference":
                relative.append((expr, match, future))
                continue
            value, precision = _resolve(expr, match, anchor, future, rules) if anchor else \
                _resolve_without_anchor(expr, match, rules)
            found.append(TimeRef(match.group(0), base + start, base + end, value, precision, expr.id, future))
    found.sort(key=lambda t: t.start)
    counted: list[TimeRef] = []  # the relative ones, in order, as they are resolved
    outer = reference if reference is not None else _article_reference(anchor)
    for expr, match, future in sorted(relative, key=lambda item: item[1].start()):
        start, end = match.span()
        before = _nearest_before(found, base + start) + _nearest_before(counted, base + start)
        inside = _reference_in(sentence, base, start, before, future, rules)
        counted_from = inside or (None if future else outer)
        value, precision = _resolve_relative(expr, match, counted_from, rules)
        counted.append(TimeRef(match.group(0), base + start, base + end, value, precision, expr.id, future))
    return sorted(found + counted, key=lambda t: t.start)


def _article_reference(anchor: dt.date | None) -> TimeRef | None:
    return TimeRef("", 0, 0, anchor, "day", "article-date") if anchor else None


def narrative_reference(sentence: str, base: int, times: list[TimeRef], previous: TimeRef | None,
                        rules: DateRules) -> TimeRef | None:
    """The reference time after the sentence: the last time of its main clause that is not
    ahead; a span, a period or a time that could not be resolved leaves none to count from."""
    main = [t for t in times if not t.future and not in_subordinate_clause(sentence, t.start - base, rules)]
    return main[-1] if main else previous


def article_times(sentences: list[tuple[str, int]], anchor: dt.date | None,
                  rules: DateRules) -> list[list[TimeRef]]:
    """The time expressions of each sentence (text, offset in the article), each resolved
    against the article's date or against the narrative's reference time."""
    reference = _article_reference(anchor)
    result: list[list[TimeRef]] = []
    for text, base in sentences:
        times = find_times(text, base, anchor, rules, reference)
        result.append(times)
        reference = narrative_reference(text, base, times, reference, rules)
    return result
