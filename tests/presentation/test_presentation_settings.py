"""The presentation settings file: every relation of the actor network has its weight and
style, and the ACLED export its codes."""

from __future__ import annotations

from kg.presentation.presentation_settings import load_settings


def test_every_relation_of_the_actor_network_is_set() -> None:
    relations = load_settings().relations
    assert list(relations) == ["backs", "alliedWith", "opposes"]
    assert relations["backs"].side_weight > 0 > relations["opposes"].side_weight
    assert relations["backs"].dashes == () and relations["alliedWith"].dashes


def test_acled_disorder_types() -> None:
    acled = load_settings().acled
    assert acled.disorder_type("Strategic developments") == "Strategic developments"
    assert acled.disorder_type("Battles") == "Political violence"
    assert acled.time_precision["day"] == "1"
