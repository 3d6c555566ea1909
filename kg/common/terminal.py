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
