"""The pictures: `kg report` (one offline HTML page, checked in headless Chromium) and
`kg plot` (static images drawn with matplotlib)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from helpers import run_kg
from matplotlib import image as mpimg
from rdflib import Dataset

from kg.build.builder import BuildSummary
from kg.presentation.report import render_report
from kg.presentation.views import Views, gather
from kg.questions.query import select_rows

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1800", "--enable-logging=stderr", "--v=0"]
CONSOLE_TROUBLE = re.compile(r"Uncaught|ERROR:CONSOLE|kg report: \w+ failed|Refused to|Failed to load")


def invoke(*args: str) -> str:
    result = run_kg(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def distinct_colours(path: Path) -> int:
    pixels = np.asarray(mpimg.imread(path))
    rgb = (pixels[..., :3] * 255).round().astype(np.uint32) if pixels.dtype.kind == "f" \
        else pixels[..., :3].astype(np.uint32)
    # each colour as one number (0xRRGGBB): np.unique of a flat array, not of rows, which is slow
    return len(np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]))


def pixels_of(path: Path, colour: str) -> int:
    pixels = np.asarray(mpimg.imread(path))
    rgb = (pixels[..., :3] * 255).round().astype(np.int16) if pixels.dtype.kind == "f" else pixels[..., :3]
    wanted = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return int((np.abs(rgb - wanted).max(axis=-1) <= 2).sum())


# --- kg plot ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seeds_views(seeds_graph: Dataset) -> Views:
    """The views of the seed graph, gathered once for the tests that only read them."""
    return gather(seeds_graph)


@pytest.fixture(scope="session")
def plotted(seeds_build: BuildSummary, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """`kg plot VIEW -o VIEW.FORMAT` of the seed graph, run once per view and format in this module."""
    folder = tmp_path_factory.mktemp("plots")
    written: dict[tuple[str, str], Path] = {}

    def plot(view: str, fmt: str) -> Path:
        if (view, fmt) not in written:
            out = folder / f"{view}.{fmt}"
            invoke("plot", view, "-g", str(seeds_build.output), "-o", str(out))
            written[view, fmt] = out
        return written[view, fmt]

    return plot


@pytest.mark.parametrize("view", ["timeline", "network", "map"])
def test_plot_writes_png_and_svg(plotted: Callable[[str, str], Path], view: str) -> None:
    png, svg = plotted(view, "png"), plotted(view, "svg")
    data = png.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert distinct_colours(png) > 50, "the picture is blank or nearly so"
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and len(text) > 10_000


def test_plot_colours_match_the_sides(plotted: Callable[[str, str], Path], seeds_views: Views) -> None:
    png = plotted("network", "png")
    for side in seeds_views.network.sides:
        assert pixels_of(png, side.colour) > 100, f"no node in the colour of {side.name}"


def test_plot_of_the_demo_corpus(demo_build: BuildSummary, tmp_path: Path) -> None:
    for view in ("timeline", "map"):
        out = tmp_path / f"{view}.png"
        invoke("plot", view, "-g", str(demo_build.output), "-o", str(out))
        assert out.read_bytes().startswith(PNG_MAGIC) and distinct_colours(out) > 50


def test_plot_rejects_an_unknown_view_or_format(seeds_build: BuildSummary, tmp_path: Path) -> None:
    bad_view = run_kg("plot", "sideways", "-g", str(seeds_build.output), "-o", str(tmp_path / "x.png"))
    assert bad_view.returncode == 2
    assert bad_view.stderr.startswith("kg: error: unknown view 'sideways'") and "Traceback" not in bad_view.stderr
    bad_format = run_kg("plot", "map", "-g", str(seeds_build.output), "-o", str(tmp_path / "x.jpg"))
    assert bad_format.returncode == 2 and ".png, .svg or .pdf" in bad_format.stderr
    assert not list(tmp_path.iterdir())


# --- kg report: the page ----------------------------------------------------------------


class _Resources(HTMLParser):
    """Every script src and link href in a page (script bodies are not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.found.append(("script", values["src"] or ""))
            else:
                self.inline_scripts += 1
        if tag == "link" and values.get("href"):
            self.found.append(("link", values["href"] or ""))


@pytest.fixture(scope="session")
def report(seeds_build: BuildSummary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    output = invoke("report", "-g", str(seeds_build.output), "-o", str(out))
    assert output.startswith(f"wrote {out}")
    return out


def test_report_is_self_contained(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(page)
    remote = [(tag, url) for tag, url in parser.found if re.match(r"\s*(https?:)?//", url, re.IGNORECASE)]
    assert not remote, f"fetched from the network: {remote}"
    assert not parser.found, f"every script and style sheet is inlined: {parser.found}"
    assert parser.inline_scripts >= 4  # the data, three libraries and the page's own script
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for library in ("vis-network", "vis-timeline", "Leaflet"):
        assert library in page
    assert "sourceMappingURL" not in page


def test_report_is_the_same_every_time(seeds_graph: Dataset, seeds_views: Views) -> None:
    assert render_report(seeds_views, "graph.trig") == render_report(gather(seeds_graph), "graph.trig")


def test_report_data_keeps_the_sources(seeds_graph: Dataset, seeds_views: Views) -> None:
    """Each control report on the timeline names the articles that `control-timeline` gives."""
    views = seeds_views
    assert "Saraqeb" in views.timeline.places
    shown = {a for r in views.timeline.reports if r.place == "Saraqeb" for a in r.articles}
    expected = {a for row in select_rows(seeds_graph, "control-timeline", place="Saraqeb") for a in row["articles"].split()}
    assert expected and expected <= shown
    disputed = [r for r in views.timeline.reports if r.disputed_by]
    assert disputed and all(r.articles for r in disputed)
    assert all(t.articles for t in views.network.ties), "every tie cites its articles"
    labels = {a.label for a in views.network.actors}
    sides = {a.side for a in views.network.actors}
    assert {"Turkey", "Russia", "Syrian government"} <= labels and len(sides) >= 2
    assert {h.label for h in views.map.highways} >= {"M4", "M5"}
    assert views.map.focus is not None and views.map.countries


# --- kg report in a browser -----------------------------------------------------------


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; CI must install it (see .ci/run)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _browse(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    command = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *mode, page.resolve().as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


_PROBE = """<script>
(function () {
  function tap(target, x, y) {
    var o = {bubbles: true, cancelable: true, clientX: x, clientY: y, pointerId: 1, pointerType: "mouse",
             isPrimary: true, button: 0, buttons: 1};
    target.dispatchEvent(new PointerEvent("pointerdown", o));
    o.buttons = 0;
    target.dispatchEvent(new PointerEvent("pointerup", o));
  }
  var at = window.kgReport.actorAt("Turkey");
  tap(document.querySelector("#network canvas"), at.x, at.y);
  document.querySelector('#map [data-place="Saraqeb"]').dispatchEvent(
    new MouseEvent("click", {bubbles: true, cancelable: true}));
  var bar = Array.prototype.filter.call(document.querySelectorAll("#timeline .vis-item.control"), function (e) {
    return e.className.indexOf("disputed") >= 0;
  })[0];
  var box = bar.getBoundingClientRect();
  tap(bar, box.left + 4, box.top + 4);
})();
</script>"""


def _details(dom: str, panel: str) -> str:
    match = re.search(rf'id="{panel}"[^>]*>(.*?)</div>', dom, re.DOTALL)
    assert match, f"no #{panel} in the page"
    return match.group(1)


@dataclass(frozen=True)
class Browsed:
    """What one headless Chromium run of the report (with the clicks of _PROBE) left."""

    result: subprocess.CompletedProcess[str]
    shot: Path


@pytest.fixture(scope="session")
def browsed(report: Path, tmp_path_factory: pytest.TempPathFactory) -> Browsed:
    """The report with _PROBE's clicks, opened once: its screenshot and its DOM after the scripts ran."""
    folder = tmp_path_factory.mktemp("browsed")
    page = report.read_text(encoding="utf-8")
    end = page.rindex("</body>")
    probe = folder / "probe.html"
    probe.write_text(page[:end] + _PROBE + page[end:], encoding="utf-8")
    shot = folder / "report.png"
    return Browsed(_browse(probe, folder / "profile", f"--screenshot={shot}", "--dump-dom"), shot)


def test_report_renders_in_chromium(browsed: Browsed, seeds_views: Views) -> None:
    trouble = [line for line in browsed.result.stderr.splitlines() if CONSOLE_TROUBLE.search(line)]
    assert not trouble, "\n".join(trouble)
    shot = browsed.shot
    assert shot.read_bytes().startswith(PNG_MAGIC)
    assert distinct_colours(shot) > 500, "the screenshot is blank or nearly so"
    for side in seeds_views.network.sides[:2]:
        assert pixels_of(shot, side.colour) > 200, f"nothing drawn in the colour of {side.name}"


def test_report_views_and_clicks_in_chromium(browsed: Browsed) -> None:
    """The three views are in the DOM after the scripts ran, and a click on an actor, a
    place and a timeline bar shows its sources."""
    result = browsed.result
    trouble = [line for line in result.stderr.splitlines() if CONSOLE_TROUBLE.search(line)]
    assert not trouble, "\n".join(trouble)
    dom = result.stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body and 'data-rendered="network map timeline"' in body.group(1)
    assert "data-errors" not in body.group(1)
    assert re.search(r'<div[^>]*id="network"[^>]*>.*?<canvas', dom, re.DOTALL), "no network canvas"
    assert dom.count("leaflet-interactive") >= 4 and 'data-place="Saraqeb"' in dom
    assert re.search(r'class="vis-label[^"]*"[^>]*><div class="vis-inner"><span>Saraqeb</span>', dom)
    network = _details(dom, "network-details")
    assert "<h3>Turkey</h3>" in network and "#article-" in network
    place = _details(dom, "map-details")
    assert "<h3>Saraqeb</h3>" in place and "#article-" in place
    bar = _details(dom, "timeline-details")
    assert "Saraqeb" in bar and "disputed by" in bar and "#article-" in bar
    assert re.search(r'<tr id="article-[^"]+">', dom), "the sources table is filled"


def test_the_report_names_each_side_after_its_leading_member(report: Path, seeds_graph: Dataset) -> None:
    from kg.presentation.networks import sides

    page = report.read_text(encoding="utf-8")
    names = [side.name for side in sides(seeds_graph).sides]
    assert "Syrian government and allies" in names
    assert all(name in page for name in names) and "side 1" not in page
