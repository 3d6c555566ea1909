"""A dateline ("AMMAN (AFP) -") says where a report was filed: its city is no actor and no
place of the story, and what follows it is read as the lead sentence."""

import pytest

from kg.common.namespaces import KGR


@pytest.mark.parametrize("dateline", [
    "AMMAN (AFP) - ",
    "AMMAN, Jordan \u2014 ",
    "Amman, March 3 (Reuters) - ",
    "AMMAN, JORDAN (6:30 P.M.) \u2013 ",
    "AMMAN (Petra News / Xinhua - 3rd March, 2018) ",
    "SyriaNews.net - ",
])
def test_the_filing_city_is_not_read_as_the_story(extract, dateline: str) -> None:  # type: ignore[no-untyped-def]
    ex = extract(f"{dateline}Rebels said they had seized the town of Inkhil.")
    changes = [e for e in ex.events if e.type == "ControlChange"]
    assert changes and changes[0].entities["newController"] == [str(KGR.SyrianRebels)]
    assert str(KGR.Jordan) not in ex.mentioned and str(KGR.Amman) not in ex.mentioned


def test_a_lead_without_a_dateline_keeps_its_first_words(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("SDF fighters said they had seized the town of Hajin.")
    changes = [e for e in ex.events if e.type == "ControlChange"]
    assert changes and changes[0].entities["newController"] == [str(KGR.SyrianDemocraticForces)]


def test_the_paragraph_after_a_dateline_stays_its_own(extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("HASAKAH (AFP) - Kurdish fighters seized the village of Tal Tamr.\n"
                 "Government forces seized the town of Hish.")
    assert [s.text for s in ex.sentences] == ["Kurdish fighters seized the village of Tal Tamr.",
                                              "Government forces seized the town of Hish."]
