"""Validate a dataset against the SHACL shapes and read the report in plain terms.

Core SHACL constraints go to pySHACL. Two rewrites of the shapes keep the results and cut
the cost:

- SPARQL-based constraints (sh:sparql) are taken out and run once over the whole dataset by
  Oxigraph, each as one query with `$this` free, instead of once per focus node.
- A property shape nested in a targeted node shape gets the node shape's targets and stands
  on its own. pySHACL evaluates a nested property shape once per focus node, and a targeted
  one once for all of them; a node conforms to the node shape exactly when it conforms to
  each of its property shapes, so the results are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from string import Template
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.common import resources
from kg.common.namespaces import KGS, SH
from kg.store.bridge import add_to_graph, raw_store


@dataclass(frozen=True)
class Finding:
    """One result of the SHACL validation report."""

    severity: str  # Violation | Warning | Info
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    shape: str
    component: str
    value_label: str | None = None

    @property
    def named_focus(self) -> str:
        """The focus node as a finding line shows it: its label, if any, and its IRI."""
        return f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    findings: list[Finding]
    graph: Graph | None = None  # the SHACL report, when one graph was validated whole

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str
    message: str
    severity: str
    query: str
    target: str = ""  # an ASK query whether the node bound to ?this is in the shape's target
    per_graph: bool = False  # kgs:perGraph: checked graph by graph, see ontology/shapes.ttl


def _local(node: Node | None) -> str | None:
    if node is None:
        return None
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text


# The label a finding shows for its focus node and its value.
LABEL = SKOS.prefLabel
_THIS = ox.Variable("this")


def _label(data: Dataset | Graph, node: Node) -> str | None:
    if not isinstance(node, URIRef):
        return None
    for label in data.objects(node, LABEL):
        return str(label)
    return None


def _show(value: Node | None) -> str | None:
    if value is None:
        return None
    return value.n3() if isinstance(value, Literal) else str(value)


def _findings(report: Graph, data: Dataset | Graph) -> list[Finding]:
    findings: list[Finding] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        findings.append(Finding(
            severity=_local(report.value(result, SH.resultSeverity)) or "Violation",
            focus=str(focus),
            focus_label=_label(data, focus) if focus is not None else None,
            path=str(path) if path is not None else None,
            value=_show(value),
            message=str(message) if message is not None else "constraint not met",
            value_label=_label(data, value) if value is not None else None,
            shape=str(report.value(result, SH.sourceShape)),
            component=_local(report.value(result, SH.sourceConstraintComponent)) or "",
        ))
    return findings


def _prefix_lines(shapes: Graph, constraint: Node) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines)


def _target_query(shapes: Graph, shape: Node) -> str:
    """The query whether a node is in the shape's target; "" when the shape has none."""
    classes = [c.n3() for c in shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef)]
    predicates = [p.n3() for p in shapes.objects(shape, SH.targetSubjectsOf) if isinstance(p, URIRef)]
    if not classes and not predicates:
        return ""
    template = Template(resources.internal_query("in-shape-target"))
    return template.substitute(classes=" ".join(classes), predicates=" ".join(predicates))


def split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes without their sh:sparql constraints, and those constraints as queries."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    constraints: list[SparqlConstraint] = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
        # The project's SPARQL constraints bind ?this themselves; the shape's target is
        # checked afterwards on the few rows they return instead of joined into the query.
        query = f"{_prefix_lines(shapes, constraint)}\n{select}"
        constraints.append(SparqlConstraint(
            shape=str(shape),
            message=str(shapes.value(constraint, SH.message) or "SPARQL constraint not met"),
            severity=_local(shapes.value(shape, SH.severity)) or "Violation",
            query=query,
            target=_target_query(shapes, shape),
            per_graph=shapes.value(constraint, KGS.perGraph) == Literal(True),
        ))
        core.remove((shape, SH.sparql, constraint))
    return core, constraints


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_SHAPE_REFERENCES = (SH.node, SH["and"], SH["or"], SH["not"], SH.xone, SH.qualifiedValueShape)


def _referenced_shapes(shapes: Graph) -> set[Node]:
    """Shapes another shape refers to, whose conformance as a whole matters."""
    referenced: set[Node] = set()
    for predicate in _SHAPE_REFERENCES:
        for value in shapes.objects(None, predicate):
            referenced.add(value)
            referenced.update(shapes.items(value) if (value, RDF.first, None) in shapes else ())
    return referenced


