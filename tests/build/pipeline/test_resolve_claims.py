"""Who a report is attributed to: the one who said it, never the report's own subject."""

from kg.common.namespaces import KGR


def _control(ex):  # type: ignore[no-untyped-def]
    return [e for e in ex.events if e.type == "ControlChange"]


def test_the_speaker_after_the_report_claims_it(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Kurdish fighters captured the village of Ain Issa on Monday, the Syrian Observatory "
                 "for Human Rights said.")
    assert _control(ex) and _control(ex)[0].claimed_by == [str(KGR.SyrianObservatoryForHumanRights)]


def test_the_subject_of_the_report_is_not_its_source(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Kurdish fighters captured the village of Ain Issa on Monday, a local monitor said.")
    events = _control(ex)
    assert events and events[0].entities["newController"] == [str(KGR.YPG)]
    assert events[0].claimed_by == []


def test_a_speaker_before_the_report_claims_it(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The Turkish defence ministry said Turkish-backed factions seized the village of Suluk.")
    assert _control(ex) and _control(ex)[0].claimed_by == [str(KGR.Turkey)]


def test_a_name_before_a_lone_comma_is_not_the_speaker(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Government forces pushed into Mayadin, a stronghold of the Islamic State in Deir ez-Zor "
                 "province, state television reported.")
    assert all(str(KGR.IslamicState) not in e.claimed_by for e in ex.events)


def test_a_speaker_in_apposition_still_claims(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("The Syrian Observatory for Human Rights, a monitor based in Britain, said Kurdish fighters "
                 "captured the village of Ain Issa.")
    assert _control(ex) and _control(ex)[0].claimed_by == [str(KGR.SyrianObservatoryForHumanRights)]


def test_a_denial_of_the_report_disputes_the_sentence_before(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Kurdish fighters captured the village of Ain Issa, a monitor said. "
                 "The Turkish defence ministry denied the monitor's report.")
    assert _control(ex) and _control(ex)[0].denied_by == [str(KGR.Turkey)]


def test_a_denial_with_a_clause_of_its_own_disputes_nothing_before(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Kurdish fighters captured the village of Ain Issa, a monitor said. "
                 "The Turkish defence ministry denied that its troops had withdrawn from the area.")
    assert _control(ex) and _control(ex)[0].denied_by == []
    ex = extract("Kurdish fighters captured the village of Ain Issa. Turkey denied any role in the fighting.")
    assert _control(ex) and _control(ex)[0].denied_by == []
