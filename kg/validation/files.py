"""`kg validate`: check graph files, hand-written or built, against the shapes, with the
ontology and the reference graph as context, and report in plain words."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.common.errors import InputError, UsageError
from kg.common.inputs import STDIN, STDIN_NAME, check_regular, read_limited, too_large
from kg.common.namespaces import SH
from kg.store.bridge import add_quads, load_graph, new_dataset, raw_store
from kg.store.context import context_store_quads, context_view_quads, load_context
from kg.store.curation import curated_graph_iri, load_for_validation
from kg.validation.shapes import Finding, ValidationReport, validate
from kg.validation.unknown_names import Unknown, unknown_entities

REPORT_FORMATS = ("text", "turtle", "json")
# Validation holds a file in memory at some 70 times its size (a 15 MB graph of 10,000 articles
# took 1 GB and 24 s); a graph larger than this is validated where it is built, batch by batch.
MAX_VALIDATE_BYTES = 64_000_000


@dataclass(frozen=True)
class ValidationOutcome:
    report: ValidationReport
    files: list[Path]
    first_lines: dict[str, tuple[Path, int]]


def check_size(path: Path) -> None:
    """An InputError unless the file is a regular file of at most MAX_VALIDATE_BYTES."""
    size = check_regular(path).st_size
    if size > MAX_VALIDATE_BYTES:
        raise too_large(path, size, MAX_VALIDATE_BYTES, "a file to validate",
                        "validate a graph that large as it is built ('kg build' checks it batch by batch)")


# written forms of a node: <IRI>, and prefix:local after a space or one of ;,([ and before a
# space, one of ;,.)] or the line's end
_IRI_WRITTEN = re.compile(r"<([^<>\s]*)>")
_PREFIX_WRITTEN = re.compile(r"(?:^|(?<=[\s;,(\[]))[\w-]*:")
_LOCAL_END = re.compile(r"[\s;,.)\]]")


def _local_name(node: str) -> str:
    return re.split(r"[#/]", node)[-1]


def _written_at(line: str, colon_end: int, longest: int) -> str | None:
    """The local name written after a prefix's colon, if it is no longer than `longest`."""
    rest = line[colon_end: colon_end + longest + 1]
    end = _LOCAL_END.search(rest)
    if end is not None:
        return rest[:end.start()]
    return rest if colon_end + len(rest) == len(line) and len(rest) <= longest else None


def _first_lines(path: Path, nodes: set[str]) -> dict[str, tuple[Path, int]]:
    """Where each node is first written in the file: its full IRI or prefix:local name. One
    pass over the lines, looking up what is written, rather than one per node."""
    found: dict[str, tuple[Path, int]] = {}
    try:
        lines = read_limited(path, MAX_VALIDATE_BYTES).decode("utf-8").split("\n")
    except (InputError, OSError, UnicodeDecodeError):
        return found
    by_local: dict[str, list[str]] = {}
    for node in nodes:
        local = _local_name(node)
        if local and not _LOCAL_END.search(local):
            by_local.setdefault(local, []).append(node)
    longest = max(map(len, by_local), default=0)
    for number, line in enumerate(lines, start=1):
        if len(found) == len(nodes):
            break
        for iri in _IRI_WRITTEN.finditer(line):
            if iri.group(1) in by_local.get(_local_name(iri.group(1)), ()):
                found.setdefault(iri.group(1), (path, number))
        for prefix in _PREFIX_WRITTEN.finditer(line):
            for node in by_local.get(_written_at(line, prefix.end(), longest) or "", ()):
                found.setdefault(node, (path, number))
    for node in nodes - {n for names in by_local.values() for n in names}:
        _first_line_of(node, lines, path, found)
    return found


def _first_line_of(node: str, lines: list[str], path: Path, found: dict[str, tuple[Path, int]]) -> None:
    """A node whose local name holds a character that may also end it ("v1.2"), line by line."""
    local = _local_name(node)
    if not local:
        return
    short = re.compile(r"(?:^|[\s;,(\[])[\w-]*:" + re.escape(local) + r"(?=[\s;,.)\]]|$)")
    for number, line in enumerate(lines, start=1):
        if f"<{node}>" in line or short.search(line):
            found[node] = (path, number)
            return


