"""The `kg` command: a thin layer that parses arguments, calls one library function and
renders its result. Exit codes follow pySHACL: 0 ok or conforms, 1 does not conform,
2 bad input or usage. Errors are one line on stderr."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, cast

import typer
from typer.core import TyperGroup

from kg import __version__
from kg.common.errors import KgError, UsageError
from kg.common.inputs import STDIN
from kg.common.resources import DEFAULT_OUTPUT, LOCALHOST
from kg.common.terminal import aligned, printable
from kg.questions.deadline import QueryTimeout
from kg.questions.query import (
    answer,
    bind,
    get_query,
    list_queries,
    parse_assignments,
    read_query_argument,
    remote_answer,
)

if TYPE_CHECKING:
    from kg.build.builder import BuildSummary
    from kg.questions.query import Check
    from kg.validation.shapes import Finding

# Each command imports the library modules it needs when it runs: the SPARQL and SHACL engines
# and networkx take longer to import than a kept answer takes to read.

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Build a validated, traceable RDF knowledge graph from news articles about an armed conflict.",
)

GraphOption = Annotated[
    Path | None, typer.Option("--graph", "-g", show_default=False,
                              help="Graph file to read (TriG, N-Quads, Turtle...); default $KG_GRAPH, "
                                   "else kg-out/graph.trig.")
]
StoreOption = Annotated[
    Path | None, typer.Option("--store", help="On-disk store folder made by 'kg build --store'; read instead of -g; "
                                              "default $KG_STORE when no -g is given.")
]
STORE_VARIABLE, GRAPH_VARIABLE = "KG_STORE", "KG_GRAPH"


def _where(graph: Path | None, store: Path | None) -> tuple[Path, Path | None]:
    """The graph file and the store to read: those named on the command line, else the store
    in $KG_STORE, else the graph in $KG_GRAPH, else kg-out/graph.trig."""
    if store is not None or graph is not None:
        return graph or DEFAULT_OUTPUT, store
    if os.environ.get(STORE_VARIABLE):
        return DEFAULT_OUTPUT, Path(os.environ[STORE_VARIABLE])
    return Path(os.environ.get(GRAPH_VARIABLE) or DEFAULT_OUTPUT), None
EndpointOption = Annotated[
    str | None, typer.Option("--endpoint", help="Query this SPARQL 1.1 endpoint instead of a local graph.")
]
FormatResults = Annotated[
    str, typer.Option("--format", "-f", help="table, json (SPARQL 1.1 JSON), csv or tsv (W3C).")
]
TimeoutOption = Annotated[float | None, typer.Option(
    "--timeout", metavar="SECONDS", help="Give up when the answer takes longer than this (default: no limit).")]
AllowServiceOption = Annotated[bool, typer.Option(
    "--allow-service", metavar="", help="Let SERVICE clauses send part of the query to the hosts they name.")]
RowsOption = Annotated[int | None, typer.Option(
    "--rows", min=0, metavar="N",
    help="A table shows its first N rows and how many there are (default: 50 on a terminal, "
         "all of them otherwise); 0 shows them all.")]
TERMINAL_ROWS = 50
_FINDINGS_SHOWN = 20  # a build's violations listed unless --verbose
ReferenceOption = Annotated[list[Path] | None, typer.Option(
    "--reference", "-r", metavar="FILE",
    help="Your own reference file (Turtle...) of actors, places, highways and aliases; repeatable.")]


def _emit(text: str) -> None:
    _write_stdout((text if text.endswith("\n") else text + "\n").encode("utf-8"))


def _write_stdout(data: bytes) -> None:
    """Write data to standard output; a full disk or a failing device behind it is one line,
    and the unwritten rest is dropped so that the exit does not try to write it again."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise UsageError(f"standard output: cannot be written ({err.strerror or err}); "
                         "free some space, or write to a file with -o") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit(0)


@dataclass
class _Verbosity:
    level: int = 0  # -1 quiet, 0 normal, 1 verbose


