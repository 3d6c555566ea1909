"""Mentions: names found whatever their case, diacritics, hyphens and possessives;
demonyms and capitals read by context; unknown names discovered from their cues."""

from kg.common.namespaces import KGR


def _mentioned(ex) -> set[str]:  # type: ignore[no-untyped-def]
    return {iri.rsplit("/", 1)[-1] for iri in ex.mentioned}


def test_case_diacritics_hyphens_and_possessives(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("SARAQIB fell. Erdoğan spoke in al Nayrab. Moscow's envoy met Hayat Tahrir al Sham.")
    assert {"Saraqeb", "RecepTayyipErdogan", "NairabIdlib", "Moscow", "HayatTahrirAlSham"} <= _mentioned(ex)


def test_ambiguous_name_takes_the_reading_its_context_names(extract) -> None:  # type: ignore[no-untyped-def]
    assert "IdlibCity" in _mentioned(extract("Jets struck the city of Idlib."))
    assert "IdlibProvince" in _mentioned(extract("Jets struck Idlib."))
    assert "AleppoProvince" in _mentioned(extract("Troops moved into Aleppo province."))


def test_demonym_denotes_the_state_only_for_its_forces(extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert ("Turkey", "kg:backs", "Syrian rebels") in labels(extract("Turkish-backed rebels advanced."))
    assert ("Turkey", "kg:backs", "Syrian rebels") in labels(extract("Rebels backed by Turkish troops advanced."))
    assert labels(extract("Turkish-backed Syrian refugees crossed.")) == set()


def test_slur_is_not_the_state(extract, labels) -> None:  # type: ignore[no-untyped-def]
    ex = extract("\"We expelled the Russian terrorist militias,\" said a commander backed by Turkey.")
    assert not any(s == "Russia" or o == "Russia" for s, _, o in labels(ex))


def test_capital_stands_for_the_government_only_as_an_actor(extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert ("Russia", "kg:alliedWith", "Syrian government") in labels(extract("Russia, a key ally of Damascus, sent jets."))
    assert ("M5", "kg:connects", "Damascus") in labels(extract("The M5 runs south to Damascus."))


def test_unknown_names_are_discovered_from_their_cues(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Shells hit the village of Tell Marqab in Idlib province. The Northern Hawks Front joined the fight.")
    found = {e.label: e for e in ex.discovered.values()}
    assert set(found) == {"Tell Marqab", "Northern Hawks Front"}
    assert "Village" in found["Tell Marqab"].classes
    assert "ArmedGroup" in found["Northern Hawks Front"].classes
    assert all(e.discovered for e in found.values())


def test_known_names_are_not_discovered(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Fighting reached the town of Saraqeb and the Free Syrian Army.")
    assert ex.discovered == {}
    assert str(KGR.Saraqeb) in ex.mentioned


def test_pronoun_resolves_to_the_group_of_the_previous_sentence(extract, labels) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Most fighters of the Turkistan Islamic Party come from western China. "
                 "They are allied with Hayat Tahrir al-Sham.")
    assert ("Turkistan Islamic Party", "kg:alliedWith", "Hayat Tahrir al-Sham") in labels(ex)


def test_speaker_we_is_the_group_the_speaker_represents(extract, labels) -> None:  # type: ignore[no-untyped-def]
    ex = extract("\"Thanks to the help of our Turkish friends, the village is ours,\" Naji Mustafa said.")
    assert labels(ex) == {("Turkey", "kg:backs", "National Front for Liberation")}


def test_a_name_that_holds_its_own_cue_takes_the_words_before_it(extract) -> None:  # type: ignore[no-untyped-def]
    """'the northern Iraqi city of Mosul': the reference data knows 'city of Mosul' as a name."""
    ex = extract("Militants of ISIL overran the northern Iraqi city of Mosul on Tuesday.")
    changes = [e for e in ex.events if e.type == "ControlChange"]
    assert changes and changes[0].entities["place"] == [str(KGR.Mosul)]


def test_a_place_noun_of_two_words_is_a_cue(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Kurdish fighters captured the border town of Tal Abyad.")
    changes = [e for e in ex.events if e.type == "ControlChange"]
    assert changes and changes[0].entities["place"] == [str(KGR.TalAbyad)]


def test_plain_modifiers_before_a_place_noun_belong_to_the_mention(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Jihadists overran the ancient desert city of Palmyra on Sunday.")
    changes = [e for e in ex.events if e.type == "ControlChange"]
    assert changes and changes[0].entities["place"] == [str(KGR.Palmyra)]
