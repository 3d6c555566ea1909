"""Read articles from files and folders: plain text, Markdown and JSON Lines.

Only regular files are read (a named pipe would block, a device never end), and never more
bytes than an article may have, counted as they are read. JSON Lines files are read a record
at a time, so a file of any length streams through."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import BinaryIO

from dateutil import parser as dateparser

from kg.build.pipeline.dates import alternation, load_month_names
from kg.build.pipeline.markdown import find_date_line, find_heading, strip_markdown
from kg.build.pipeline.normalise import normalise
from kg.common import resources
from kg.common.errors import InputError
from kg.common.inputs import (
    STDIN,
    STDIN_NAME,
    check_regular,
    megabytes,
    open_regular,
    read_limited,
    shown,
    slugify,
)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSONL_SUFFIXES

_DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*(.*)", re.IGNORECASE)
_MD_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_TITLE_MAX = 160
_TITLE_MIN_WORDS = 4
_DATELINE_SCAN_LINES = 6
_DATE_MAX = 200  # characters: the longest dates written out are a quarter of that
MAX_ARTICLE_BYTES = 2_000_000  # a news article is tens of kilobytes; beyond this it is not one
# a JSON Lines record: its text may have MAX_ARTICLE_BYTES, escaped up to six bytes a character
MAX_RECORD_BYTES = 16_000_000
_TOO_LARGE_REMEDY = "split it into its articles"
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


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if len(value) > _DATE_MAX:
        return None  # not a date, and the parser would take seconds over a long line
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


@cache
def _date_line() -> re.Pattern[str]:
    """A line that holds only a date: "5 May 2020", "May 5, 2020", "2020-05-05"; the month
    names are those of the date rules. It is matched on the first lines only
    (_DATELINE_SCAN_LINES), so at most that many line starts."""
    months = alternation(load_month_names(resources.patterns_dir() / "dates.json"))
    return re.compile(
        rf"^\s*(?:\d{{1,2}}\s+(?:{months})\.?,?\s+\d{{4}}|(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}"
        r"|\d{4}-\d{2}-\d{2})\s*$",
        re.IGNORECASE | re.MULTILINE,
    )


def _find_dateline(text: str) -> dt.date | None:
    head = "\n".join(text.split("\n", _DATELINE_SCAN_LINES)[:_DATELINE_SCAN_LINES])
    match = _date_line().search(head)
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


def parse_markdown(raw: str, source: str, article_id: str, digest: str) -> Article:
    date: dt.date | None = None
    front = _MD_FRONT_MATTER.match(raw)
    if front:
        front_date = find_date_line(front.group(1))
        date = parse_date(front_date[2]) if front_date else None
        raw = raw[front.end():]
    date_line = find_date_line(raw)
    if date_line:
        start, end, value = date_line
        date = date or parse_date(value)
        raw = raw[:start] + raw[end:]
    heading = find_heading(raw)
    title = heading.strip() if heading is not None else None
    text = normalise(strip_markdown(raw))
    return Article(article_id, source, text, digest, "markdown", title, date)


def _record_digest(record: dict[str, object], source: str, line: int) -> str:
    try:
        return content_hash(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    except UnicodeEncodeError as err:
        code = ord(str(err.object[err.start]))
        raise InputError(source, f"record holds a lone surrogate escape (\\u{code:04x}), which is not text",
                         "escape whole characters only", line) from None


def _jsonl_article(record: object, source: str, line: int, stem: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(source, "record is not a JSON object", "write one object per line", line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "record has no \"text\"", "give every record a text", line)
    digest = _record_digest(record, source, line)
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise InputError(source, f"record's text has {megabytes(size)}, more than the "
                         f"{megabytes(MAX_ARTICLE_BYTES)} an article may have", _TOO_LARGE_REMEDY, line)
    article_id = slugify(str(record.get("id") or f"{stem}-{line}"))
    raw_date = record.get("date")
    date = parse_date(str(raw_date)) if raw_date else None
    title = record.get("title")
    url = record.get("url")
    return Article(
        article_id, f"{source}:{line}", normalise(text), digest, "jsonl",
        str(title) if title else None, date, str(url) if url else None,
    )


def _jsonl_record(line: str, source: str, number: int, stem: str) -> Article | Skipped:
    try:
        return _jsonl_article(json.loads(line), source, number, stem)
    except json.JSONDecodeError as err:
        return Skipped(f"{source}:{number}:{err.colno}", f"malformed JSON ({err.msg})")
    except RecursionError:
        return Skipped(f"{source}:{number}", "record nested too deep to be an article")
    except InputError as err:
        return Skipped(f"{source}:{number}", err.problem)


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines, one at a time; None for a line longer than a record may be, which is
    passed over without being held."""
    while line := stream.readline(MAX_RECORD_BYTES + 1):
        if len(line) <= MAX_RECORD_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(MAX_RECORD_BYTES + 1)
        yield None