_VERBOSITY = _Verbosity()  # set by the options before the command, for the one command a process runs


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, metavar="", help="Show the version and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", metavar="", help="Print only the answers, errors and problems found: no counts, no 'wrote'.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", metavar="", help="Print more: each article built, every finding.")] = False,
) -> None:
    """Build, query, validate and export a conflict knowledge graph."""
    if quiet and verbose:
        raise UsageError("--quiet and --verbose ask for opposite things; give one of them")
    _VERBOSITY.level = -1 if quiet else 1 if verbose else 0


def _say(text: str, err: bool = False) -> None:
    """One line of text that may carry data (titles, labels, file names), made safe to show."""
    typer.echo(printable(text), err=err)


def _inform(text: str, err: bool = False) -> None:
    """A line that tells how a command went (counts, files written): left out with --quiet."""
    if _VERBOSITY.level >= 0:
        _say(text, err)


def _detail(text: str, err: bool = False) -> None:
    """A line shown with --verbose only."""
    if _VERBOSITY.level > 0:
        _say(text, err)


def _echo_finding(finding: Finding) -> None:
    where = f" {finding.path.rsplit('#', 1)[-1]}" if finding.path else ""
    value = f" = {finding.value}" if finding.value else ""
    _say(f"{finding.severity}: {finding.named_focus}{where}{value}: {finding.message}", err=True)


def _print_summary(summary: BuildSummary, shown_as: str | None = None) -> None:
    """The build's summary; on standard error when `shown_as` names the output (the graph
    went to standard output)."""
    err = shown_as is not None
    for skipped in summary.skipped:
        _say(f"skipped {skipped.source}: {skipped.reason}", err=True)
    unlike = [article for article in summary.articles if article.looks_like_no_article]
    for article in unlike:
        _say(f"not an article? {article.source}: no date, no actor, place or highway, no statement; "
             "leave it out if it is not one", err=True)
    for article in summary.articles:
        _detail(f"built {article.id} ({article.source}): {article.statements} statements, {article.entities} entities, "
                f"{article.events} events", err=err)
    unchanged = f", {summary.unchanged} unchanged" if summary.unchanged else ""
    removed = f", {summary.removed} removed" if summary.removed else ""
    doubtful = f" ({len(unlike)} not an article?)" if unlike else ""
    _inform(f"articles: {len(summary.articles)} built{doubtful}, {len(summary.skipped)} skipped{unchanged}{removed}", err)
    for source in summary.curated:
        curator = f" by {source.curator}" if source.curator else ""
        _inform(f"curated: {source.path} ({source.statements} statements{curator})", err)
    _inform(f"entities: {summary.entities}; statements: {summary.statements}; quads: {summary.quads}", err)
    if summary.report is not None:
        violations = summary.report.violations
        state = "conforms" if summary.conforms else f"does not conform ({len(violations)} violations)"
        _inform(f"validation: {state}", err)
        for finding in violations if _VERBOSITY.level > 0 else violations[:_FINDINGS_SHOWN]:
            _echo_finding(finding)
        if len(violations) > _FINDINGS_SHOWN and _VERBOSITY.level <= 0:
            _say(f"... and {len(violations) - _FINDINGS_SHOWN} more (--verbose shows them all)", err=True)
    written = f"wrote {shown_as or summary.output}" if summary.output is not None else "updated the store"
    _inform(f"{written} in {summary.seconds:.2f} s", err)


