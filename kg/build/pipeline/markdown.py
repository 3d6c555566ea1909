"""Markdown reduced to its text, in time linear in its length.

Each function gives exactly what a regular expression once gave (named in its docstring, with
Python's `re` semantics), but by scanning: the expressions backtracked through the rest of a line,
or of the text, from every place a match could start, which took minutes on one long line of
unclosed `_` or `[`."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left

_WHITESPACE_RUN = re.compile(r"\s*")
_HASH_RUN = re.compile(r"#*")
_HASH_AT_LINE_START = re.compile(r"^#", re.MULTILINE)
_DATE_KEY = re.compile(r"(?:\*\*)?date(?:\*\*)?\s*:\s*", re.IGNORECASE)
_MAX_HEADING_LEVEL = 6
_DELIMITERS = ("**", "__", "*", "_")  # in the order the alternation tried them
_EMPHASIS_CHAR = re.compile(r"[*_]")
# where a delimiter could close an emphasis: right after a character that is not a space
_CLOSERS = {d: re.compile(rf"(?<=\S)(?={re.escape(d)})") for d in _DELIMITERS}


def _whitespace_end(text: str, start: int) -> int:
    match = _WHITESPACE_RUN.match(text, start)
    assert match is not None
    return match.end()


def _hash_end(text: str, start: int) -> int:
    match = _HASH_RUN.match(text, start)
    assert match is not None
    return match.end()


def find_date_line(text: str) -> tuple[int, int, str] | None:
    """The first "Date: ..." line: its start, end and value, as
    `re.search(r"^\\s*(?:\\*\\*)?date(?:\\*\\*)?\\s*:\\s*(\\S.*?)\\s*$", text, re.I | re.M)`."""
    size = len(text)
    line_start = 0
    while True:
        key_start = _whitespace_end(text, line_start)  # every line start in this run ends here too
        key = _DATE_KEY.match(text, key_start)
        if key is not None:
            value_start = key.end()
            if value_start == size:
                return None  # only whitespace follows, so no later line can match either
            line_end = text.find("\n", value_start)
            line_end = size if line_end < 0 else line_end
            value_end = value_start + len(text[value_start:line_end].rstrip())
            run_end = _whitespace_end(text, value_end)
            end = size if run_end == size else text.rfind("\n", value_end, run_end)
            return line_start, end, text[value_start:value_end]
        newline = text.find("\n", key_start)
        if newline < 0:
            return None
        line_start = newline + 1


def _heading_tail_end(text: str, start: int) -> int:
    """Where `\\s*#*\\s*$` (multiline) ends when matched at `start`, the rest of whose line is
    spaces and hashes: the backtracking picks the end of the text or the last newline of a run."""
    size = len(text)
    spaces_end = _whitespace_end(text, start)
    if spaces_end == size:
        return size
    hashes_end = _hash_end(text, spaces_end)
    trailing_end = _whitespace_end(text, hashes_end)
    if trailing_end == size:
        return size
    newline = text.rfind("\n", hashes_end, trailing_end)
    if newline < 0:
        newline = text.rfind("\n", start, spaces_end)
    return newline


def _heading_at(text: str, line_start: int) -> tuple[int, int, int] | None:
    """A heading at the line start, as `^#{1,6}\\s+(.*?)\\s*#*\\s*$` (multiline): the start and
    end of its title, and the end of the match. The spaces after the hashes may run over blank
    lines, and the closing spaces and hashes may take the line break with them."""
    level = _hash_end(text, line_start) - line_start
    after = line_start + level
    if not 1 <= level <= _MAX_HEADING_LEVEL or after == len(text) or not text[after].isspace():
        return None
    title_start = _whitespace_end(text, after)
    line_end = text.find("\n", title_start)
    line_end = len(text) if line_end < 0 else line_end
    title = text[title_start:line_end].rstrip().rstrip("#").rstrip()
    title_end = title_start + len(title)
    return title_start, title_end, _heading_tail_end(text, title_end)


def find_heading(text: str) -> str | None:
    """The title of the first heading, unstripped."""
    for match in _HASH_AT_LINE_START.finditer(text):
        found = _heading_at(text, match.start())
        if found is not None:
            return text[found[0]:found[1]]
    return None


def strip_headings(text: str) -> str:
    """Each heading replaced by its title."""
    parts: list[str] = []
    done = 0
    search_from = 0
    while (match := _HASH_AT_LINE_START.search(text, search_from)) is not None:
        found = _heading_at(text, match.start())
        if found is None:
            search_from = match.start() + 1
            continue
        title_start, title_end, end = found
        parts += [text[done:match.start()], text[title_start:title_end]]
        done = search_from = end
    parts.append(text[done:])
    return "".join(parts)


def strip_links(text: str) -> str:
    """Links and images replaced by their text, as `re.sub(r"!?\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", text)`.
    The next `]` and `)` are remembered, as the places looked from only move forward."""
    parts: list[str] = []
    done = search_from = 0
    closing_bracket = closing_paren = -1
    while (bracket := text.find("[", search_from)) >= 0:
        if closing_bracket <= bracket:
            closing_bracket = text.find("]", bracket + 1)
            if closing_bracket < 0:
                break
        if text.startswith("(", closing_bracket + 1):
            if closing_paren < closing_bracket + 2:
                closing_paren = text.find(")", closing_bracket + 2)
                if closing_paren < 0:
                    break
            start = bracket - 1 if bracket - 1 >= done and text.startswith("!", bracket - 1) else bracket
            parts += [text[done:start], text[bracket + 1:closing_bracket]]
            done = search_from = closing_paren + 1
        else:
            search_from = bracket + 1
    parts.append(text[done:])
    return "".join(parts)


class _Closers:
    """Where each delimiter could close an emphasis, found once per text when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, array[int]] = {}

    def first(self, delimiter: str, start: int, before: int) -> int | None:
        """The first place at or after `start` and before `before` where the delimiter closes."""
        places = self.found.get(delimiter)
        if places is None:
            places = self.found[delimiter] = array("q", (m.start() for m in _CLOSERS[delimiter].finditer(self.text)))
        k = bisect_left(places, start)
        return places[k] if k < len(places) and places[k] < before else None


def _emphasis_at(text: str, start: int, line_end: int, closers: _Closers) -> tuple[int, int, int] | None:
    for delimiter in _DELIMITERS:
        if not text.startswith(delimiter, start):
            continue
        inner = start + len(delimiter)
        if inner == len(text) or text[inner].isspace():
            continue
        close = closers.first(delimiter, inner + 1, line_end)
        if close is not None:
            return inner, close, close + len(delimiter)
    return None


def strip_emphasis(text: str) -> str:
    """Emphasis replaced by its text, as `re.sub(r"(\\*\\*|__|\\*|_)(?=\\S)(.+?)(?<=\\S)\\1", r"\\2", text)`:
    the first closing delimiter on the same line after the opening one, by lookup, not by search."""
    if "*" not in text and "_" not in text:
        return text
    closers = _Closers(text)
    parts: list[str] = []
    done = search_from = 0
    line_end = -1
    while (match := _EMPHASIS_CHAR.search(text, search_from)) is not None:
        start = match.start()
        if start > line_end:
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
        found = _emphasis_at(text, start, line_end, closers)
        if found is None:
            search_from = start + 1
            continue
        inner, close, end = found
        parts += [text[done:start], text[inner:close]]
        done = search_from = end
    parts.append(text[done:])
    return "".join(parts)


def strip_markdown(body: str) -> str:
    """Headings, links and emphasis reduced to their text, in that order."""
    return strip_emphasis(strip_links(strip_headings(body)))