def hoist_property_shapes(shapes: Graph) -> Graph:
    """The shapes with each property shape of a targeted node shape given that node shape's
    targets, and detached from it."""
    hoisted = Graph()
    for triple in shapes:
        hoisted.add(triple)
    referenced = _referenced_shapes(shapes)
    for node_shape, property_shape in shapes.subject_objects(SH.property):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node_shape, p)]
        shared = len(set(shapes.subjects(SH.property, property_shape))) > 1
        if not targets or node_shape in referenced or shared or (node_shape, SH.deactivated, None) in shapes:
            continue
        for predicate, target in targets:
            hoisted.add((property_shape, predicate, target))
        hoisted.add((property_shape, RDF.type, SH.PropertyShape))
        hoisted.remove((node_shape, SH.property, property_shape))
    return hoisted


def relevant_predicates(core: Graph) -> frozenset[str] | None:
    """The predicates a triple must have to bear on any of the core shapes or their findings:
    those the shapes name, the typing ones and the label findings show; None (all of them) when
    a shape is closed."""
    if (None, SH.closed, None) in core:
        return None
    named = {str(o) for o in core.objects() if isinstance(o, URIRef)}
    return frozenset(named | {str(RDF.type), str(RDFS.subClassOf), str(LABEL)})


# SHACL terms whose checks of a node read only the node's own triples, the types of the nodes
# its values are (sh:class) and the class hierarchy; the terms of shapes' names and prefixes.
_LOCAL_TERMS = frozenset(SH[term] for term in (
    "targetClass", "targetSubjectsOf", "targetNode", "property", "path", "deactivated", "severity",
    "message", "name", "description", "order", "group", "defaultValue", "minCount", "maxCount",
    "class", "datatype", "nodeKind", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "in", "hasValue",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "or", "and", "not", "xone",
    "declare", "prefix", "namespace", "prefixes", "select"))
