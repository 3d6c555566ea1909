"""'The town', 'the village': a description refers back to the one place of its own kind
just named, else to the place the article is about."""

from kg.common.namespaces import KGR


def _places(ex) -> list[str]:  # type: ignore[no-untyped-def]
    return [p for e in ex.events if e.type == "ControlChange" for p in e.entities.get("place", [])]


def test_the_town_just_named_beats_the_city_named_most(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Shells fell on the city of Deir ez-Zor. Deir ez-Zor has been besieged for years. "
                 "The army then advanced on Mayadin, a stronghold of the militants further south. "
                 "Government forces seized the town on Tuesday.")
    assert _places(ex) == [str(KGR.Mayadin)]


def test_two_towns_just_named_leave_the_article_focus(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels held Kafr Nabl. Kafr Nabl was shelled again. Troops massed between Maarat al-Numan and "
                 "Kafr Nabl on Monday. Government forces seized the town on Tuesday.")
    assert _places(ex) == [str(KGR.KafrNabl)]


def test_a_place_named_in_passing_beside_an_unnamed_one_is_not_taken(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels shelled the city of Hama. Hama was quiet by night. The central city lies on the road to the capital "
                 "Damascus. Rebels seized the city on Monday.")
    assert _places(ex) == [str(KGR.Hama)]


def test_a_description_may_carry_plain_modifiers(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels held Jisr al-Shughour for years. Jisr al-Shughour was shelled on Monday. "
                 "Government forces seized the strategic north-western town on Tuesday.")
    assert _places(ex) == [str(KGR.JisrAlShughour)]


def test_a_modifier_that_points_elsewhere_is_no_description(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels held Jisr al-Shughour for years. Jisr al-Shughour was shelled on Monday. "
                 "Government forces seized the nearby town on Tuesday.")
    assert _places(ex) == []


def test_a_place_name_before_another_kind_of_place_says_where_it_lies(extract) -> None:  # type: ignore[no-untyped-def]
    """'a key Hama village' is a village in Hama province, not the city of Hama."""
    ex = extract("Rebels repel an assault on a key Hama village.\nThe village, a gateway to the plain, "
                 "was taken by the army later that week.")
    assert str(KGR.Hama) not in ex.mentioned
    assert _places(ex) == []
