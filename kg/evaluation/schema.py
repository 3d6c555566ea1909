"""Checks on the shape of a gold file, each failure one line that says where in the file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from kg.common.errors import InputError

REMEDY = "see 'The gold file' in the README for its schema"
STRONG_READING = "strong_reading"


@dataclass(frozen=True)
class Where:
    """A place in the gold file: its source and the path to a value, such as
    articles[2].control_changes[0].place."""

    source: str
    path: str = ""

    def at(self, key: str | int) -> Where:
        step = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return Where(self.source, self.path + step)

    def fail(self, problem: str) -> NoReturn:
        subject = self.path or "the gold file"
        raise InputError(self.source, f"{subject} {problem}", REMEDY)

    def string(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail("is not a name or text")
        return value

    def items(self, value: object) -> Iterator[tuple[Where, Mapping[str, Any]]]:
        """The objects of a list, each with its place."""
        if not isinstance(value, list):
            self.fail("is not a list")
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.at(index).fail("is not an object")
            yield self.at(index), item

    def rows(self, value: object) -> Iterator[tuple[Where, list[Any]]]:
        """The entries of a list written as lists of two names or more (the section layout)."""
        if not isinstance(value, list):
            self.fail("is not a list")
        for index, item in enumerate(value):
            if not isinstance(item, list) or len(item) < 2:
                self.at(index).fail("is not a list [a, b, ...]")
            yield self.at(index), item


def optional_flag(fields: Mapping[str, Any]) -> bool:
    """An entry that counts neither for nor against: optional, or only a strong reading."""
    return bool(fields.get("optional")) or fields.get("strength") == STRONG_READING


def strings(value: object) -> list[str]:
    """A name or a list of names as a list; anything else as none."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def text_of(value: object) -> str | None:
    """Evidence given as a sentence or a list of them: the first."""
    found = strings(value)
    return found[0] if found else None