def validate_files(files: list[Path], shapes: Path | None = None, stdin: bytes = b"") -> ValidationOutcome:
    """Validate against the project's shapes, or against the shapes in `shapes` instead; a
    file `-` is the graph (TriG or Turtle) given as `stdin`."""
    if STDIN in files:
        return _validate_with_stdin(files, shapes, stdin)
    for path in [*files, *([shapes] if shapes is not None else [])]:
        check_size(path)
    context = load_context()
    shapes_graph = load_graph(shapes) if shapes is not None else context.shapes
    dataset = new_dataset()
    add_quads(raw_store(dataset), context_store_quads(), context_view_quads())
    for path in files:
        load_for_validation(dataset, path)
    report = validate(dataset, shapes_graph)
    curated = [str(curated_graph_iri(path)) for path in files]
    warnings = [_unknown_finding(u) for u in unknown_entities(dataset, curated)]
    if warnings:
        report = ValidationReport(report.conforms, report.findings + warnings, report.graph)
    focus = {f.focus for f in report.findings}
    lines: dict[str, tuple[Path, int]] = {}
    for path in reversed(files):
        lines.update(_first_lines(path, focus))
    return ValidationOutcome(report, files, lines)


def _unknown_finding(unknown: Unknown) -> Finding:
    if unknown.suggestions:
        names = " or ".join(f"{label} <{iri}>" for label, iri in unknown.suggestions)
        hint = f"did you mean {names}?"
    else:
        hint = "define it with a type and a skos:prefLabel, or check the spelling"
    return Finding(severity="Warning", focus=unknown.iri, focus_label=None, path=None, value=None,
                   message=f"neither the reference graph nor this file defines this entity; {hint}",
                   shape="", component="UnknownEntity")


def described(finding: Finding, value_label: bool = True) -> str:
    """The finding's focus, property and value as a line of text shows them; the value with its
    label when `value_label` and it has one."""
    path = f", property {finding.path.rsplit('#', 1)[-1]}" if finding.path else ""
    value = f", value {finding.value}" if finding.value else ""
    if value_label and finding.value_label:
        value = f", value {finding.value_label} <{finding.value}>"
    return f"{finding.named_focus}{path}{value}"


def _finding_line(finding: Finding, outcome: ValidationOutcome) -> str:
    where = outcome.first_lines.get(finding.focus)
    prefix = f"{where[0]}:{where[1]}: " if where else ""
    return f"{prefix}{finding.severity}: {described(finding)}: {finding.message}"


def _report_graph(report: ValidationReport) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    node = URIRef("urn:kg:validation-report")
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(report.conforms, datatype=XSD.boolean)))
    for k, finding in enumerate(report.findings):
        result = URIRef(f"urn:kg:validation-report:result:{k}")
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, URIRef(finding.focus)))
        graph.add((result, SH.resultSeverity, SH[finding.severity]))
        graph.add((result, SH.resultMessage, Literal(finding.message)))
        graph.add((result, SH.sourceConstraintComponent, SH[finding.component]))
        if finding.path:
            graph.add((result, SH.resultPath, URIRef(finding.path)))
        if finding.value:
            graph.add((result, SH.value, Literal(finding.value)))
    return graph


def render_report(outcome: ValidationOutcome, fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown report format '{fmt}'; use text, turtle or json")
    report = outcome.report
    if fmt == "turtle":
        return _report_graph(report).serialize(format="turtle")
    if fmt == "json":
        return json.dumps(json.loads(_report_graph(report).serialize(format="json-ld")), indent=2, sort_keys=True)
    if report.conforms and not report.findings:
        return ""
    lines = [_finding_line(f, outcome) for f in report.findings]
    verdict = "conforms" if report.conforms else f"does not conform: {len(report.violations)} violation(s)"
    lines.append(f"{', '.join(str(p) for p in outcome.files)}: {verdict}")
    return "\n".join(lines)


def _validate_with_stdin(files: list[Path], shapes: Path | None, stdin: bytes) -> ValidationOutcome:
    """Standard input kept whole in a file of a folder of its own, validated with the other
    files, and named "standard input" in what comes back."""
    if len(stdin) > MAX_VALIDATE_BYTES:
        raise too_large(Path(STDIN_NAME), len(stdin), MAX_VALIDATE_BYTES, "a graph to validate",
                        "validate a file instead")
    with tempfile.TemporaryDirectory(prefix="kg-stdin-") as folder:
        kept = Path(folder) / "stdin.trig"
        kept.write_bytes(stdin)
        try:
            outcome = validate_files([kept if path == STDIN else path for path in files], shapes)
        except InputError as err:
            if err.source != str(kept):
                raise
            raise InputError(STDIN_NAME, err.problem, err.remedy, err.line, err.column) from None

    def named(path: Path) -> Path:
        return Path(STDIN_NAME) if path == kept else path

    return replace(outcome, files=[named(path) for path in outcome.files],
                   first_lines={node: (named(path), line) for node, (path, line) in outcome.first_lines.items()})
