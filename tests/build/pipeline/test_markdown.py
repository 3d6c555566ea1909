"""Markdown reduced to its text: the date line, headings, links and emphasis, by linear scans that
give what the regular expressions they replace gave."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build.pipeline.markdown import (
    find_date_line,
    find_heading,
    strip_emphasis,
    strip_headings,
    strip_links,
    strip_markdown,
)

# the expressions each scan stands for (quoted in its docstring)
_DATE = re.compile(r"^\s*(?:\*\*)?date(?:\*\*)?\s*:\s*(\S.*?)\s*$", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")

# short texts of the characters and words the scans look at, whitespace of every kind among them
_MARKDOWN = st.lists(
    st.sampled_from(
        list("#*_[]()!:ax \t\n\r\x0b\u2028\u00a0") + ["date", "Date:", "**", "__", "##", " \n"]
    ),
    max_size=16,
).map("".join)


def test_date_line() -> None:
    text = "# Mosul retaken\n\n**Date**:  10 July 2017  \nIraqi forces declared victory."
    start, end, value = find_date_line(text) or (0, 0, "")
    assert value == "10 July 2017"
    # the match starts at the start of the blank line, as `^\s*` did
    assert text[start:end] == "\n**Date**:  10 July 2017  "
    assert find_date_line("DATE: 2017-07-10") == (0, 16, "2017-07-10")
    assert find_date_line("Dated: 2017-07-10\nUpdate: none") is None
    assert find_date_line("Date:   \n") is None


def test_heading_title() -> None:
    assert (
        find_heading("Intro line\n## Peshmerga retake Makhmour ##\nBody")
        == "Peshmerga retake Makhmour"
    )
    assert find_heading("#NoSpace\n####### seven hashes\n### Third level") == "Third level"
    assert find_heading("No heading at all.") is None


def test_headings_replaced_by_their_titles() -> None:
    assert (
        strip_headings("# Fall of Tikrit #\nTroops entered.\n## Aftermath")
        == "Fall of Tikrit\nTroops entered.\nAftermath"
    )
    # the closing spaces take one line break of a run of blank lines with them, as `\s*$` did
    assert (
        strip_headings("# Fall of Tikrit\n\nTroops entered.") == "Fall of Tikrit\nTroops entered."
    )
    assert strip_headings("Text with a # inside") == "Text with a # inside"


def test_links_and_images_replaced_by_their_text() -> None:
    assert (
        strip_links("Fighting near [Ramadi](https://example.org/r) and ![a map](map.png).")
        == "Fighting near Ramadi and a map."
    )
    assert strip_links("An [unclosed link to Erbil") == "An [unclosed link to Erbil"
    assert (
        strip_links("[Erbil] is not a link (no parenthesis after it)")
        == "[Erbil] is not a link (no parenthesis after it)"
    )


def test_emphasis_replaced_by_its_text() -> None:
    assert (
        strip_emphasis("The **Peshmerga** advanced *quickly* on __Sinjar__ and _Zummar_.")
        == "The Peshmerga advanced quickly on Sinjar and Zummar."
    )
    # spaced marks are no emphasis; nor is a pair split over two lines
    assert strip_emphasis("a * b * c and 2 * 3") == "a * b * c and 2 * 3"
    assert (
        strip_emphasis("**open on one line\nclosed on the next**")
        == "**open on one line\nclosed on the next**"
    )


def test_strip_markdown_in_order() -> None:
    body = (
        "## [Kirkuk](http://k) **taken**\nForces of the *Iraqi army* entered [the city](http://c)."
    )
    assert strip_markdown(body) == "Kirkuk taken\nForces of the Iraqi army entered the city."


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN)
def test_scans_give_what_the_expressions_gave(text: str) -> None:
    date = _DATE.search(text)
    assert find_date_line(text) == ((date.start(), date.end(), date.group(1)) if date else None)
    heading = _HEADING.search(text)
    assert find_heading(text) == (heading.group(1) if heading else None)
    assert strip_headings(text) == _HEADING.sub(r"\1", text)
    assert strip_links(text) == _LINK.sub(r"\1", text)
    assert strip_emphasis(text) == _EMPHASIS.sub(r"\2", text)


def test_long_unclosed_runs_take_linear_time() -> None:
    """Runs on which the expressions backtracked for minutes."""
    started = time.perf_counter()
    assert strip_emphasis("_a " * 30_000) == "_a " * 30_000
    assert strip_links("[a(" * 30_000) == "[a(" * 30_000
    assert strip_headings("#" * 5 + " " * 60_000 + "x") == "x"
    assert find_date_line("date:" + " " * 60_000 + "x") == (0, 60_006, "x")
    assert time.perf_counter() - started < 1.0
