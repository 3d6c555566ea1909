"""Names that carry their backer ("Turkish-backed forces", "US-backed fighters"): the whole
name denotes the backed actor, and the backer before the hyphen is still read as backing it."""

from kg.common.namespaces import KGR


def _controllers(ex) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {
        (place.rsplit("/", 1)[-1], who.rsplit("/", 1)[-1])
        for event in ex.events if event.type == "ControlChange"
        for place in event.entities.get("place", [])
        for who in event.entities.get("newController", [])
    }


def test_backed_forces_take_a_place_and_keep_their_backer(extract, labels) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Turkey-backed factions seized the town of Tell Abyad on Friday.")
    assert ("TalAbyad", "SyrianRebels") in _controllers(ex)
    assert ("Turkey", "kg:backs", "Syrian rebels") in labels(ex)


def test_each_backer_names_its_own_forces_in_syria(extract, labels) -> None:  # type: ignore[no-untyped-def]
    ex = extract("In Syria, US-backed forces entered Tabqa while Russian-backed troops shelled Palmyra.")
    found = labels(ex)
    assert ("United States", "kg:backs", "Syrian Democratic Forces") in found
    assert ("Russia", "kg:backs", "Syrian government") in found
    assert str(KGR.SyrianDemocraticForces) in ex.mentioned


def test_a_backed_name_without_a_known_head_stays_unread(extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert labels(extract("Turkish-backed aid convoys reached Azaz.")) == set()


def test_a_denial_later_in_the_sentence_disputes_the_report_before_it(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Some outlets said Ankara-backed fighters had captured the town of Manbij; however, "
                 "an official of the Syrian Democratic Forces denied its fall.")
    disputed = [e for e in ex.events if e.type == "ControlChange" and e.denied_by]
    assert disputed and str(KGR.SyrianDemocraticForces) in disputed[0].denied_by


def test_dotted_backer_before_the_hyphen(extract, labels) -> None:  # type: ignore[no-untyped-def]
    ex = extract("In Syria, U.S.-backed militias said they had taken the town of Manbij.")
    assert ("United States", "kg:backs", "Syrian Democratic Forces") in labels(ex)
    assert ("Manbij", "SyrianDemocraticForces") in _controllers(ex)


def test_the_local_demonym_before_allies_names_no_side(extract, labels) -> None:  # type: ignore[no-untyped-def]
    """In a report on Syria, Turkey's 'Syrian allies' are not the Syrian government."""
    found = labels(extract("Turkish troops and their Syrian allies shelled Tal Tamr in north-east Syria."))
    assert not any("Syrian government" in (s, o) for s, _, o in found)
    assert ("Syrian government", "kg:alliedWith", "Russia") in labels(
        extract("Damascus and its Russian allies pounded Idlib."))


def test_a_compound_modifier_before_the_backed_actor_is_read_past(extract, labels) -> None:  # type: ignore[no-untyped-def]
    assert ("United States", "kg:backs", "Syrian Democratic Forces") in labels(
        extract("Washington arms the Arab-led SDF in Deir ez-Zor."))
    assert ("Iran", "kg:backs", "Hezbollah") in labels(
        extract("Iran funds the Shiite-dominated Hezbollah."))


def test_a_backer_whose_name_holds_a_hyphen_keeps_its_whole_name(resources) -> None:  # type: ignore[no-untyped-def]
    """'Tahrir al-Sham-backed fighters of the Front': the backer ends at the hyphen before
    'backed', not at the first hyphen of its own name."""
    from kg.build.pipeline.gazetteer import Reading, Trie, name_key
    from kg.build.pipeline.mentions import _name_mentions
    from kg.build.pipeline.segment import tokenize

    lexicon = resources.lexicon
    trie = Trie()
    trie.add(name_key("Tahrir al-Sham", lexicon), Reading("urn:backer", "label"))
    trie.add(name_key("Tahrir al-Sham-backed fighters", lexicon), Reading("urn:fighters", "context"))
    tokens = tokenize("Tahrir al-Sham-backed fighters of the Front advanced.")
    first = _name_mentions(tokens, [trie], lexicon)[0]
    assert [t.text for t in tokens[first.start:first.end]] == ["Tahrir", "al", "-", "Sham"]
    assert [r.iri for r in first.readings] == ["urn:backer"]
