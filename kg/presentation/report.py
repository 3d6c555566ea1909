"""The HTML report: one self-contained file with the actor network, the map and the control
timeline. The vendored libraries (`kg/vendor/`), the page (`kg/templates/`) and the data are
all inlined, so the file opens without a network connection."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset

from kg import __version__
from kg.common import resources
from kg.common.errors import DataError
from kg.presentation.views import NO_SIDE_COLOUR, Views, gather
from kg.store.bridge import write_atomic

DEFAULT_REPORT = Path("kg-out") / "report.html"
TITLE = "Conflict graph report"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S+\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    licences: tuple[str, ...]


# Files under kg/vendor/<name>/, as published on the npm registry (see kg/vendor/README.md).
LIBRARIES = (
    Library("vis-network", "10.0.2", ("vis-network.min.js",), (), ("LICENSE-MIT", "LICENSE-APACHE-2.0")),
    Library("vis-timeline", "8.5.4", ("vis-timeline-graph2d.min.js",), (), ("LICENSE.md", "LICENSE.MIT.txt")),
    Library("leaflet", "1.9.4", ("leaflet.js",), ("leaflet.css",), ("LICENSE",)),
    Library("world-atlas", "2.0.2", (), (), ("LICENSE",)),
)


@dataclass(frozen=True)
class ReportSummary:
    output: Path
    bytes: int
    actors: int
    ties: int
    places: int
    reports: int


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot read a file the report needs ({err}); reinstall kg") from None


def _vendored(library: Library, name: str) -> str:
    return _read(resources.vendor_dir() / library.name / name)


def _inline_script(text: str, origin: str) -> str:
    if re.search(r"</script", text, re.IGNORECASE):
        raise DataError(f"{origin}: holds '</script' and cannot be inlined; vendor another build")
    return f"<script>\n{_SOURCE_MAP.sub('', text)}\n</script>"


def _json_for_html(data: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no '</' or '<!--'."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def fill(template: str, values: dict[str, str], origin: str = "template") -> str:
    """Replace each {{ name }} once, without rescanning what was put in."""
    missing = sorted({m.group(1) for m in _PLACEHOLDER.finditer(template)} - set(values))
    if missing:
        raise DataError(f"{origin}: no value for {{{{ {missing[0]} }}}}; fix the template")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def render_report(views: Views, graph_name: str) -> str:
    """The report as one HTML page."""
    templates = resources.templates_dir()
    scripts = [_inline_script(_vendored(lib, name), f"kg/vendor/{lib.name}/{name}")
               for lib in LIBRARIES for name in lib.scripts]
    styles = [_vendored(lib, name) for lib in LIBRARIES for name in lib.styles]
    if any(re.search(r"</style", style, re.IGNORECASE) for style in styles):
        raise DataError("kg/vendor: a style sheet holds '</style' and cannot be inlined; vendor another build")
    licences = "\n\n".join(f"== {lib.name} {lib.version}: {name} ==\n\n{_vendored(lib, name).strip()}"
                           for lib in LIBRARIES for name in lib.licences)
    credits = ", ".join(f"{lib.name} {lib.version}" for lib in LIBRARIES if lib.scripts)
    data = views.to_json()
    data["meta"] = {"graph": graph_name, "version": __version__, "noSideColour": NO_SIDE_COLOUR}
    report_script = _read(templates / "report.js")
    if re.search(r"</script", report_script, re.IGNORECASE):
        raise DataError(f"{templates / 'report.js'}: holds '</script'; fix the template")
    return fill(_read(templates / "report.html"), {
        "title": html.escape(TITLE),
        "version": html.escape(__version__),
        "graph_name": html.escape(graph_name),
        "credits": html.escape(credits),
        "licences": html.escape(licences),
        "vendor_styles": "\n".join(styles),
        "report_styles": _read(templates / "report.css"),
        "vendor_scripts": "\n".join(scripts),
        "report_script": report_script,
        "data": _json_for_html(data),
    }, str(templates / "report.html"))


def write_report(dataset: Dataset, output: Path = DEFAULT_REPORT, graph_name: str = "") -> ReportSummary:
    """Gather the three views of the graph and write the report atomically."""
    views = gather(dataset)
    page = render_report(views, graph_name).encode("utf-8")
    write_atomic(output, page)
    return ReportSummary(output, len(page), len(views.network.actors), len(views.network.ties),
                         len(views.map.places), len(views.timeline.reports))
