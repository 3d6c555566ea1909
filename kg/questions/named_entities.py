"""Query parameters that name an entity (a highway, a place, an actor): a name the data does
not know is refused with the closest names it does know, instead of an empty table that
would read as "nothing happened there"."""

from __future__ import annotations

from string import Template

from rapidfuzz import fuzz, process, utils

from kg.common import resources
from kg.common.errors import UsageError
from kg.questions.query import CannedQuery, Narrowing, Parameter, Select

_SUGGESTIONS = 2
_MIN_SCORE = 50  # names are short ("M4"): one character in two may differ
_SPREAD = 10  # a second suggestion only when it is about as close as the first


def names_query(classes: tuple[str, ...]) -> str:
    """The query for the names of the entities of the classes (and of their subclasses)."""
    template = Template(resources.internal_query("names-of-classes"))
    return template.substitute(classes=" ".join(f"<{iri}>" for iri in classes))


def check_names(query: CannedQuery, values: dict[str, str], select: Select) -> Narrowing:
    """Refuse a value of a parameter that names an entity when no entity of its classes has
    that name or alias (compared as the canned queries compare it: lower-cased both); give the
    entities it names to the variable the parameter declares for them (`names kg:Place as
    ?place`)."""
    looked_up: dict[tuple[str, ...], list[dict[str, str]]] = {}
    narrowing: Narrowing = {}
    for param in query.parameters:
        value = values.get(param.name)
        if value is None or not param.names:
            continue
        if param.names not in looked_up:  # the subject and the object of `evidence` name the same kinds
            looked_up[param.names] = select(names_query(param.names))
        named = sorted({row["entity"] for row in looked_up[param.names] if row["name"].lower() == value.lower()})
        if not named:
            raise UsageError(_unknown(param, value, looked_up[param.names]))
        if param.entity is not None:
            narrowing[param.entity] = named
    return narrowing


def _unknown(param: Parameter, value: str, rows: list[dict[str, str]]) -> str:
    if not rows:
        return (f"no {param.name} named '{value}' in the data; the data names no {param.name} at all; "
                "check that it is the graph you meant")
    label_of = {row["name"]: row["label"] for row in rows}
    matches = process.extract(value, sorted(label_of), scorer=fuzz.ratio, processor=utils.default_process,
                              limit=_SUGGESTIONS * 4, score_cutoff=_MIN_SCORE)
    best = matches[0][1] if matches else 0
    labels = list(dict.fromkeys(label_of[name] for name, score, _ in matches if score >= best - _SPREAD))
    labels = labels[:_SUGGESTIONS]
    hint = f"did you mean {' or '.join(labels)}?" if labels else "check the spelling"
    return f"no {param.name} named '{value}' in the data; {hint}"
