"""An analyst's gold file, read and checked, in either of its two layouts.

The article layout has an `articles` list, each article with its `file` and lists of
relations (`{"pair": [a, b]}`), control changes, casualties and entities (`name`, `aliases`).
The section layout has one object per article named after its file (`"a.txt": {...}`),
relations written as lists (`[a, b, evidence, {notes}]`), entities with a `canonical` name,
and optionally an `all` section holding every article's relations at once. The README
("The gold file") describes both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.build.pipeline.read import ARTICLE_SUFFIXES
from kg.common.errors import InputError
from kg.common.inputs import slugify
from kg.evaluation.rules import load_rules
from kg.evaluation.schema import Where, optional_flag, strings, text_of

REPORT_KINDS = ("control_changes", "casualties")
ALL_SECTION = "all"


@dataclass(frozen=True)
class GoldEntity:
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PairEntry:
    """One relation of the gold: backs, allied, lies_on (place, highway) or connects
    (highway, place)."""

    kind: str
    first: str
    second: str
    optional: bool
    articles: tuple[str, ...]
    evidence: str | None


@dataclass(frozen=True)
class ReportEntry:
    """One control change or casualty report of one article, as the gold writes it."""

    article: str
    fields: Mapping[str, Any]

    @property
    def optional(self) -> bool:
        return optional_flag(self.fields)


@dataclass(frozen=True)
class Gold:
    source: str
    articles: tuple[str, ...]  # article ids, as kg names them
    entities: tuple[GoldEntity, ...]
    pairs: tuple[PairEntry, ...]
    control_changes: tuple[ReportEntry, ...]
    casualties: tuple[ReportEntry, ...]
    synonyms: Mapping[str, str]

    def seconds(self, kind: str) -> tuple[str, ...]:
        """The names second in the kind's pairs (the highways of lies_on), in order of first mention."""
        return tuple(dict.fromkeys(p.second for p in self.pairs if p.kind == kind))


def article_id(file_name: str) -> str:
    """The id kg gives the article read from this file."""
    path = Path(file_name)
    return slugify(path.stem if path.suffix.lower() in ARTICLE_SUFFIXES else path.name)