@app.command("build")
def build_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders (.txt, .md, .jsonl). None: the bundled demo corpus."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Graph file to write; default kg-out/graph.trig (or $KG_GRAPH, "
                                                        "or the store in $KG_STORE), none with --store.")
    ] = None,
    rdf_format: Annotated[
        str | None, typer.Option("--format", "-f", help="ttl, trig, nq, nt or jsonld; default from the file name.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", metavar="", help="Stop at the first unreadable article.")] = False,
    curated: Annotated[
        list[Path] | None,
        typer.Option("--curated", "-c", help="A file of hand-written statements (Turtle, TriG...); repeatable."),
    ] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Keep the graph in this on-disk store; unchanged articles are skipped.")
    ] = None,
    prune: Annotated[bool, typer.Option("--prune", metavar="", help="With --store: remove graphs of articles no longer given.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extract in this many processes.")] = 1,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS",
        help="Extract on the Dask cluster of this scheduler (e.g. tcp://10.0.0.5:8786) instead of local processes.")] = None,
    show_progress: Annotated[bool, typer.Option(
        "--progress", metavar="", help="Write a progress line to stderr at each percent of the articles, in pipes and logs too.")] = False,
    reference: ReferenceOption = None,
) -> None:
    """Build the graph from articles, validate it and write it.

    Example: kg build ../shared/seeds --curated corrections.ttl -o kg-out/graph.trig
    """
    from kg.build.builder import build
    from kg.common.progress import progress_bar
    from kg.validation.reference_files import analyst_reference

    if output is None and store is None:  # the store or graph the environment names
        graph, store = _where(None, None)
        output = None if store is not None else graph
    target = output
    to_stdout = target == STDIN
    with ExitStack() as stack:
        if to_stdout:  # built to a file of its own, then given whole: never half a graph in the pipe
            target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-build-"))) / "graph"
            rdf_format = rdf_format or "trig"
        with analyst_reference(reference or []), progress_bar("extracting", lines=show_progress) as progress:
            summary = build(list(paths or []), target, strict=strict, fmt=rdf_format, curated=list(curated or []),
                            store=store, prune=prune, workers=workers, progress=progress,
                            scheduler=scheduler)
        if to_stdout and summary.output is not None:
            _write_stdout(summary.output.read_bytes())
    _print_summary(summary, "standard output" if to_stdout else None)
    raise typer.Exit(0 if summary.conforms else 1)


@app.command("queries")
def queries_command() -> None:
    """List the canned queries with their titles and parameters.

    Example: kg queries
    """
    import textwrap

    width = _terminal_width()

    def line(text: str, indent: str = "") -> None:
        wrapped = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent or "    ") if width else []
        typer.echo("\n".join(wrapped) if wrapped else indent + text)

    for query in list_queries():
        line(f"{query.name}: {query.title}")
        if query.description:
            line(query.description, "    ")
        for param in query.parameters:
            need = "required" if param.required else "optional"
            line(f"-p {param.name}=VALUE ({need}) {param.description}", "    ")


def _terminal_width() -> int | None:
    """The terminal's width in columns when standard output is one."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _table_rows(rows: int | None) -> int | None:
    """How many rows a table shows: those asked for, else a screenful on a terminal."""
    if rows is None:
        return TERMINAL_ROWS if sys.stdout.isatty() else None
    return rows or None


def _print_answer(text: str, source: str, graph: Path, store: Path | None, fmt: str, endpoint: str | None,
                  timeout: float | None, allow_service: bool, rows: int | None = None,
                  check: Check | None = None) -> None:
    """Print the answer from the endpoint, the store or the graph file. A query given up for
    --timeout or Ctrl-C goes on in its thread until the process ends, so the process ends at
    once, without the interpreter's clean-up (see kg.questions.deadline)."""
    shown = _table_rows(rows)
    width = _terminal_width()
    try:
        result = (remote_answer(endpoint, text, fmt, timeout, source, shown, check, width) if endpoint else
                  answer(text, fmt, source, graph, store, allow_service=allow_service, timeout=timeout, rows=shown,
                         width=width, check=check))
    except QueryTimeout as err:
        _stop_now(str(err))
    except KeyboardInterrupt:
        _stop_now("interrupted")
    _emit(result)


def _stop_now(message: str) -> NoReturn:
    _say(f"kg: error: {message}", err=True)
    sys.stderr.flush()
    os._exit(2)


