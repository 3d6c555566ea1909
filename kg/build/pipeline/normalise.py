"""Repair the damage news text picks up on its way to us.

Character offsets everywhere in the graph count Unicode code points in the text this
module returns, so `normalise` must be idempotent: normalising twice changes nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Entities mangled by scrapers: "& # 39;" for "&#39;", ",quot;" for "&quot;".
_SPACED_NUMERIC_ENTITY = re.compile(r"&\s*#\s*(x[0-9a-fA-F]+|\d+)\s*;")
# "Hay & # 39; et": an apostrophe entity whose spaces split one word.
_SPACED_APOSTROPHE = re.compile(r"(\w) ?&\s*#\s*(?:39|x27)\s*; ?(\w)")
_MANGLED_QUOT = re.compile(r"(?:[,&]\s?)?\bquot;")
_NAMED_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
# Template placeholders left in scraped pages, e.g. "%MINIFYHTML9f0e...12%": capitals, then
# eight hex digits or more. Written as "[A-Z_]* ending in a letter past F" so that the hex digits
# A-F are never tried both ways: the same matches as "%[A-Z][A-Z_]*[0-9a-fA-F]{8,}%", which took
# time quadratic in a long run of capitals.
_TEMPLATE_MARKER = re.compile(r"%[A-Z](?:[A-Z_]*[G-Z_])?[0-9a-fA-F]{8,}%|\{\{[^{}\n]{0,80}\}\}")

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2002": " ", "\u2003": " ", "\t": " ",
        "\u00ad": None, "\u200b": None, "\ufeff": None,
        "\u2028": "\n", "\u2029": "\n",
    }
)
_SPACES = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")
_MAX_PASSES = 8


def _decode_numeric(match: re.Match[str]) -> str:
    code = match.group(1)
    value = int(code[1:], 16) if code[0] in "xX" else int(code)
    try:
        return chr(value)
    except (ValueError, OverflowError):
        return ""


def repair_entities(text: str) -> str:
    if "&" not in text and "quot;" not in text:
        return text
    text = _SPACED_APOSTROPHE.sub(r"\1'\2", text)
    text = _SPACED_NUMERIC_ENTITY.sub(_decode_numeric, text)
    text = _MANGLED_QUOT.sub('"', text)
    return _NAMED_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def remove_template_markers(text: str) -> str:
    return _TEMPLATE_MARKER.sub("", text) if "%" in text or "{{" in text else text


def normalise_characters(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_TRANSLATE)


def normalise_whitespace(text: str) -> str:
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalise(text: str) -> str:
    """Return the text the extractor reads and all character offsets refer to."""
    for _ in range(_MAX_PASSES):
        previous = text
        text = normalise_whitespace(
            normalise_characters(remove_template_markers(repair_entities(text)))
        )
        if text == previous:
            break
    return text
