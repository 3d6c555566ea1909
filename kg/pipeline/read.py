"""Read articles from files and folders: plain text, Markdown and JSON Lines."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dateutil import parser as dateparser

from kg.errors import InputError
from kg.pipeline.normalise import normalise

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSONL_SUFFIXES

_DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*(.*)", re.IGNORECASE)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_LINE = re.compile(
    rf"^\s*(?:\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_MD_DATE = re.compile(r"^\s*(?:\*\*)?date(?:\*\*)?\s*:\s*(\S.*?)\s*$", re.IGNORECASE | re.MULTILINE)
_MD_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_SLUG = re.compile(r"[^a-z0-9._-]+")
_TITLE_MAX = 160
_TITLE_MIN_WORDS = 4
_DATELINE_SCAN_LINES = 6
MAX_ARTICLE_BYTES = 2_000_000  # a news article is tens of kilobytes; beyond this it is not one
_NOT_ARTICLES = frozenset({"readme.md", "readme.txt", "license", "license.txt", "license.md"})


@dataclass(frozen=True)
class Article:
    """One article, its text normalised; offsets in the graph count code points of `text`."""

    id: str
    source: str
    text: str
    content_hash: str
    format: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def slugify(name: str) -> str:
    slug = _SLUG.sub("-", name.lower()).strip("-.")
    return slug or "article"


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        parsed: dt.datetime = dateparser.parse(value, dayfirst=True, fuzzy=False)
        return parsed.date()
    except (ValueError, OverflowError, TypeError):
        return None


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            source,
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})",
            "convert the file to UTF-8 and build again",
        ) from None


def _first_paragraph_title(text: str) -> str | None:
    first = text.split("\n\n", 1)[0].strip()
    if "\n" in first or len(first) > _TITLE_MAX or first[-1:] in ".!?\"'-:":
        return None
    if len(first.split()) < _TITLE_MIN_WORDS:
        return None
    return first or None


def _find_dateline(text: str) -> dt.date | None:
    head = "\n".join(text.split("\n")[:_DATELINE_SCAN_LINES])
    match = _DATE_LINE.search(head)
    return parse_date(match.group(0)) if match else None


def parse_plain_text(raw: str, source: str, article_id: str, digest: str) -> Article:
    date: dt.date | None = None
    header = _DATE_HEADER.match(raw)
    if header:
        date = parse_date(header.group(1))
        raw = header.group(2) + raw[header.end():]
    text = normalise(raw)
    if date is None:
        date = _find_dateline(text)
    return Article(article_id, source, text, digest, "text", _first_paragraph_title(text), date)


def _strip_markdown(body: str) -> str:
    body = _MD_HEADING.sub(r"\1", body)
    body = _MD_LINK.sub(r"\1", body)
    return _MD_EMPHASIS.sub(r"\2", body)


def parse_markdown(raw: str, source: str, article_id: str, digest: str) -> Article:
    date: dt.date | None = None
    front = _MD_FRONT_MATTER.match(raw)
    if front:
        date_match = _MD_DATE.search(front.group(1))
        date = parse_date(date_match.group(1)) if date_match else None
        raw = raw[front.end():]
    date_line = _MD_DATE.search(raw)
    if date_line:
        date = date or parse_date(date_line.group(1))
        raw = raw[: date_line.start()] + raw[date_line.end():]
    heading = _MD_HEADING.search(raw)
    title = heading.group(1).strip() if heading else None
    text = normalise(_strip_markdown(raw))
    return Article(article_id, source, text, digest, "markdown", title, date)


def _jsonl_article(record: object, source: str, line: int, stem: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(source, "record is not a JSON object", "write one object per line", line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "record has no \"text\"", "give every record a text", line)
    if len(text) > MAX_ARTICLE_BYTES:
        raise InputError(source, "record's text is longer than an article may be", "split it", line)
    article_id = slugify(str(record.get("id") or f"{stem}-{line}"))
    raw_date = record.get("date")
    date = parse_date(str(raw_date)) if raw_date else None
    title = record.get("title")
    url = record.get("url")
    digest = content_hash(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    return Article(
        article_id, f"{source}:{line}", normalise(text), digest, "jsonl",
        str(title) if title else None, date, str(url) if url else None,
    )


def parse_jsonl(raw: str, source: str) -> Iterator[Article | Skipped]:
    stem = slugify(Path(source).stem)
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield _jsonl_article(json.loads(line), source, number, stem)
        except json.JSONDecodeError as err:
            yield Skipped(f"{source}:{number}:{err.colno}", f"malformed JSON ({err.msg})")
        except InputError as err:
            yield Skipped(f"{source}:{number}", err.problem)


def read_file(path: Path) -> Iterator[Article | Skipped]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        yield Skipped(source, f"unknown file type '{suffix or path.name}'")
        return
    if path.name.lower() in _NOT_ARTICLES:
        yield Skipped(source, "documentation, not an article")
        return
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES and suffix not in JSONL_SUFFIXES:
            yield Skipped(source, f"{size / 1e6:.1f} MB, more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB an article "
                                  "may have; split it into its articles")
            return
        data = path.read_bytes()
    except OSError as err:
        yield Skipped(source, f"cannot be read ({err.strerror})")
        return
    try:
        raw = _decode(data, source)
    except InputError as err:
        yield Skipped(source, err.problem)
        return
    if not raw.strip():
        yield Skipped(source, "empty file")
        return
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(raw, source)
        return
    parse = parse_markdown if suffix in MARKDOWN_SUFFIXES else parse_plain_text
    article = parse(raw, source, slugify(path.stem), content_hash(data))
    yield article if article.text else Skipped(source, "no text after normalisation")


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every file inside folders (sorted, recursive, hidden ones
    left out), so that the summary accounts for each: built or skipped with its reason."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            yield path
        else:
            raise InputError(path, "no such file or folder", "check the path")


def _unique_id(article: Article, seen: set[str]) -> Article:
    if article.id not in seen:
        seen.add(article.id)
        return article
    number = 2
    while f"{article.id}-{number}" in seen:
        number += 1
    new_id = f"{article.id}-{number}"
    seen.add(new_id)
    return Article(
        new_id, article.source, article.text, article.content_hash, article.format,
        article.title, article.date, article.url,
    )


def read_articles(paths: Iterable[Path]) -> ReadResult:
    result = ReadResult()
    seen: set[str] = set()
    for path in expand_paths(paths):
        for item in read_file(path):
            if isinstance(item, Skipped):
                result.skipped.append(item)
            else:
                result.articles.append(_unique_id(item, seen))
    return result