@app.command("query")
def query_command(
    name: Annotated[str, typer.Argument(help="Name of a canned query (see 'kg queries').")],
    graph: GraphOption = None,
    store: StoreOption = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, bound as an RDF literal.")
    ] = None,
    fmt: FormatResults = "table",
    endpoint: EndpointOption = None,
    timeout: TimeoutOption = None,
    allow_service: AllowServiceOption = False,
    rows: RowsOption = None,
) -> None:
    """Run a canned query.

    Example: kg query what-lies-on -p highway=M4
    """
    graph, store = _where(graph, store)
    from kg.questions.named_entities import check_names

    canned = get_query(name)
    values = parse_assignments(param or [])
    text = bind(canned, values)
    _print_answer(text, str(canned.path), graph, store, fmt, endpoint, timeout, allow_service, rows,
                  partial(check_names, canned, values))


@app.command("sparql")
def sparql_command(
    query: Annotated[str, typer.Argument(help="SPARQL query text, or a .rq file holding it.")],
    graph: GraphOption = None,
    store: StoreOption = None,
    fmt: FormatResults = "table",
    endpoint: EndpointOption = None,
    timeout: TimeoutOption = None,
    allow_service: AllowServiceOption = False,
    rows: RowsOption = None,
) -> None:
    """Run an ad-hoc SPARQL query; the default graph is the merged view of all graphs. A
    SERVICE clause is refused unless --allow-service.

    Example: kg sparql 'SELECT ?s WHERE { ?s a kg:Highway }' --timeout 60
    """
    graph, store = _where(graph, store)
    text, source = read_query_argument(query)
    _print_answer(text, source, graph, store, fmt, endpoint, timeout, allow_service, rows)


@app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Graph files written by hand or built by kg; - reads one from standard input.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, turtle or json (the SHACL report).")] = "text",
    allow_warnings: Annotated[
        bool, typer.Option("--allow-warnings", metavar="", help="Exit 0 when only warnings are found.")
    ] = False,
    shapes: Annotated[
        Path | None, typer.Option("--shapes", help="A SHACL shapes file to use instead of the project's.")
    ] = None,
    reference: ReferenceOption = None,
) -> None:
    """Validate graph files against the shapes, with the ontology and reference graph as context.

    Example: kg validate curated.ttl
    """
    from kg.validation.files import render_report, validate_files
    from kg.validation.reference_files import analyst_reference

    given = sys.stdin.buffer.read() if STDIN in files else b""
    with analyst_reference(reference or []):
        outcome = validate_files(files, shapes, given)
    text = render_report(outcome, fmt)
    if fmt == "text":
        if text:
            typer.echo(printable(text, keep_lines=True), err=not outcome.report.conforms)
    else:
        typer.echo(text)
    failing = outcome.report.findings if not allow_warnings else outcome.report.violations
    raise typer.Exit(1 if failing else 0)


@app.command("diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="The graph before.")],
    new: Annotated[Path, typer.Argument(help="The graph after.")],
) -> None:
    """Show what changed between two graphs, statement by statement: '+' added, '-' removed,
    as N-Quads. Exit 0 when they hold the same statements, 1 when they differ.

    Example: kg diff old/graph.trig kg-out/graph.trig
    """
    from kg.questions.diff import diff_files

    result = diff_files(old, new)
    for line in result.removed:
        typer.echo(f"- {line}")
    for line in result.added:
        typer.echo(f"+ {line}")
    _inform(f"{len(result.added)} added, {len(result.removed)} removed", err=True)
    raise typer.Exit(0 if result.same else 1)


analyse_app = typer.Typer(help="Network questions: sides, centrality, roads, routes.", no_args_is_help=True)
app.add_typer(analyse_app, name="analyse")
AnalyseFormat = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


def _table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(aligned(header, rows))


def _show(header: list[str], rows: list[list[str]], fmt: str, data: object) -> None:
    if fmt == "json":
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "table":
        typer.echo(_table(header, [[printable(cell) for cell in row] for row in rows]))
    else:
        raise UsageError(f"unknown format '{fmt}'; use table or json")