def read_gold(path: Path) -> Gold:
    """The gold file, checked; InputError names the file (and line for a JSON syntax error)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        raise InputError(path, f"cannot read the gold file ({reason})", "check the path") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(path, f"not JSON ({err.msg})", "fix the gold file's syntax",
                         err.lineno, err.colno) from None
    return parse_gold(data, str(path))


def parse_gold(data: object, source: str) -> Gold:
    root = Where(source)
    if not isinstance(data, dict):
        root.fail("is not a JSON object")
    synonyms = _synonyms(data, root)
    if "articles" in data:
        return _article_layout(data, root, synonyms)
    if any(_is_section(name, value) for name, value in data.items()):
        return _section_layout(data, root, synonyms)
    root.fail("has neither an 'articles' list nor a section per article named after its file")


def _synonyms(data: Mapping[str, Any], root: Where) -> dict[str, str]:
    value = data.get("synonyms", {})
    where = root.at("synonyms")
    if not isinstance(value, dict):
        where.fail("is not an object of label: name")
    return {k: where.at(k).string(v) for k, v in value.items() if not k.startswith("_")}


# --- the article layout -----------------------------------------------------------------------

def _article_layout(data: Mapping[str, Any], root: Where, synonyms: dict[str, str]) -> Gold:
    articles = root.at("articles").items(data["articles"])
    ids, entities, pairs = [], [], []
    reports: dict[str, list[ReportEntry]] = {kind: [] for kind in REPORT_KINDS}
    for where, article in articles:
        art = article_id(where.at("file").string(article.get("file")))
        ids.append(art)
        entities += [_named_entity(w, e, "name") for w, e in where.at("entities").items(article.get("entities", []))]
        for kind in _pair_kinds():
            pairs += [_pair_object(w, e, kind, art) for w, e in where.at(kind).items(article.get(kind, []))]
        for kind in REPORT_KINDS:
            reports[kind] += [_report(w, e, art, kind) for w, e in where.at(kind).items(article.get(kind, []))]
    return Gold(root.source, tuple(ids), tuple(entities), tuple(pairs),
                tuple(reports["control_changes"]), tuple(reports["casualties"]), synonyms)


def _pair_kinds() -> list[str]:
    return [pairs.kind for pairs in load_rules().pair_kinds]


def _pair_object(where: Where, entry: Mapping[str, Any], kind: str, art: str) -> PairEntry:
    pair = entry.get("pair")
    if not isinstance(pair, list) or len(pair) != 2:
        where.at("pair").fail("is not a list of two names")
    first, second = (where.at("pair").string(name) for name in pair)
    return PairEntry(kind, first, second, optional_flag(entry), (art,), text_of(entry.get("evidence")))


# --- the section layout -----------------------------------------------------------------------

def _is_section(name: str, value: object) -> bool:
    return isinstance(value, dict) and Path(name).suffix.lower() in ARTICLE_SUFFIXES


def _section_layout(data: Mapping[str, Any], root: Where, synonyms: dict[str, str]) -> Gold:
    sections = [(root.at(name), article_id(name), value) for name, value in data.items()
                if _is_section(name, value)]
    combined = data.get(ALL_SECTION)
    if combined is not None and not isinstance(combined, dict):
        root.at(ALL_SECTION).fail("is not an object")
    # relations and entities: from the `all` section when there is one, else from each article's
    sources = [(root.at(ALL_SECTION), None, combined)] if combined else list(sections)
    pairs = [p for where, art, section in sources for p in _section_pairs(where, section, art)]
    entities = [_named_entity(w, e, "canonical") for where, _, section in sources
                for w, e in where.at("entities").items(section.get("entities", []))]
    reports = {kind: tuple(_report(w, e, art, kind) for where, art, section in sections
                           for w, e in where.at(kind).items(section.get(kind, [])))
               for kind in REPORT_KINDS}
    return Gold(root.source, tuple(art for _, art, _ in sections), tuple(entities), tuple(pairs),
                reports["control_changes"], reports["casualties"], synonyms)


def _section_pairs(where: Where, section: Mapping[str, Any], art: str | None) -> Iterator[PairEntry]:
    for kind in _pair_kinds():
        for w, entry in where.at(kind).rows(section.get(kind, [])):
            yield _pair_row(w, entry, kind, art)
    for w, entry in where.at("junction_of").rows(section.get("junction_of", [])):
        roads = entry[1] if isinstance(entry[1], list) else [entry[1]]
        for road in roads:
            yield _pair_row(w, [entry[0], road, *entry[2:]], "lies_on", art)


def _pair_row(where: Where, entry: list[Any], kind: str, art: str | None) -> PairEntry:
    notes = entry[-1] if isinstance(entry[-1], dict) else {}
    first, second = where.at(0).string(entry[0]), where.at(1).string(entry[1])
    evidence = text_of(entry[2]) if len(entry) > 2 and not isinstance(entry[2], dict) else None
    articles = (art,) if art else tuple(article_id(a) for a in strings(notes.get("articles")))
    return PairEntry(kind, first, second, optional_flag(notes), articles, evidence)


# --- shared by both layouts -------------------------------------------------------------------

def _named_entity(where: Where, entry: Mapping[str, Any], key: str) -> GoldEntity:
    name = where.at(key).string(entry.get(key))
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list):
        where.at("aliases").fail("is not a list of names")
    return GoldEntity(name, tuple(where.at("aliases").string(a) for a in aliases))


def _report(where: Where, entry: Mapping[str, Any], art: str, kind: str) -> ReportEntry:
    if kind == "control_changes":
        where.at("place").string(entry.get("place"))
    for key in ("new_controller", "victims", "victim_side", "date", "reported_on"):
        if entry.get(key) is not None:
            where.at(key).string(entry[key])
    count = entry.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, (int, float, str))):
        where.at("count").fail("is neither a number nor a phrase")
    for key in ("new_controller_alternatives", "period"):
        listed = entry.get(key)
        for value in listed if isinstance(listed, list) else []:
            where.at(key).string(value)
    return ReportEntry(art, entry)
