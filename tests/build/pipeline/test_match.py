"""Every event pattern record carries an example and the role fillers it must yield."""

from __future__ import annotations

import pytest

from kg.build.pipeline.match import match_events
from kg.build.pipeline.patterns import PatternRecord, load_pattern_records
from kg.common import resources as paths

RECORDS = [r for f in sorted(paths.patterns_dir().glob("*.jsonl")) for r in load_pattern_records(f) if r.event]


def _fillers(ex, resources, record: PatternRecord) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[str]] = {}
    for event in ex.events:
        if event.type != record.event:
            continue
        for role, values in event.entities.items():
            found.setdefault(role, set()).update(resources.gazetteer.entities[v].label for v in values)
        for role, quantity in event.quantities.items():
            found.setdefault(role, set()).update({quantity.text, str(quantity.value)})
        for role, word in event.words.items():
            found.setdefault(role, set()).add(word)
    return found


@pytest.mark.parametrize("record", RECORDS, ids=[r.id for r in RECORDS])
def test_event_pattern_example(record: PatternRecord, extract, resources) -> None:  # type: ignore[no-untyped-def]
    assert record.example and record.expect_event, f"{record.id} needs an example and expectations"
    ex = extract(record.example)
    if record.event in ("Attribution", "Denial"):
        from kg.build.pipeline.match import encode
        from kg.build.pipeline.mentions import find_mentions
        from kg.build.pipeline.segment import split_sentences, tokenize

        (sentence,) = split_sentences(ex.article.text, resources.lexicon)
        tokens = tokenize(sentence.text, sentence.start)
        mentions = find_mentions(tokens, resources.gazetteer, None, resources.lexicon)
        encoded = encode(tokens, mentions, resources.gazetteer, resources.lexicon)
        matches = [m for m in match_events(encoded, tokens, mentions, [], resources.patterns, resources.gazetteer,
                                           resources.lexicon, resources.represented_roles) if m.pattern == record.id]
        labels = {resources.gazetteer.entities[v].label for m in matches for _, v in m.roles if isinstance(v, str)}
        assert {label for _, label in record.expect_event} <= labels
        return
    found = _fillers(ex, resources, record)
    for role, expected in record.expect_event:
        assert expected in found.get(role, set()), f"{role}: {expected!r} not in {found}"


@pytest.mark.parametrize(("sentence", "skipped"), [
    ("The militia was able to enter Hazano.", ["was", "able", "to"]),
    ("The militia went on to take Hazano and managed to hold it.", ["went", "on", "to", "managed", "to"]),
    ("The militia was able", []),  # a phrase cut off by the sentence's end is not one
])
def test_skippable_phrases_are_read_past_wherever_they_stand(resources, sentence: str,  # type: ignore[no-untyped-def]
                                                             skipped: list[str]) -> None:
    from kg.build.pipeline.match import skippable_tokens
    from kg.build.pipeline.segment import tokenize

    tokens = tokenize(sentence)
    skip = skippable_tokens(tokens, [], resources.lexicon)
    assert [tokens[i].norm for i in sorted(skip)] == skipped


def test_a_control_change_behind_a_skippable_phrase_is_found(extract, resources) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Government forces were able to recapture Manbij on Friday.")
    places = [{resources.gazetteer.entities[p].label for p in e.entities.get("place", [])}
              for e in ex.events if e.type == "ControlChange"]
    assert places == [{"Manbij"}]
