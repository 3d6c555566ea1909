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
class AcledSettings:
    country: str
    time_precision: Mapping[str, str]
    disorder_types: Mapping[str, str]
    other_disorder_type: str
    report_date_precision: str  # an event dated by its article, its own day unknown

    def disorder_type(self, event_type: str) -> str:
        return self.disorder_types.get(event_type, self.other_disorder_type)


@dataclass(frozen=True)
class PresentationSettings:
    relations: Mapping[str, RelationStyle]  # in the order legends list them
    acled: AcledSettings


def _relation(entry: Mapping[str, Any]) -> RelationStyle:
    return RelationStyle(float(entry["side_weight"]), str(entry["legend"]), str(entry["colour"]),
                         tuple(float(d) for d in entry["dashes"] or ()), bool(entry["arrow"]))


def parse_settings(data: Mapping[str, Any]) -> PresentationSettings:
    acled = data["acled"]
    return PresentationSettings(
        relations={str(k): _relation(v) for k, v in without_notes(data["relations"]).items()},
        acled=AcledSettings(str(acled["country"]),
                            {str(k): str(v) for k, v in acled["time_precision"].items()},
                            {str(k): str(v) for k, v in acled["disorder_types"].items()},
                            str(acled["other_disorder_type"]), str(acled["report_date_precision"])),
    )


@cache
def load_settings() -> PresentationSettings:
    path = resources.presentation_file()
    try:
        return parse_settings(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise DataError(f"{path}: cannot read the presentation settings ({err}); restore the file") from None
