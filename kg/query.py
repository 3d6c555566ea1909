"""Canned and ad-hoc SPARQL queries over a dataset, and their results in W3C formats.

A canned query is a `.rq` file whose header comments give its title, description and
parameters (`# param: NAME ?VARIABLE (required|optional) description`). Each parameter's
variable appears in the query as `VALUES ?VARIABLE { UNDEF }`; a value given by the user
replaces UNDEF as a serialised RDF literal, so it is data, never query text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal

from kg import resources
from kg.answers import cached_answer
from kg.errors import QueryError, UsageError
from kg.namespaces import PREFIXES
from kg.terminal import printable

if TYPE_CHECKING:
    from rdflib import Dataset

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w[\w-]*)\s+\?(\w+)\s+\((required|optional)\)\s*(.*)$")
_ERROR_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
_CELL_WIDTH = 70


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str
    required: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path


def parse_canned_query(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if not header:
            continue
        key, value = header.groups()
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise QueryError(f"{path}: parameter line '{value}' is not 'NAME ?VAR (required|optional) text'; fix the header")
            name, variable, need, description = param.groups()
            parameters.append(Parameter(name, variable, need == "required", description))
        else:
            fields[key] = value
    return CannedQuery(path.stem, fields.get("title", path.stem), fields.get("description", ""),
                       tuple(parameters), text, path)


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    folder = directory or resources.queries_dir()
    return [parse_canned_query(p) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str, directory: Path | None = None) -> CannedQuery:
    folder = directory or resources.queries_dir()
    path = folder / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries(folder))
        raise UsageError(f"unknown query '{name}'; the canned queries are: {known} (see 'kg queries')")
    return parse_canned_query(path)


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"parameter '{item}' is not NAME=VALUE; write it as -p highway=M4")
        values[name.strip()] = value
    return values


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement taken literally: backslashes in a value are not group references."""
    return lambda _match: text


def bind(query: CannedQuery, values: dict[str, str]) -> str:
    """The query text with each given value bound as an RDF literal."""
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise UsageError(f"query '{query.name}' has no parameter {unknown[0]}; its parameters: {names}")
    text = query.text
    for param in query.parameters:
        if param.name not in values:
            if param.required:
                raise UsageError(f"query '{query.name}' needs -p {param.name}=VALUE ({param.description})")
            continue
        term = Literal(values[param.name]).n3()
        pattern = re.compile(r"VALUES\s+\?" + re.escape(param.variable) + r"\s*\{\s*UNDEF\s*\}")
        text, count = pattern.subn(_constant(f"VALUES ?{param.variable} {{ {term} }}"), text, count=1)
        if count != 1:
            raise QueryError(f"{query.path}: no 'VALUES ?{param.variable} {{ UNDEF }}' for parameter {param.name}; fix the query")
    return text


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def run(dataset: Dataset, text: str, source: str = "query") -> QueryResult:
    """Run SPARQL on the dataset; the default graph is the merged view of all graphs."""
    from kg.store import raw_store  # with rdflib's SPARQL engine, which a kept answer does not need

    try:
        return raw_store(dataset).query(text, prefixes=PREFIXES)
    except SyntaxError as err:
        match = _ERROR_POSITION.search(str(err))
        if match:
            line, column, message = match.groups()
            raise QueryError(f"{source}:{line}:{column}: SPARQL syntax error: {_brief(message)}; fix the query") from None
        raise QueryError(f"{source}: SPARQL syntax error: {err}; fix the query") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"{source}: the query failed ({err}); check it") from None


def answer(text: str, fmt: str, source: str, graph: Path, store: Path | None = None) -> str:
    """The query's result rendered in the format; on a store, kept until the store changes."""
    def compute() -> str:
        from kg.store import open_graph

        return render(run(open_graph(graph, store), text, source), fmt)
    return cached_answer(store, text, fmt.lower(), compute) if store is not None else compute()


def _brief(message: str, limit: int = 120) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "\u2026"


def _shorten(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _clip(text: str) -> str:
    text = printable(" ".join(text.split()))
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "\u2026"


def table(result: QueryResult) -> str:
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    if isinstance(result, ox.QueryTriples):
        return (ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"").decode()
    names = [v.value for v in result.variables]
    rows = [[_clip(cell(solution[name])) for name in names] for solution in result]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def render(result: QueryResult, fmt: str) -> str:
    fmt = fmt.lower()
    if fmt == "table":
        return table(result)
    if isinstance(result, ox.QueryTriples):
        rdf = {"json": ox.RdfFormat.JSON_LD, "csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES,
               "xml": ox.RdfFormat.RDF_XML}[fmt]
        return (ox.serialize(list(result), format=rdf) or b"").decode()
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format '{fmt}'; use table, json, csv or tsv")
    data = result.serialize(format=RESULT_FORMATS[fmt]) or b""
    return data.decode("utf-8")


def read_query_argument(value: str) -> tuple[str, str]:
    """`kg sparql` takes the query text or a file holding it."""
    path = Path(value)
    if value.endswith((".rq", ".sparql")) or (len(value) < 4096 and "\n" not in value and path.is_file()):
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(f"{value}: cannot read the query file ({err}); check the path") from None
    return value, "query"
