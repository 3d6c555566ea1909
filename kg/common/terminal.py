"""Text from articles, file names and graphs made safe to show on a terminal.

A title, label or file name can hold control characters (an escape sequence that recolours or
clears the screen, a carriage return that hides what came before, a newline that forges a
line of output) and, on Linux, bytes that are not UTF-8 (kept by Python as lone surrogates,
which cannot be written to a UTF-8 terminal at all). Both are shown as visible escapes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFF:
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


def printable(text: str, keep_lines: bool = False) -> str:
    """The text with control characters and undecodable bytes written as `\\xNN`; tabs and
    newlines are kept only when `keep_lines`."""
    pattern = _UNSAFE if keep_lines else _UNSAFE_OR_BREAK
    return pattern.sub(_escape, text)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """The lines of a plain table: the header, a rule of dashes, then the rows, each column as
    wide as its widest cell and two spaces apart."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)
    return lines


_FLEXIBLE = 24  # a column whose cells run wider than this shares the room left and wraps
_NARROWEST = 16  # the least room a wrapped column gets; with less, rows are shown as records


def fitted(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """The lines of a table at most `width` columns wide. Short columns keep their width; long
    ones share the room left, their cells wrapped onto further lines of their row instead of
    cut. When the long ones would get too little room, each row is shown as a record: a line
    per column, its name then its value, wrapped."""
    natural = [max([len(name)] + [len(row[k]) for row in rows]) for k, name in enumerate(header)]
    fixed = sum(size for size in natural if size <= _FLEXIBLE)
    flexible = sum(1 for size in natural if size > _FLEXIBLE)
    if fixed + flexible * _NARROWEST + 2 * (len(header) - 1) > width:
        return _records(header, rows, width)
    return _wrapped_table(header, rows, natural, width)


def _wrapped_table(header: Sequence[str], rows: Sequence[Sequence[str]], natural: list[int], width: int) -> list[str]:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1),
                 expand=sum(natural) + 2 * (len(natural) - 1) > width)
    for name, size in zip(header, natural):
        if size > _FLEXIBLE:
            grid.add_column(name, overflow="fold", min_width=_NARROWEST, ratio=min(size, 4 * _FLEXIBLE))
        else:
            grid.add_column(name, no_wrap=True, min_width=size)
    for row in rows:
        grid.add_row(*row)
    console = Console(width=width, color_system=None, highlight=False, markup=False, emoji=False,
                      force_terminal=False, soft_wrap=False)
    with console.capture() as captured:
        console.print(grid)
    return [line.rstrip() for line in captured.get().split("\n") if line.strip()]


def _records(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    import textwrap

    label = max(len(name) for name in header) + 2
    room = max(_NARROWEST, width - label)
    lines: list[str] = []
    for number, row in enumerate(rows, start=1):
        lines.append(f"-- {number} " + "-" * max(0, min(width, 40) - len(str(number)) - 4))
        for name, value in zip(header, row):
            parts = textwrap.wrap(value, room, break_long_words=True, break_on_hyphens=False) or [""]
            lines.append(f"{name.ljust(label)}{parts[0]}".rstrip())
            lines.extend(" " * label + part for part in parts[1:])
    return lines
