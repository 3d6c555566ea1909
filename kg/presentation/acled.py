"""The ACLED-style CSV of events: one row per incident in ACLED's 31 columns, its reports
merged (sources joined, the lowest fatality figure kept and the others named in the notes), the
actor type and interaction codes worked out from the actors' classes and the country where the
event happened, and the country, region and province from the gazetteer's containment."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from rdflib import Dataset

from kg.common import resources
from kg.presentation.presentation_settings import AcledSettings, load_settings
from kg.questions.query import run, select_rows, solution_rows

Row = Mapping[str, str]


@dataclass(frozen=True)
class _Known:
    """What the graph says of the actors and places the events name, by label."""

    actors: Mapping[str, Row]
    places: Mapping[str, Row]


def acled_csv(dataset: Dataset) -> tuple[bytes, list[str]]:
    """One row per reported incident, dated by its most precisely dated report, else by the
    date of the article that reports it (with a coarser time precision); and a warning naming
    the incidents that have neither, which are left out."""
    acled = load_settings().acled
    known = _Known(_by_label(dataset, "acled-actors"), _by_label(dataset, "acled-places"))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=acled.columns, lineterminator="\n")
    writer.writeheader()
    undated: list[str] = []
    for number, reports in enumerate(_incidents(select_rows(dataset, "events-table")), start=1):
        row = _incident_row(reports, acled, known)
        if row is None:
            undated.append(f"{reports[0]['type']} in {reports[0]['articleId']}")
            continue
        writer.writerow({"event_id_cnty": f"KG{number:06d}", **row})
    events = "1 event" if len(undated) == 1 else f"{len(undated)} events"
    warning = f"{events} without a date, nor a dated article, left out of the ACLED file: {', '.join(undated)}"
    return out.getvalue().encode("utf-8"), [warning] if undated else []


def _by_label(dataset: Dataset, name: str) -> dict[str, Row]:
    source = f"queries/internal/{name}.rq"
    return {row["label"]: row for row in solution_rows(run(dataset, resources.internal_query(name), source), source)}


def _incidents(rows: Iterable[Row]) -> list[list[Row]]:
    """The reported events with an ACLED type, the reports of one incident together, in the
    order of their first report."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row["status"] == "reported" and row["eventType"]:
            groups.setdefault(row["incident"] or row["event"], []).append(row)
    return list(groups.values())


def _split(cell: str) -> list[str]:
    return [part for part in (p.strip() for p in cell.split(";")) if part]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _incident_row(reports: list[Row], acled: AcledSettings, known: _Known) -> dict[str, str] | None:
    ranks = {precision: int(code) for precision, code in acled.time_precision.items()}
    reports = sorted(reports, key=lambda r: (ranks.get(r["datePrecision"], 9) if r["date"] else 10, r["date"]))
    lead = reports[0]
    published = sorted(r["articleDate"] for r in reports if r["articleDate"])
    date = lead["date"] or (published[0] if published else "")
    if not date:
        return None
    place = known.places.get(lead["location"], {})
    country = place.get("country") or acled.country
    side1 = _unique([lead["actor1"], *(a for r in reports for a in _split(r["actors1"]))])
    side2 = _unique([lead["actor2"], *(a for r in reports for a in _split(r["actors2"]))])
    if not side1:  # a lone actor is ACLED's actor1
        side1, side2 = side2, []
    civilians = not side2 and any(_calls_civilians(r["victims"], acled) for r in reports)
    if civilians:
        side2 = [acled.civilians_actor.format(country=country)]
    inter1 = _inter(side1[0], country, acled, known) if side1 else ""
    inter2 = acled.civilians_inter if civilians else (_inter(side2[0], country, acled, known) if side2 else "")
    codes = sorted(c for c in (inter1, inter2) if c)
    figures = _unique(f"{r['fatalities']} ({r['articleId']})" for r in reports if r["fatalities"])
    numbers = [int(r["fatalities"]) for r in reports if r["fatalities"]]
    sources = _sources(reports, acled, known)
    point = place.get("point") == "true"
    region = acled.countries.get(country)
    return {
        "event_date": date, "year": date[:4],
        "time_precision": acled.time_precision.get(lead["datePrecision"], "") if lead["date"]
        else acled.report_date_precision,
        "disorder_type": acled.disorder_type(lead["eventType"]), "event_type": lead["eventType"],
        "sub_event_type": lead["subEventType"],
        "actor1": side1[0] if side1 else "", "assoc_actor_1": "; ".join(side1[1:]), "inter1": inter1,
        "actor2": side2[0] if side2 else "", "assoc_actor_2": "; ".join(side2[1:]), "inter2": inter2,
        "interaction": "".join(codes) if len(codes) == 2 else (codes[0] + "0" if codes else ""),
        "civilian_targeting": acled.civilian_targeting if civilians else "",
        "iso": region.iso if region else "", "region": region.region if region else "", "country": country,
        "admin1": place.get("province", ""), "admin2": "", "admin3": "", "location": lead["location"],
        "latitude": lead["lat"], "longitude": lead["long"],
        "geo_precision": (acled.point_geo_precision if point else acled.area_geo_precision) if lead["lat"] else "",
        "source": "; ".join(sources), "source_scale": "",
        "notes": lead["text"] + (f" [fatalities as reported: {'; '.join(figures)}]" if len(set(numbers)) > 1 else ""),
        "fatalities": str(min(numbers)) if numbers else "0", "tags": "",
        "timestamp": _timestamp(published[-1]) if published else "",
    }


def _sources(reports: list[Row], acled: AcledSettings, known: _Known) -> list[str]:
    """Who the incident is known from: the organisations, monitors and states that claimed it
    (not the persons who spoke), then the articles (by their site when they have an address)."""
    claimers = (c for r in reports for c in _split(r["source"])
                if known.actors.get(c, {}).get("class") not in acled.speaker_classes)
    articles = (urlsplit(r["articleUrl"]).hostname or r["articleId"] for r in reports)
    return _unique([*claimers, *articles])


def _calls_civilians(victims: str, acled: AcledSettings) -> bool:
    return any(word.strip(".,;:'\"").lower() in acled.civilian_words for word in victims.split())


def _inter(actor: str, country: str, acled: AcledSettings, known: _Known) -> str:
    """ACLED's code for the type of the actor: by its class, and a state acting outside the
    country it rules as an external force."""
    about = known.actors.get(actor, {})
    kind = about.get("class", "")
    if kind == acled.state_class and about.get("country") and about["country"] != country:
        return acled.foreign_state_inter
    return acled.inter_codes.get(kind, "")


def _timestamp(day: str) -> str:
    """The start of the day (UTC) as ACLED's Unix timestamp: the day the latest report was published."""
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp()))
