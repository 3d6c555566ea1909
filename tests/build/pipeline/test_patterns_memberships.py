"""'NATO member Turkey': membership of an organisation is no alliance with it."""


def test_an_organisation_before_ally_names_membership(extract, labels) -> None:  # type: ignore[no-untyped-def]
    found = labels(extract("Paris called on NATO ally Turkey to halt its offensive."))
    assert ("Turkey", "kg:memberOf", "NATO") in found
    assert not any(p == "kg:alliedWith" and "NATO" in (s, o) for s, p, o in found)


def test_a_state_before_ally_still_names_an_alliance(extract, labels) -> None:  # type: ignore[no-untyped-def]
    found = labels(extract("Envoys of Damascus ally Moscow arrived in Ankara."))
    assert ("Russia", "kg:alliedWith", "Syrian government") in found