# Terms that, in a member of sh:or, sh:and, sh:not or sh:xone, read the value node's own triples.
_READ_VALUE_TRIPLES = (SH.property, SH.path, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
# What a check of a node reads of its values when the shapes are local: their types, and the
# label the finding shows.
VALUE_FACTS = (RDF.type, LABEL)


def _logical_members(core: Graph) -> set[Node]:
    members: set[Node] = set(core.objects(None, SH["not"]))
    for predicate in (SH["or"], SH["and"], SH.xone):
        for holder in core.objects(None, predicate):
            members.update(core.items(holder))
    return members


def checks_nodes_locally(core: Graph) -> bool:
    """Whether the findings about a node follow from the node's own triples, the types and
    labels of its values and the class hierarchy: no shape follows a path longer than one
    predicate, checks a value against a shape of its own, targets the objects of a predicate
    or is closed."""
    if any(str(p).startswith(str(SH)) and p not in _LOCAL_TERMS for p in set(core.predicates())):
        return False
    if any(not isinstance(path, URIRef) for path in core.objects(None, SH.path)):
        return False
    return not any((member, p, None) in core for member in _logical_members(core) for p in _READ_VALUE_TRIPLES)


@dataclass(frozen=True)
class PreparedShapes:
    """Shapes ready to run: the core shapes for pySHACL and the SPARQL constraints."""

    core: Graph
    constraints: list[SparqlConstraint]
    predicates: frozenset[str] | None = None  # None: every triple bears on the shapes
    local: bool = False  # see `checks_nodes_locally`

    def bears_on(self, predicate: Node | str) -> bool:
        return self.predicates is None or str(predicate) in self.predicates


def prepare_shapes(shapes: Graph) -> PreparedShapes:
    core, constraints = split_sparql_constraints(shapes)
    return PreparedShapes(hoist_property_shapes(core), constraints, relevant_predicates(core),
                          checks_nodes_locally(core))


def _text_of(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return str(term)
    return str(getattr(term, "value", term))


def _in_target(store: ox.Store, focus: str, target: str, union: bool) -> bool:
    if not target:
        return True
    return bool(store.query(target, substitutions={_THIS: ox.NamedNode(focus)}, use_default_graph_as_union=union))


def _scopes(graphs: list[str] | None, union: bool, size: int = 2000) -> list[dict[str, Any]]:
    default: dict[str, Any] = {"use_default_graph_as_union": True} if union else {"default_graph": ox.DefaultGraph()}
    if graphs is None:
        return [default if union else {}]
    parts = [graphs[k: k + size] for k in range(0, len(graphs), size)] or [[]]
    return [{"named_graphs": [ox.NamedNode(g) for g in part], **default} for part in parts]


def run_sparql_constraints(data: Dataset, constraints: list[SparqlConstraint],
                           graphs: list[str] | None = None, union: bool = False) -> list[Finding]:
    """Each constraint as one query; when `graphs` are given, its GRAPH patterns reach those
    named graphs only (the default graph stays the merged view), a few thousand at a time so
    that the store's working memory stays small. With `union`, the default graph is the union
    of all the named graphs, for a store that holds no merged view (and no labels: the
    findings name their nodes by IRI only). A finding met twice is reported once."""
    store = raw_store(data)
    findings: list[Finding] = []
    for constraint, scope in product(constraints, _scopes(graphs, union)):
        solutions = store.query(constraint.query, **scope)
        assert isinstance(solutions, ox.QuerySolutions)
        names = {v.value for v in solutions.variables}
        for row in solutions:
            focus = _text_of(row["this"]) or ""
            if not _in_target(store, focus, constraint.target, union):
                continue
            findings.append(Finding(
                severity=constraint.severity, focus=focus,
                focus_label=_label(data, URIRef(focus)) if focus else None,
                path=_text_of(row["path"]) if "path" in names else None,
                value=_text_of(row["value"]) if "value" in names else None,
                message=constraint.message, shape=constraint.shape,
                component="SPARQLConstraintComponent",
                value_label=_label(data, URIRef(_text_of(row["value"]) or "")) if "value" in names and isinstance(row["value"], ox.NamedNode) else None,
            ))
    return findings


def _key(finding: Finding) -> tuple[str, str | None, str | None, str]:
    return finding.focus, finding.path, finding.value, finding.message


def confirmed_by_graph(data: Dataset, found: dict[str, Sequence[Finding]],
                       constraints: list[SparqlConstraint]) -> dict[str, list[Finding]]:
    """`found`, by named graph, less the findings of per-graph constraints that the whole
    dataset does not give about that graph (another graph holds what it lacks); those it
    gives, as it gives them (with the labels of their nodes)."""
    checks = [c for c in constraints if c.per_graph]
    theirs = {(c.shape, c.message) for c in checks}
    kept: dict[str, list[Finding]] = {}
    for graph, findings in found.items():
        if not any((f.shape, f.message) in theirs for f in findings):
            kept[graph] = list(findings)
            continue
        whole = {_key(f): f for f in run_sparql_constraints(data, checks, [graph])}
        others = [f for f in findings if (f.shape, f.message) not in theirs]
        kept[graph] = others + [whole[_key(f)] for f in findings if f not in others and _key(f) in whole]
    return kept


def union_graph(data: Dataset, shapes: PreparedShapes) -> Graph:
    """The triples of all named graphs merged (the store's merged view) that bear on the
    shapes, in rdflib's memory store, where pySHACL runs fastest."""
    merged = raw_store(data).quads_for_pattern(None, None, None, ox.DefaultGraph())
    return add_to_graph(Graph(), (q for q in merged if shapes.bears_on(q.predicate.value)))


def core_findings(graph: Graph, shapes: PreparedShapes) -> tuple[list[Finding], Graph]:
    """pySHACL's findings for one rdflib graph against the core shapes, and its report."""
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes.core, inference="none", allow_warnings=True)
    return _findings(report, graph), report


def finding_order(finding: Finding) -> tuple[str, str, str, str, str]:
    return finding.severity, finding.focus, finding.path or "", finding.message, finding.value or ""


def report_of(findings: list[Finding], graph: Graph | None = None) -> ValidationReport:
    ordered = sorted(set(findings), key=finding_order)
    return ValidationReport(not any(f.severity == "Violation" for f in ordered), ordered, graph)


def validate(data: Dataset, shapes: Graph) -> ValidationReport:
    """The whole dataset at once: for files given to `kg validate`."""
    prepared = prepare_shapes(shapes)
    findings, report = core_findings(union_graph(data, prepared), prepared)
    return report_of(findings + run_sparql_constraints(data, prepared.constraints), report)
