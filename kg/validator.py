"""`kg validate`: check graph files, hand-written or built, against the shapes, with the
ontology and the reference graph as context, and report in plain words."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.builder import graph_quads
from kg.context import load_context
from kg.curation import curated_graph_iri, load_for_validation
from kg.errors import UsageError
from kg.namespaces import ONTOLOGY_GRAPH, REFERENCE_GRAPH, SH
from kg.pipeline.validate import Finding, ValidationReport, validate
from kg.store import load_graph, load_quads, new_dataset
from kg.suggest import Unknown, unknown_entities

REPORT_FORMATS = ("text", "turtle", "json")


@dataclass(frozen=True)
class ValidationOutcome:
    report: ValidationReport
    files: list[Path]
    first_lines: dict[str, tuple[Path, int]]


def _first_lines(path: Path, nodes: set[str]) -> dict[str, tuple[Path, int]]:
    """Where each node is first written in the file: its full IRI or prefix:local name."""
    found: dict[str, tuple[Path, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return found
    for node in nodes:
        local = re.split(r"[#/]", node)[-1]
        if not local:
            continue
        short = re.compile(r"(?:^|[\s;,(\[])[\w-]*:" + re.escape(local) + r"(?=[\s;,.)\]]|$)")
        for number, line in enumerate(lines, start=1):
            if f"<{node}>" in line or short.search(line):
                found[node] = (path, number)
                break
    return found


def validate_files(files: list[Path], shapes: Path | None = None) -> ValidationOutcome:
    """Validate against the project's shapes, or against the shapes in `shapes` instead."""
    context = load_context()
    shapes_graph = load_graph(shapes) if shapes is not None else context.shapes
    dataset = new_dataset()
    load_quads(dataset, graph_quads(context.ontology, ONTOLOGY_GRAPH))
    load_quads(dataset, graph_quads(context.reference, REFERENCE_GRAPH))
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


def _finding_line(finding: Finding, outcome: ValidationOutcome) -> str:
    where = outcome.first_lines.get(finding.focus)
    prefix = f"{where[0]}:{where[1]}: " if where else ""
    name = f"{finding.focus_label} <{finding.focus}>" if finding.focus_label else f"<{finding.focus}>"
    path = f", property {finding.path.rsplit('#', 1)[-1]}" if finding.path else ""
    value = f", value {finding.value}" if finding.value else ""
    if finding.value_label:
        value = f", value {finding.value_label} <{finding.value}>"
    return f"{prefix}{finding.severity}: {name}{path}{value}: {finding.message}"


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
