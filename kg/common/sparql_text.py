"""Query text the tool fills in: a query leaves a variable open with `VALUES ?var { UNDEF }`,
which runs unfiltered as written, and gets its values by this one substitution (a parameter's
literal, the entities a name gives, the graphs to look in)."""

from __future__ import annotations

import re


def given_values(text: str, variable: str, terms: str, count: int = 0) -> tuple[str, int]:
    """The text with `VALUES ?variable { UNDEF }` (the first `count` of them; 0: all) giving
    `terms` (serialised RDF terms) instead, and how many it replaced."""
    pattern = re.compile(r"VALUES\s+\?" + re.escape(variable) + r"\s*\{\s*UNDEF\s*\}")
    replacement = f"VALUES ?{variable} {{ {terms} }}"
    return pattern.subn(lambda _match: replacement, text, count=count)  # taken literally: no group references
