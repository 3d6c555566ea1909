"""An analyst's own reference files (`--reference FILE`): actors, places, highways and aliases
the project does not ship, read, checked against the shapes with the project's ontology and
reference graph as context, and made part of the reference graph for a run.

A file that cannot be parsed, that uses a class the ontology does not define, or that does not
conform to the shapes is refused with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.common.errors import InputError
from kg.common.inputs import read_limited
from kg.common.namespaces import KG
from kg.store.bridge import format_for, load_graph
from kg.store.context import ReferenceFile, shipped_context, using_references
from kg.validation.files import MAX_VALIDATE_BYTES, ValidationOutcome, described, validate_files
from kg.validation.shapes import Finding

_REMEDY = "fix the reference file and run again"


def _first_line(path: Path, local: str) -> int | None:
    """The first line of the file that writes kg:LOCAL or its full IRI."""
    short = re.compile(r"(?:^|[\s;,(\[])kg:" + re.escape(local) + r"(?=[\s;,.)\]]|$)")
    full = f"<{KG}{local}>"
    try:
        lines = read_limited(path, MAX_VALIDATE_BYTES).decode("utf-8").split("\n")
    except (InputError, OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        if full in line or short.search(line):
            return number
    return None


def _check_classes(path: Path, graph: Graph, ontology: Graph) -> None:
    """Refuse an entity typed with a kg: class the ontology does not define (a misspelt
    kg:Twon would otherwise leave the entity out of the gazetteer without a word)."""
    known = {str(c) for c in ontology.subjects(RDF.type, OWL.Class)}
    for cls in sorted({str(o) for o in graph.objects(None, RDF.type)}):
        if cls.startswith(str(KG)) and cls not in known:
            local = cls[len(str(KG)):]
            raise InputError(path, f"kg:{local} is not a class of the ontology",
                             "use a class such as kg:ArmedGroup, kg:Town or kg:Highway; " + _REMEDY,
                             _first_line(path, local))


def _refusal(finding: Finding, outcome: ValidationOutcome, path: Path) -> InputError:
    where = outcome.first_lines.get(finding.focus)
    return InputError(where[0] if where else path,
                      f"does not conform: {described(finding, value_label=False)}: {finding.message.rstrip('.')}",
                      _REMEDY, where[1] if where else None)


def read_reference_files(paths: Sequence[Path]) -> tuple[ReferenceFile, ...]:
    """Parse and check the files; each conforms to the shapes together with the project's
    ontology and reference graph, or an InputError names the file and line."""
    unique = list(dict.fromkeys(paths))
    if not unique:
        return ()
    ontology = shipped_context().ontology
    files: list[ReferenceFile] = []
    for path in unique:
        _check_classes(path, load_graph(path), ontology)
        files.append(ReferenceFile(str(path), format_for(path), read_limited(path, None),
                                   path.resolve().as_uri()))
    with using_references(()):
        outcome = validate_files(unique)
    violations = outcome.report.violations
    if violations:
        raise _refusal(violations[0], outcome, unique[0])
    return tuple(files)


@contextmanager
def analyst_reference(paths: Sequence[Path]) -> Iterator[tuple[ReferenceFile, ...]]:
    """Check the analyst's reference files and make them part of the reference graph while
    the block runs."""
    files = read_reference_files(paths)
    with using_references(files):
        yield files
