"""Time expressions in a sentence, resolved against the article's publication date.

Each expression keeps the precision the text supports: "Monday" is a day, "last week" a
week, "last April" a month, "since December" a period that starts then. Without an article
date nothing is resolved: the expression is kept with no value rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta

from kg.errors import DataError


@dataclass(frozen=True)
class TimeExpression:
    id: str
    regex: re.Pattern[str]
    kind: str
    params: dict[str, object]


@dataclass(frozen=True)
class DateRules:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int | None]
    future_cues: tuple[str, ...]
    expressions: tuple[TimeExpression, ...]


@dataclass(frozen=True)
class TimeRef:
    """A time expression found at [start, end) of the sentence text."""

    text: str
    start: int
    end: int
    value: dt.date | None  # the day, or the first day of the week, month or period
    precision: str  # day | week | month | year | period
    rule: str


def _alternation(words: object) -> str:
    assert isinstance(words, dict)
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def load_date_rules(path: Path) -> DateRules:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        fills = {"{MONTH}": _alternation(raw["months"]), "{WEEKDAY}": _alternation(raw["weekdays"]),
                 "{NUMBER}": _alternation(raw["numbers"])}
        expressions = []
        for item in raw["expressions"]:
            source = item["regex"]
            for key, value in fills.items():
                source = source.replace(key, f"(?:{value})")
            params = {k: v for k, v in item.items() if k not in ("id", "regex", "kind")}
            expressions.append(TimeExpression(item["id"], re.compile(source, re.IGNORECASE), item["kind"], params))
        return DateRules(raw["months"], raw["weekdays"], raw["numbers"], tuple(raw["future_cues"]),
                         tuple(expressions))
    except (OSError, ValueError, KeyError, re.error) as err:
        raise DataError(f"{path}: cannot read the date rules ({err}); restore the file") from err


_FUTURE_WINDOW = 60  # characters before a time expression where a future cue counts


def _is_future(sentence: str, start: int, rules: DateRules) -> bool:
    """A future cue ("will", "would meet") shortly before the expression, in its clause."""
    before = sentence[max(0, start - _FUTURE_WINDOW): start].lower()
    before = re.split(r"[;:\"]|, (?:but|while|and) ", before)[-1]
    lowered = f" {before} "
    return any(f" {cue} " in lowered for cue in rules.future_cues)


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
        unit = groups["unit"].rstrip("s")
        delta = {"day": relativedelta(days=count), "week": relativedelta(weeks=count),
                 "month": relativedelta(months=count)}[unit]
        return anchor - delta, unit
    if kind == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return monday + dt.timedelta(weeks=int(str(params.get("weeks", 0)))), "week"
    if kind in ("month", "since", "month-end"):
        return _resolve_month(kind, params, match, anchor, future, rules)
    return None, precision


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


def find_times(sentence: str, base: int, anchor: dt.date | None, rules: DateRules) -> list[TimeRef]:
    """Time expressions in the sentence, earliest first, none overlapping; offsets in the article."""
    found: list[TimeRef] = []
    taken: list[tuple[int, int]] = []
    for expr in rules.expressions:
        for match in expr.regex.finditer(sentence):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            future = _is_future(sentence, start, rules)
            value, precision = _resolve(expr, match, anchor, future, rules) if anchor else (None, "unknown")
            found.append(TimeRef(match.group(0), base + start, base + end, value, precision, expr.id))
            taken.append((start, end))
    return sorted(found, key=lambda t: t.start)
