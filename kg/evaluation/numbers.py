"""The number a gold count or a report's figure states: digits first ('more than 1,800' is
1800), else number words ('more than one hundred' is 100); a phrase without either
('dozens') states none."""

from __future__ import annotations

import re

from kg.evaluation.rules import Rules

_DIGITS = re.compile(r"\d[\d,]*")
_WORD = re.compile(r"[a-z]+")
_CLOSING_SCALE = 1000  # a scale this large or larger closes the number before it


def number_in(value: object, rules: Rules) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value)
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group().replace(",", ""))
    return _number_in_words(text, rules)


def _number_in_words(text: str, rules: Rules) -> int | None:
    total = current = 0
    seen = False
    for word in _WORD.findall(text.lower()):
        if word in rules.numbers:
            current += rules.numbers[word]
            seen = True
        elif word in rules.scales and seen:
            scale = rules.scales[word]
            if scale < _CLOSING_SCALE:
                current = max(current, 1) * scale
            else:
                total += max(current, 1) * scale
                current = 0
        elif seen:
            break
    return total + current if seen else None
