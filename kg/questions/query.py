"""Canned and ad-hoc SPARQL queries over a dataset, and their results in W3C formats.

A canned query is a `.rq` file whose header comments give its title, description and
parameters (`# param: NAME ?VARIABLE (required|optional) description`, or
`(optional; names kg:Place|kg:Highway)` for a parameter that names an entity of those
classes). Each parameter's variable appears in the query as `VALUES ?VARIABLE { UNDEF }`; a
value given by the user replaces UNDEF as a serialised RDF literal, so it is data, never
query text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal

from kg.common import resources
from kg.common.errors import DataError, QueryError, UsageError
from kg.common.namespaces import PREFIXES
from kg.common.sparql_text import given_values
from kg.common.terminal import aligned, fitted, printable
from kg.questions.deadline import check_timeout, within
from kg.questions.kept_answers import cached_answer
from kg.questions.sparql_guard import find_service, service_refused

if TYPE_CHECKING:
    from rdflib import Dataset

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w[\w-]*)\s+\?(\w+)\s+\((required|optional)(?:;\s*names\s+([\w:|-]+)(?:\s+as\s+\?(\w+))?)?\)\s*(.*)$")
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
    names: tuple[str, ...] = ()  # the classes of the entity the value names, if it names one
    entity: str | None = None  # the variable that takes the entities the value names, if any


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
            name, variable, need, classes, entity, description = param.groups()
            names = tuple(_class_iri(path, c) for c in classes.split("|")) if classes else ()
            parameters.append(Parameter(name, variable, need == "required", description, names, entity))
        else:
            fields[key] = value
    return CannedQuery(path.stem, fields.get("title", path.stem), fields.get("description", ""),
                       tuple(parameters), text, path)


def _class_iri(path: Path, curie: str) -> str:
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES or not local:
        known = ", ".join(sorted(PREFIXES))
        raise QueryError(f"{path}: '{curie}' in a parameter line is not PREFIX:Class with a known prefix "
                         f"({known}); fix the header")
    return str(PREFIXES[prefix]) + local


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    folder = directory or resources.queries_dir()
    return [parse_canned_query(p) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str, directory: Path | None = None) -> CannedQuery:
    folder = directory or resources.queries_dir()
    path = folder / f"{name}.rq"
    if Path(name).name != name or not path.is_file():
        raise UsageError(f"unknown query '{name}'; {_closest_queries(name, [q.name for q in list_queries(folder)])}")
    return parse_canned_query(path)


def _closest_queries(name: str, known: list[str]) -> str:
    from rapidfuzz import fuzz, process

    close = [match for match, _, _ in process.extract(name, known, scorer=fuzz.WRatio, limit=2, score_cutoff=75)]
    if close:
        return f"did you mean {' or '.join(close)}? ('kg queries' lists them all)"
    return f"the canned queries are: {', '.join(known)} (see 'kg queries')"


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"parameter '{item}' is not NAME=VALUE; write it as -p highway=M4")
        values[name.strip()] = value
    return values


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
        text, count = given_values(text, param.variable, Literal(values[param.name]).n3(), count=1)
        if count != 1:
            raise QueryError(f"{query.path}: no 'VALUES ?{param.variable} {{ UNDEF }}' for parameter {param.name}; fix the query")
    return text


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@contextmanager
def _query_errors(source: str) -> Iterator[None]:
    """The engine's errors, raised while a query is parsed or while its rows are read, as
    QueryErrors of one line."""
    try:
        yield
    except SyntaxError as err:
        match = _ERROR_POSITION.search(str(err))
        if match:
            line, column, message = match.groups()
            raise QueryError(f"{source}:{line}:{column}: SPARQL syntax error: {_brief(message)}; fix the query") from None
        raise QueryError(f"{source}: SPARQL syntax error: {_brief(str(err))}; fix the query") from None
    except (ConnectionError, TimeoutError) as err:
        raise QueryError(f"{source}: a SERVICE call failed ({_brief(str(err))}); check that its endpoint is up, "
                         "or leave the SERVICE clause out") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"{source}: the query failed ({_brief(str(err))}); check it") from None


def run(dataset: Dataset, text: str, source: str = "query") -> QueryResult:
    """Run SPARQL on the dataset; the default graph is the merged view of all graphs."""
    from kg.store.bridge import (
        raw_store,  # with rdflib's SPARQL engine, which a kept answer does not need
    )

    with _query_errors(source):
        return raw_store(dataset).query(text, prefixes=PREFIXES)


def select_rows(dataset: Dataset, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of a canned SELECT query, each a dict of plain strings ('' when unbound)."""
    return solution_rows(run(dataset, bind(get_query(name), params), name), f"queries/{name}.rq")


def solution_rows(result: QueryResult, source: str) -> list[dict[str, str]]:
    """A SELECT query's rows, each a dict of plain strings ('' when unbound)."""
    if not isinstance(result, ox.QuerySolutions):
        raise DataError(f"{source}: expected a SELECT query; fix the query")
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def evaluate(dataset: Dataset, text: str, fmt: str, source: str = "query", rows: int | None = None,
             width: int | None = None) -> str:
    """The query's result rendered in the format. The engine computes rows as they are read,
    so a failure there (a SERVICE call, say) is a QueryError too."""
    result = run(dataset, text, source)
    with _query_errors(source):
        return render(result, fmt, rows, width)


