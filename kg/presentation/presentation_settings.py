"""What the analyses, exports and pictures know of the vocabulary, read once from
`ontology/presentation.json`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.common import resources
from kg.common.errors import DataError
from kg.common.inputs import without_notes


@dataclass(frozen=True)
class RelationStyle:
    """How one relation between actors weighs on the sides and is drawn."""

    side_weight: float
    legend: str
    colour: str
    dashes: tuple[float, ...]  # on and off lengths; () for a solid line
    arrow: bool


@dataclass(frozen=True)
class AcledCountry:
    iso: str  # ISO 3166 numeric
    region: str  # ACLED's region of the world


@dataclass(frozen=True)
class AcledSettings:
    columns: tuple[str, ...]  # ACLED's, in ACLED's order
    country: str  # of an event whose place lies in no known country
    countries: Mapping[str, AcledCountry]
    time_precision: Mapping[str, str]
    disorder_types: Mapping[str, str]
    other_disorder_type: str
    report_date_precision: str  # an event dated by its article, its own day unknown
    inter_codes: Mapping[str, str]  # by the actor's class
    state_class: str  # the class of the actors that rule a country
    foreign_state_inter: str  # a state's forces outside the country it rules
    speaker_classes: frozenset[str]  # claimants who spoke rather than reported: no source
    civilians_inter: str
    civilians_actor: str  # a template with {country}
    civilian_words: frozenset[str]
    civilian_targeting: str
    point_geo_precision: str
    area_geo_precision: str

    def disorder_type(self, event_type: str) -> str:
        return self.disorder_types.get(event_type, self.other_disorder_type)


@dataclass(frozen=True)
class PresentationSettings:
    relations: Mapping[str, RelationStyle]  # in the order legends list them
    acled: AcledSettings


def _relation(entry: Mapping[str, Any]) -> RelationStyle:
    return RelationStyle(float(entry["side_weight"]), str(entry["legend"]), str(entry["colour"]),
                         tuple(float(d) for d in entry["dashes"] or ()), bool(entry["arrow"]))


def _acled(acled: Mapping[str, Any]) -> AcledSettings:
    def strings(key: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in acled[key].items()}

    return AcledSettings(
        columns=tuple(str(c) for c in acled["columns"]), country=str(acled["country"]),
        countries={str(k): AcledCountry(str(v["iso"]), str(v["region"])) for k, v in acled["countries"].items()},
        time_precision=strings("time_precision"), disorder_types=strings("disorder_types"),
        other_disorder_type=str(acled["other_disorder_type"]), report_date_precision=str(acled["report_date_precision"]),
        inter_codes=strings("inter_codes"), state_class=str(acled["state_class"]),
        foreign_state_inter=str(acled["foreign_state_inter"]),
        speaker_classes=frozenset(str(c) for c in acled["speaker_classes"]),
        civilians_inter=str(acled["civilians_inter"]), civilians_actor=str(acled["civilians_actor"]),
        civilian_words=frozenset(str(w).lower() for w in acled["civilian_words"]),
        civilian_targeting=str(acled["civilian_targeting"]), point_geo_precision=str(acled["point_geo_precision"]),
        area_geo_precision=str(acled["area_geo_precision"]))


def parse_settings(data: Mapping[str, Any]) -> PresentationSettings:
    return PresentationSettings(
        relations={str(k): _relation(v) for k, v in without_notes(data["relations"]).items()},
        acled=_acled(data["acled"]),
    )


@cache
def load_settings() -> PresentationSettings:
    path = resources.presentation_file()
    try:
        return parse_settings(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise DataError(f"{path}: cannot read the presentation settings ({err}); restore the file") from None