@analyse_app.command("sides")
def analyse_sides(
    graph: GraphOption = None, store: StoreOption = None, fmt: AnalyseFormat = "table"
) -> None:
    """The sides of the war: actors that back or ally with each other, split where they fight.

    Example: kg analyse sides
    """
    graph, store = _where(graph, store)
    from kg.presentation import networks
    from kg.store.bridge import open_graph

    result = networks.sides(open_graph(graph, store))
    rows = [[s.name, ", ".join(a.label for a in s.members)] for s in result.sides]
    data = {"sides": [{"name": s.name, "members": [{"iri": a.iri, "label": a.label} for a in s.members]}
                      for s in result.sides],
            "fights": [list(pair) for pair in result.fights],
            "against_the_grain": [list(edge) for edge in result.frustrated]}
    _show(["side", "members"], rows, fmt, data)


@analyse_app.command("centrality")
def analyse_centrality(
    graph: GraphOption = None, store: StoreOption = None, fmt: AnalyseFormat = "table"
) -> None:
    """Actors by betweenness and degree centrality in the actor network.

    Example: kg analyse centrality --format json
    """
    graph, store = _where(graph, store)
    from kg.presentation import networks
    from kg.store.bridge import open_graph

    ranked = networks.centrality(open_graph(graph, store))
    rows = [[a.label, f"{b:.3f}", f"{d:.3f}", str(n)] for a, d, b, n in ranked]
    data = [{"iri": a.iri, "label": a.label, "betweenness": b, "degree": d, "ties": n} for a, d, b, n in ranked]
    _show(["actor", "betweenness", "degree", "ties"], rows, fmt, data)


@analyse_app.command("roads")
def analyse_roads(
    graph: GraphOption = None, store: StoreOption = None, fmt: AnalyseFormat = "table"
) -> None:
    """Places along each highway in order, the junctions where highways meet, and the cut
    points whose loss splits the road network.

    Example: kg analyse roads
    """
    graph, store = _where(graph, store)
    from kg.presentation import networks
    from kg.store.bridge import open_graph

    network = networks.roads(open_graph(graph, store))
    rows = [["highway", h, " - ".join(p.label for p in places)] for h, places in network.highways.items()]
    rows += [["junction", j.place.label, " and ".join(j.highways)] for j in network.junctions]
    rows += [["cut point", c.label, ""] for c in network.cut_points]
    rows += [["no coordinates", u.label, ""] for u in network.unplaced]
    data = {"highways": {h: [p.label for p in places] for h, places in network.highways.items()},
            "junctions": [{"place": j.place.label, "highways": j.highways} for j in network.junctions],
            "cut_points": [c.label for c in network.cut_points],
            "without_coordinates": [u.label for u in network.unplaced]}
    _show(["kind", "name", "detail"], rows, fmt, data)


@analyse_app.command("route")
def analyse_route(
    start: Annotated[str, typer.Argument(help="Place to start from (a label).")],
    end: Annotated[str, typer.Argument(help="Place to reach (a label).")],
    graph: GraphOption = None,
    store: StoreOption = None,
    fmt: AnalyseFormat = "table",
) -> None:
    """The shortest way between two places along the highways the articles describe.

    Example: kg analyse route Latakia Damascus
    """
    graph, store = _where(graph, store)
    from kg.presentation import networks
    from kg.store.bridge import open_graph

    legs = networks.route(open_graph(graph, store), start, end)
    rows = [[p.label, h or "", f"{km:.1f}" if h else ""] for p, h, km in legs]
    data = [{"place": p.label, "next_by": h, "km": km} for p, h, km in legs]
    _show(["place", "then along", "km"], rows, fmt, data)