def require_utf8(text: str, source: str = "query") -> None:
    """A query typed in a terminal that is not set to UTF-8 holds bytes that are not text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        column = err.start - (text.rfind("\n", 0, err.start) + 1) + 1
        code = ord(text[err.start])
        byte = f"the byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        raise QueryError(f"{source}:{line}:{column}: {byte} is not UTF-8 text; write the query in UTF-8") from None


# Runs a SELECT query on the data being asked and gives its rows.
Select = Callable[[str], list[dict[str, str]]]
# The entities (IRIs) a query's variables are to take, as the values of its parameters name them.
Narrowing = dict[str, list[str]]
# Looks at the data before a query runs (are the names it is given known, and which entities
# do they name?), with a Select.
Check = Callable[[Select], Narrowing]


def narrowed(text: str, narrowing: Narrowing) -> str:
    """The query with each `VALUES ?var { UNDEF }` of the narrowing's variables replaced by the
    entities it gives, so that the engine starts from them rather than filter a whole table."""
    for variable, iris in narrowing.items():
        text, _ = given_values(text, variable, " ".join(f"<{iri}>" for iri in iris))
    return text


def answer(text: str, fmt: str, source: str, graph: Path, store: Path | None = None, *,
           allow_service: bool = False, timeout: float | None = None, rows: int | None = None,
           width: int | None = None, check: Check | None = None) -> str:
    """The query's result rendered in the format (a table of at most `rows` rows); on a
    store, kept until the store changes. A query with a SERVICE clause is refused unless
    `allow_service`, and its answer, which depends on another host, is never kept. Past
    `timeout` seconds, QueryTimeout. `check` looks at the data first."""
    check_timeout(timeout)
    require_utf8(text, source)
    service = find_service(text)
    if service is not None and not allow_service:
        raise service_refused(service, source)

    def compute() -> str:
        from kg.store.bridge import open_graph

        dataset = open_graph(graph, store)
        narrowing = check(lambda select: solution_rows(run(dataset, select, source), source)) if check else {}
        return evaluate(dataset, narrowed(text, narrowing), fmt, source, rows, width)

    def compute_in_time() -> str:
        return within(timeout, compute, source)

    if store is None or service is not None:
        return compute_in_time()
    shape = fmt.lower() if fmt.lower() != "table" else f"table:{rows}:{width}"
    return cached_answer(store, text, shape, compute_in_time)


def remote_answer(endpoint: str, text: str, fmt: str, timeout: float | None = None, source: str = "query",
                  rows: int | None = None, check: Check | None = None, width: int | None = None) -> str:
    """The result of a SELECT or ASK query on a SPARQL 1.1 endpoint, rendered in the format;
    past `timeout` seconds, QueryTimeout. The endpoint decides what it does with SERVICE.
    `check` looks at the endpoint's data first."""
    from kg.questions.remote import query_endpoint

    check_timeout(timeout)
    require_utf8(text, source)

    def compute() -> str:
        narrowing = check(lambda select: solution_rows(query_endpoint(endpoint, select, timeout=timeout),
                                                       endpoint)) if check else {}
        return render(query_endpoint(endpoint, narrowed(text, narrowing), timeout=timeout), fmt, rows, width)

    return within(timeout, compute, endpoint)


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


def _one_line(text: str) -> str:
    return printable(" ".join(text.split()))


def _clip(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "\u2026"


def table(result: QueryResult, rows: int | None = None, width: int | None = None) -> str:
    """A plain text table; with `rows`, only the first that many rows, then how many there
    are in all and how to see them. With `width` (a terminal's), the table fits it, its long
    cells wrapped whole; without, each column as wide as its cells, long ones cut."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    if isinstance(result, ox.QueryTriples):
        return (ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"").decode()
    names = [v.value for v in result.variables]
    solutions = iter(result)
    show = _clip if width is None else _one_line
    shown = [[show(cell(solution[name])) for name in names] for solution in islice(solutions, rows)]
    total = len(shown) + sum(1 for _ in solutions)
    lines = aligned(names, shown) if width is None else fitted(names, shown, width)
    if len(shown) < total:
        lines.append(f"(the first {len(shown)} of {total:,} rows; --rows 0 shows them all, --format csv "
                     "gives them to a file)")
    else:
        lines.append(f"({total} row{'s' if total != 1 else ''})")
    return "\n".join(lines)


def render(result: QueryResult, fmt: str, rows: int | None = None, width: int | None = None) -> str:
    """The result in the format; a table of at most `rows` rows when `rows` is given, that
    fits `width` columns when that is given."""
    fmt = fmt.lower()
    if fmt == "table":
        return table(result, rows, width)
    if isinstance(result, ox.QueryTriples):
        rdf = {"json": ox.RdfFormat.JSON_LD, "csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES,
               "xml": ox.RdfFormat.RDF_XML}[fmt]
        return (ox.serialize(list(result), format=rdf) or b"").decode()
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format '{fmt}'; use table, json, csv or tsv")
    data = result.serialize(format=RESULT_FORMATS[fmt]) or b""
    return data.decode("utf-8")


def _names_a_query_file(value: str) -> bool:
    if value.endswith((".rq", ".sparql")):
        return True
    if len(value) >= 4096 or "\n" in value:
        return False
    try:
        return Path(value).is_file()
    except (OSError, ValueError):  # too long a name for the file system, or a NUL in it
        return False


def read_query_argument(value: str) -> tuple[str, str]:
    """`kg sparql` takes the query text or a file holding it: a regular file of at most 4 MB
    (a named pipe or a device, which would block or never end, is refused)."""
    from kg.common.errors import InputError
    from kg.common.inputs import read_limited, shown

    path = Path(value)
    try:
        special = len(value) < 4096 and path.exists() and not path.is_file() and not path.is_dir()
    except (OSError, ValueError):
        special = False
    if _names_a_query_file(value) or special:
        data = read_limited(path, 4_000_000, "a query file", "a query is kilobytes; check the file")
        try:
            return data.decode("utf-8"), shown(path)
        except UnicodeDecodeError as err:
            raise InputError(shown(path), f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})",
                             "save the query as UTF-8") from None
    return value, "query"