def _jsonl_items(stream: BinaryIO, source: str) -> Iterator[Article | Skipped]:
    stem = slugify(Path(source).stem)
    empty = True
    for number, data in enumerate(_lines(stream), start=1):
        if data is None:
            empty = False
            yield Skipped(f"{source}:{number}", f"record of more than {megabytes(MAX_RECORD_BYTES)}; "
                          f"an article may have {megabytes(MAX_ARTICLE_BYTES)} of text")
            continue
        try:
            line = _decode(data, source)
        except InputError as err:
            empty = False
            yield Skipped(f"{source}:{number}", err.problem)
            continue
        if line.strip():
            empty = False
            yield _jsonl_record(line, source, number, stem)
    if empty:
        yield Skipped(source, "empty file")


def _refusal(path: Path, source: str) -> Skipped | None:
    """Why the path is not read at all: not a regular file, or not an article by its name."""
    if path.is_symlink() and path.is_dir():
        return Skipped(source, "a link to a folder, which is not followed; give the folder itself")
    try:
        check_regular(path)
    except InputError as err:
        return Skipped(source, f"{err.problem}; {err.remedy}")
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        return Skipped(source, f"unknown file type '{shown(suffix or path.name)}'")
    if path.name.lower() in _NOT_ARTICLES:
        return Skipped(source, "documentation, not an article")
    return None


def _read_jsonl(path: Path, source: str) -> Iterator[Article | Skipped]:
    try:
        with open_regular(path) as (stream, _):
            yield from _jsonl_items(stream, source)
    except InputError as err:
        yield Skipped(source, f"{err.problem}; {err.remedy}")
    except OSError as err:
        yield Skipped(source, f"cannot be read ({err.strerror or err})")


def _read_stdin() -> Article | Skipped:
    """The plain-text article given on standard input, whose id is "stdin"."""
    data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return Skipped(STDIN_NAME, f"larger than {megabytes(MAX_ARTICLE_BYTES)}, the most an article may be; "
                                   f"{_TOO_LARGE_REMEDY}")
    return _article(data, STDIN_NAME, "stdin", parse_plain_text)


def _read_document(path: Path, source: str) -> Article | Skipped:
    try:
        data = read_limited(path, MAX_ARTICLE_BYTES, "an article", _TOO_LARGE_REMEDY)
    except InputError as err:
        return Skipped(source, f"{err.problem}; {err.remedy}")
    parse = parse_markdown if path.suffix.lower() in MARKDOWN_SUFFIXES else parse_plain_text
    return _article(data, source, slugify(Path(source).stem), parse)


def _article(data: bytes, source: str, article_id: str, parse: Callable[[str, str, str, str], Article]) -> Article | Skipped:
    try:
        raw = _decode(data, source)
    except InputError as err:
        return Skipped(source, err.problem)
    if not raw.strip():
        return Skipped(source, "empty file" if source != STDIN_NAME else "empty")
    article = parse(raw, source, article_id, content_hash(data))
    return article if article.text else Skipped(source, "no text after normalisation")


def read_file(path: Path) -> Iterator[Article | Skipped]:
    """The articles of one file, or why it was skipped; a file name that is not UTF-8 is shown
    with its odd bytes escaped (\\xe9), and the article's id made from that."""
    if path == STDIN:
        yield _read_stdin()
        return
    source = shown(path)
    refusal = _refusal(path, source)
    if refusal is not None:
        yield refusal
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(path, source)
    else:
        yield _read_document(path, source)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and everything inside folders but the folders themselves (sorted,
    recursive, hidden ones left out), so that the summary accounts for each: built, or skipped
    with its reason (a named pipe, a socket, a broken link as much as a file of another type)."""
    for path in paths:
        if path == STDIN:
            yield path
        elif path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if not _hidden(p, path) and (p.is_symlink() or not p.is_dir())
            )
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise InputError(shown(path), "no such file or folder", "check the path")


class _Ids:
    """Article ids made unique with a number: "same", "same-2", "same-3"..."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.next_number: dict[str, int] = {}  # the first number not yet tried, per id

    def unique(self, article: Article) -> Article:
        if article.id not in self.seen:
            self.seen.add(article.id)
            return article
        number = self.next_number.get(article.id, 2)
        while f"{article.id}-{number}" in self.seen:
            number += 1
        new_id = f"{article.id}-{number}"
        self.seen.add(new_id)
        self.next_number[article.id] = number + 1
        return replace(article, id=new_id)


def read_articles(paths: Iterable[Path]) -> ReadResult:
    result = ReadResult()
    ids = _Ids()
    for path in expand_paths(paths):
        for item in read_file(path):
            if isinstance(item, Skipped):
                result.skipped.append(item)
            else:
                result.articles.append(ids.unique(item))
    return result