@app.command("serve")
def serve_command(
    graph: GraphOption = None,
    store: StoreOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 7878,
    host: Annotated[str, typer.Option("--host", help="Address to bind; other than 127.0.0.1 exposes the graph.")] = LOCALHOST,
    writable: Annotated[bool, typer.Option("--writable", metavar="", help="Accept SPARQL updates (read-only by default).")] = False,
    timeout: Annotated[int, typer.Option("--timeout", min=1, help="Seconds a query may run before it is stopped.")] = 60,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", metavar="", help="Let queries call other endpoints with SERVICE (refused by default).")] = False,
    cors: Annotated[bool, typer.Option(
        "--cors", metavar="", help="Answer web pages served from other origins (CORS), such as a notebook's.")] = False,
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint with a query page, with the Oxigraph server.
    Queries that call other endpoints (SERVICE) are refused unless --allow-service.

    Example: kg serve --store kg-store --port 7878
    """
    graph, store = _where(graph, store)
    from kg.questions.remote import interrupted_by_signals, plan_server, serving

    plan = plan_server(store, None if store is not None else graph, port, host, writable, timeout, allow_service,
                       cors)
    mode = "read-only" if plan.read_only else "read-write: updates are accepted"
    service = ("SERVICE allowed" if allow_service else "SERVICE refused") + ("; CORS answered" if cors else "")
    try:
        with interrupted_by_signals(), serving(plan) as server:
            typer.echo(f"serving {store or graph} at {plan.url} ({mode}; {service}; queries stop after "
                       f"{timeout} s; bound to {host}); SPARQL endpoint {plan.url}/query, query page "
                       f"{plan.url}/; Ctrl-C stops", err=True)
            server.wait()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)


@app.command("push")
def push_command(
    endpoint: Annotated[str, typer.Option("--endpoint", help="Graph Store Protocol URL, e.g. http://localhost:7878/store.")],
    graph: GraphOption = None,
    store: StoreOption = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="User name for HTTP basic authentication; the password is read from KG_PASSWORD, "
                       "or asked for on a terminal.")] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, help="Seconds to wait for the endpoint, per graph, retries included.")] = 60.0,
    union_default: Annotated[bool, typer.Option(
        "--union-default", metavar="",
        help="The store's default graph is already the union of its named graphs (Virtuoso, GraphDB, "
             "Fuseki with unionDefaultGraph): do not put the merged view there.")] = False,
) -> None:
    """Load the graph into a SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph, Fuseki,
    GraphDB, Virtuoso, QLever), one named graph per PUT, so pushing again replaces; then the
    merged view of them all as the default graph, where the canned queries read, so that
    `kg query --endpoint` answers as the graph file does.

    Example: KG_PASSWORD=... kg push --endpoint http://localhost:7878/store --user admin
    """
    graph, store = _where(graph, store)
    from kg.questions.remote import check_endpoint, credentials, push
    from kg.store.bridge import open_graph

    def ask(prompt: str) -> str:
        return str(typer.prompt(prompt, hide_input=True, err=True))

    check_endpoint(endpoint)
    auth = credentials(user, ask if sys.stdin is not None and sys.stdin.isatty() else None)
    summary = push(open_graph(graph, store), endpoint, auth, timeout, default_graph=not union_default)
    merged = "" if union_default else f" and the merged view ({summary.merged_triples} triples) as the default graph"
    _inform(f"pushed {summary.graphs} graphs, {summary.triples} triples{merged} to {summary.endpoint} "
            f"in {summary.seconds:.2f} s ({summary.retries} retries)")


@app.command("export")
def export_command(
    rdf_format: Annotated[str | None, typer.Option(
        "--format", "-f", help="ttl, trig, nq, nt, jsonld; graphml or gexf (actor network); geojson; acled (CSV). "
                               "Default: the one the output file's name says.")] = None,
    graph: GraphOption = None,
    store: StoreOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default (or -) standard output.")
    ] = None,
) -> None:
    """Export the graph in another RDF format, the actor network for Gephi, GeoJSON for
    QGIS and kepler.gl, or an ACLED-style CSV of events.

    Example: kg export -o places.geojson
    """
    graph, store = _where(graph, store)
    from kg.presentation.exports import export

    if output == STDIN:
        output = None
    data, warnings = export(graph, rdf_format, output, store)
    for warning in warnings:
        _say(f"warning: {warning}", err=True)
    if output is None:
        _write_stdout(data)


@app.command("report")
def report_command(
    graph: GraphOption = None,
    store: StoreOption = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write (one self-contained page).")
    ] = Path("kg-out") / "report.html",
) -> None:
    """Write one HTML page, usable offline, with the actor network coloured by side, a map of
    places, highways and control changes, and a timeline of who controlled each contested
    place, each with its sources a click away.

    Example: kg report -g kg-out/graph.trig -o kg-out/report.html
    """
    graph, store = _where(graph, store)
    from kg.presentation.report import write_report
    from kg.store.bridge import open_graph

    summary = write_report(open_graph(graph, store), output, (store or graph).name)
    _inform(f"wrote {summary.output} ({summary.bytes // 1024} KiB): {summary.actors} actors, "
               f"{summary.ties} ties, {summary.places} places, {summary.reports} control reports")


@app.command("plot")
def plot_command(
    view: Annotated[str, typer.Argument(help="timeline, network or map.")],
    graph: GraphOption = None,
    store: StoreOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Image to write: .png, .svg or .pdf (default kg-out/VIEW.png).")
    ] = None,
) -> None:
    """Draw one view of the graph as a static image with matplotlib: the control timeline,
    the actor network or the map.

    Example: kg plot timeline -g kg-out/graph.trig -o timeline.svg
    """
    graph, store = _where(graph, store)
    from kg.presentation.plot import plot
    from kg.store.bridge import open_graph

    written = plot(open_graph(graph, store), view, output or Path("kg-out") / f"{view.lower()}.png",
                   source=(store or graph).name)
    _inform(f"wrote {written}")


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold file: an analyst's annotations in JSON (see the README).")],
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Articles to build and measure (those the gold names); none: read the graph.")] = None,
    graph: Annotated[Path | None, typer.Option(
        "--graph", "-g", help="Graph file to read (default kg-out/graph.trig).")] = None,
    store: StoreOption = None,
    detail: Annotated[bool, typer.Option(
        "--detail", metavar="", help="List every false positive and miss with its article and sentence.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    reference: ReferenceOption = None,
) -> None:
    """Measure the graph against an analyst's gold file: precision and recall per kind.

    Example: kg evaluate gold.json articles/ --detail
    """
    from kg.evaluation import check_format, evaluate, render
    from kg.validation.reference_files import analyst_reference

    check_format(fmt)
    with analyst_reference(reference or []):
        result = evaluate(gold, paths or [], graph, store, detail)
    for note in result.notes:
        _say(f"note: {note}", err=True)
    _emit(render(result, fmt, detail))


def _fail(message: str) -> NoReturn:
    typer.echo(f"kg: error: {printable(' '.join(message.split()))}", err=True)
    sys.exit(2)


@cache
def _command() -> TyperGroup:
    """The app as a command group with the completion options, made once: making it reads
    every command's signature."""
    return cast(TyperGroup, typer.main.get_command(app))


def main() -> None:
    """Entry point: run the app and turn every known failure into one line and exit 2."""
    try:
        result = _command().main(standalone_mode=False, prog_name="kg")
    except KgError as err:
        _fail(str(err))
    except typer.TyperException as err:
        context = getattr(err, "ctx", None)
        if type(err).__name__ == "NoArgsIsHelpError":
            # the help is the message; typer's rich formatter has printed it already
            if err.format_message().strip():
                typer.echo(err.format_message())
            sys.exit(0)
        command = context.command_path if context is not None else "kg"
        _fail(f"{err.format_message()}; see '{command} --help'")
    except typer.Abort:
        _fail("interrupted; no output file was changed")
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        _fail("interrupted; no output file was changed")
    except MemoryError:
        _fail("out of memory; build fewer articles at a time")
    sys.exit(result if isinstance(result, int) else 0)
