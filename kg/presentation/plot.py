"""Static pictures of the three report views, drawn with matplotlib on the Agg canvas (no
window is ever opened): the actor network, the map of places, highways and control, and the
control timeline. They draw the same `kg.presentation.views.Views` as the HTML report."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import matplotlib
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.transforms import Bbox
from matplotlib.typing import LineStyleType
from matplotlib_scalebar.scalebar import ScaleBar
from rdflib import Dataset

from kg.common.errors import UsageError
from kg.common.geo import Box, inside, km_per_degree_of_longitude
from kg.presentation.presentation_settings import RelationStyle, load_settings
from kg.presentation.views import NO_SIDE_COLOUR, Network, Period, Views, day_of, gather
from kg.store.bridge import write_atomic

PLOT_VIEWS = ("timeline", "network", "map")
PLOT_FORMATS = ("png", "svg", "pdf")
INK = "#1d2228"
MUTED = "#5b6570"
SEA = "#dce9f2"
LAND = "#f4f1ea"
BORDER = "#b8b1a3"
ROAD = "#2f3b48"
_HALO = [patheffects.withStroke(linewidth=3, foreground="white")]


def plot(dataset: Dataset, view: str, output: Path, fmt: str | None = None, source: str = "") -> Path:
    """Draw one view of the graph and write it (PNG, SVG or PDF, from the suffix unless `fmt`
    says) atomically. `source` names the graph in the caption."""
    view = view.lower()
    if view not in PLOT_VIEWS:
        raise UsageError(f"unknown view '{view}'; use one of {', '.join(PLOT_VIEWS)}")
    kind = (fmt or output.suffix.lstrip(".")).lower()
    if kind not in PLOT_FORMATS:
        raise UsageError(f"{output}: cannot tell the image format from '{output.suffix or 'no suffix'}'; "
                         f"name the file .png, .svg or .pdf")
    write_atomic(output, draw(gather(dataset), view, kind, source))
    return output


def draw(views: Views, view: str, fmt: str = "png", source: str = "") -> bytes:
    """The picture of one view as image bytes."""
    with _style():
        figure = figure_of(views, view, source)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt in ("svg", "pdf") else {}
        figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def figure_of(views: Views, view: str, source: str = "") -> Figure:
    """The matplotlib figure of one view (network, map or timeline)."""
    painters: dict[str, Callable[[Views, str], Figure]] = {
        "network": _network, "map": _map, "timeline": _timeline}
    with _style():
        return painters[view](views, source)


def _style() -> AbstractContextManager[None]:
    return matplotlib.rc_context({"font.size": 9, "font.family": "DejaVu Sans", "svg.hashsalt": "kg",
                                  "axes.titlesize": 12, "axes.titleweight": "bold", "axes.titlelocation": "left"})


def _figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas: drawn off screen, never in a window."""
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _caption(figure: Figure, text: str) -> None:
    """A note under the picture; the constrained layout makes room for it."""
    width = int(figure.get_figwidth() * 17)
    figure.supxlabel(textwrap.fill(text, width), x=0.01, ha="left", fontsize=7.5, color=MUTED)


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", color=MUTED, transform=ax.transAxes)
    ax.set_axis_off()


def _side_legend(network: Network, colours: set[str] | None = None) -> list[Patch]:
    """A key to the side colours; with `colours`, the grey of 'no side' too when it is used."""
    handles = []
    for side in network.sides:
        members = ", ".join(side.members[:3]) + (f", +{len(side.members) - 3}" if len(side.members) > 3 else "")
        handles.append(Patch(facecolor=side.colour, edgecolor=INK, label=f"{side.name}: {members}"))
    if colours and NO_SIDE_COLOUR in colours:
        handles.append(Patch(facecolor=NO_SIDE_COLOUR, edgecolor=INK, label="on no side (no backing or alliance known)"))
    return handles


# --- the actor network ----------------------------------------------------------------


def _line_style(style: RelationStyle) -> LineStyleType:
    return (0, style.dashes) if style.dashes else "solid"


def _network(views: Views, source: str) -> Figure:
    network = views.network
    xs = [a.x for a in network.actors] or [0.0]
    ys = [a.y for a in network.actors] or [0.0]
    ratio = (max(ys) - min(ys) + 0.32) / (max(xs) - min(xs) + 0.36)
    figure = _figure(12.5, min(max(8.0 * ratio + 1.4, 5.0), 11.0))
    ax = figure.add_subplot()
    ax.set_title("Actors and alliances")
    if not network.actors:
        _empty(ax, "No backing, alliance or opposition was extracted.")
        return figure
    where = {a.id: (a.x, a.y) for a in network.actors}
    size = {a.id: 8 + 3 * math.sqrt(a.ties) for a in network.actors}
    relations = load_settings().relations
    for tie in network.ties:
        style = relations.get(tie.relation, relations["backs"])
        ax.add_patch(FancyArrowPatch(
            where[tie.source], where[tie.target], arrowstyle="-|>" if style.arrow else "-", mutation_scale=14,
            connectionstyle="arc3,rad=-0.12", color=style.colour, linestyle=_line_style(style),
            linewidth=1 + 1.2 * math.log2(1 + tie.sources), shrinkA=size[tie.source] * 0.75,
            shrinkB=size[tie.target] * 0.75, zorder=1))
    for actor in network.actors:
        ax.plot(actor.x, actor.y, "o", markersize=size[actor.id], color=actor.colour,
                markeredgecolor=INK, markeredgewidth=1, zorder=2)
    ax.set_xlim(min(xs) - 0.18, max(xs) + 0.18)
    ax.set_ylim(min(ys) - 0.2, max(ys) + 0.12)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    biggest_first = sorted(network.actors, key=lambda a: -size[a.id])
    _place_labels(figure, ax, [_Label(0, a.label, a.x, a.y, size[a.id] / 2 + 3) for a in biggest_first],
                  sides=("below", "above", "right", "left"))
    keys = [Line2D([], [], color=s.colour, linestyle=_line_style(s), linewidth=2, label=s.legend)
            for s in relations.values()]
    figure.legend(handles=_side_legend(network) + keys, loc="outside right upper", frameon=False,
                  fontsize=8.5)
    fights = "; ".join(f"{a} fights {b}" for a, b in network.fights)
    _caption(figure, f"{source}: {len(network.actors)} actors, {len(network.ties)} ties. Colours are sides "
                     f"(signed partition of the ties){'; ' + fights if fights else ''}. Line width: number of sources.")
    return figure


# --- the map ------------------------------------------------------------------------------


def _map(views: Views, source: str) -> Figure:
    view = views.map
    if view.focus is not None:
        south, west, north, east = view.focus
        aspect = (north - south) / max((east - west) * math.cos(math.radians((south + north) / 2)), 1e-6)
        figure = _figure(min(11.0, 8.5 / aspect + 0.8), min(10.0, 9.5 * aspect + 1.2))
    else:
        figure = _figure(10, 8)
    ax = figure.add_subplot()
    ax.set_title("Places, highways and control")
    located = [p for p in view.places if p.lat is not None and p.long is not None]
    if view.focus is None or not located:
        _empty(ax, "No place with coordinates.")
        return figure
    south, west, north, east = view.focus
    ax.set_facecolor(SEA)
    _land(ax, views, 0.7)
    for highway in view.highways:
        lats = [p[0] for p in highway.path]
        longs = [p[1] for p in highway.path]
        ax.plot(longs, lats, color="white", linewidth=6, solid_capstyle="round", zorder=1)
        ax.plot(longs, lats, color=ROAD, linewidth=2.6, solid_capstyle="round", zorder=2)
        _highway_label(ax, highway.label, highway.path, view.focus)
    reports = views.timeline.reports
    contested = {r.place for r in reports}
    on_road = {name for h in views.map.highways for name in h.places}
    latest: dict[str, tuple[str, str]] = {}
    for period in views.timeline.periods:
        if period.place not in latest or period.start >= latest[period.place][0]:
            latest[period.place] = (period.start, period.colour)
    labels: list[tuple[int, int, str, float, float]] = []
    for place in located:
        assert place.lat is not None and place.long is not None
        if not inside((place.lat, place.long), view.focus):
            continue
        important = place.label in contested or place.label in on_road
        if place.label in contested:
            ring = latest.get(place.label, ("", NO_SIDE_COLOUR))[1]
            ax.plot(place.long, place.lat, "o", markersize=17, markerfacecolor="none", markeredgecolor=ring,
                    markeredgewidth=3.5, zorder=3)
        ax.plot(place.long, place.lat, "o", markersize=7 if important else 4.5,
                color=INK if important else "#6b7580", markeredgecolor="white", markeredgewidth=0.8, zorder=4)
        labels.append((0 if place.label in contested else 1 if important else 2, -place.articles, place.label,
                       place.long, place.lat))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    middle = (south + north) / 2
    ax.set_aspect(1 / math.cos(math.radians(middle)))
    ax.set_xticks([])
    ax.set_yticks([])
    # the x axis is in degrees of longitude: the scale bar is told what one is worth here
    ax.add_artist(ScaleBar(km_per_degree_of_longitude(middle), "km", location="lower right", box_alpha=0.85,
                           rotation="horizontal-only", font_properties={"size": 8}, color=INK))
    _place_labels(figure, ax, [_Label(rank, label, x, y) for rank, _, label, x, y in sorted(labels)])
    handles: list[Patch | Line2D] = [
        Line2D([], [], color=ROAD, linewidth=2.6, label="highway"),
        Line2D([], [], marker="o", color=INK, linestyle="none", label="place")]
    for side in views.network.sides:
        handles.append(Line2D([], [], marker="o", markersize=11, markerfacecolor="none", markeredgecolor=side.colour,
                              markeredgewidth=3, linestyle="none",
                              label=f"last held by {side.name} ({', '.join(side.members[:2])})"))
    if any(colour == NO_SIDE_COLOUR for _, colour in latest.values()):
        handles.append(Line2D([], [], marker="o", markersize=11, markerfacecolor="none", markeredgecolor=NO_SIDE_COLOUR,
                              markeredgewidth=3, linestyle="none", label="last held by an actor on no side"))
    ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.92)
    outside = [p for p in located if p.lat is not None and p.long is not None
               and not inside((p.lat, p.long), view.focus)]
    if view.overview is not None and outside:
        _overview(ax, views, view.overview, view.focus)
    far = f"; {len(view.far)} far from the fighting, on neither map: {', '.join(view.far)}" if view.far else ""
    inset = f"{len(outside) - len(view.far)} in the overview only" if outside else "all in this frame"
    notes = [f"{source}: {len(located)} places with coordinates ({inset}{far})", "outlines: Natural Earth",
             *views.notes]
    _caption(figure, "; ".join(notes) + ".")
    return figure


def _land(ax: Axes, views: Views, border_width: float) -> None:
    """The countries' outlines, under everything else."""
    outlines = [rings[0] for country in views.map.countries for rings in country.polygons]
    ax.add_collection(PolyCollection(outlines, closed=True, facecolors=LAND, edgecolors=BORDER,
                                     linewidths=border_width, zorder=0), autolim=False)


def _overview(ax: Axes, views: Views, box: Box, focus: Box) -> None:
    """A small map in the corner: the frame of the big one among every located place near the
    fighting, those outside the frame named."""
    south, west, north, east = box
    middle = math.cos(math.radians((south + north) / 2))
    width = 0.34
    height = min(0.5, width * (north - south) / max((east - west) * middle, 1e-6))
    inset = ax.inset_axes((0.0, 1 - height, width, height), zorder=6)
    inset.set_anchor("NW")
    inset.set_facecolor(SEA)
    _land(inset, views, 0.4)
    for highway in views.map.highways:
        inset.plot([p[1] for p in highway.path], [p[0] for p in highway.path], color=ROAD, linewidth=1)
    for place in views.map.places:
        if place.lat is None or place.long is None:
            continue
        if inside((place.lat, place.long), box):
            inset.plot(place.long, place.lat, "o", markersize=2.5, color=INK)
            if not inside((place.lat, place.long), focus):
                inset.annotate(place.label, (place.long, place.lat), xytext=(3, 0), textcoords="offset points",
                               fontsize=6, va="center", color=INK, path_effects=_HALO)
    f_south, f_west, f_north, f_east = focus
    inset.add_patch(Rectangle((f_west, f_south), f_east - f_west, f_north - f_south, fill=False, edgecolor="#c0392b",
                              linewidth=1.2))
    inset.set_xlim(west, east)
    inset.set_ylim(south, north)
    inset.set_aspect(1 / middle)
    inset.set_xticks([])
    inset.set_yticks([])


def _highway_label(ax: Axes, label: str, path: list[tuple[float, float]], focus: Box) -> None:
    best: tuple[float, float] | None = None
    longest = -1.0
    for (lat1, lon1), (lat2, lon2) in pairwise(path):
        mid = ((lat1 + lat2) / 2, (lon1 + lon2) / 2)
        length = abs(lat1 - lat2) + abs(lon1 - lon2)
        if inside(mid, focus) and length > longest:
            best, longest = mid, length
    if best is not None:
        ax.text(best[1], best[0], label, ha="center", va="center", fontsize=8, fontweight="bold", color="white",
                bbox={"boxstyle": "round,pad=0.25", "facecolor": ROAD, "edgecolor": "none"}, zorder=5)


@dataclass(frozen=True)
class _Label:
    rank: int  # 0 and 1 always shown, in ink; 2 a minor place, muted, left out when there is no room
    text: str
    x: float
    y: float
    gap: float = 7.0  # points between the mark and its label


_SIDES = {"right": ((1, 0), "left", "center"), "left": ((-1, 0), "right", "center"),
          "above": ((0, 1), "center", "bottom"), "below": ((0, -1), "center", "top")}


def _place_labels(figure: Figure, ax: Axes, labels: list[_Label],
                  sides: tuple[str, ...] = ("right", "left", "above", "below"), size: float = 9) -> None:
    """Greedy labels: each tries the sides of its mark in turn and takes the first where it
    overlaps no label already placed; when none is free, a minor label is left out and the
    others take the first side."""
    taken: list[Bbox] = []
    figure.draw_without_rendering()  # settle the layout first: labels are measured in pixels
    for label in labels:
        for number, side in enumerate(sides):
            (dx, dy), ha, va = _SIDES[side]
            text = ax.annotate(label.text, (label.x, label.y), xytext=(dx * label.gap, dy * label.gap),
                               textcoords="offset points", ha=ha, va=va,
                               fontsize=size if label.rank < 2 else size - 1.5,
                               color=INK if label.rank < 2 else MUTED, path_effects=_HALO, zorder=6)
            text.set_in_layout(False)
            box = text.get_window_extent().expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            text.remove()
            if number == len(sides) - 1 and label.rank < 2:
                (dx, dy), ha, va = _SIDES[sides[0]]
                ax.annotate(label.text, (label.x, label.y), xytext=(dx * label.gap, dy * label.gap),
                            textcoords="offset points", ha=ha, va=va, fontsize=size, color=INK,
                            path_effects=_HALO, zorder=6).set_in_layout(False)


# --- the timeline -------------------------------------------------------------------------


def _timeline(views: Views, source: str) -> Figure:
    timeline = views.timeline
    lanes: dict[str, int] = {}
    for period in timeline.periods:
        lanes[period.place] = max(lanes.get(period.place, 0), period.lane + 1)
    in_periods = {p.report for p in timeline.periods}
    points = [r for r in timeline.reports if r.id not in in_periods and r.when]
    rows = sum(lanes.get(p, 0) + (1 if any(r.place == p for r in points) else 0) for p in timeline.places)
    figure = _figure(11, 1.9 + 0.42 * max(rows, 2))
    ax = figure.add_subplot()
    ax.set_title("Who controlled each contested place")
    if not timeline.places:
        _empty(ax, "No place changed hands in these articles.")
        return figure
    start, end = day_of(timeline.start), day_of(timeline.end)
    span_days = max((end - start).days, 1)

    def x(text: str) -> float:
        return float((day_of(text) - start).days)

    pad = max(1, span_days // 30)
    ax.set_xlim(-pad, span_days + pad)
    ax.set_ylim(max(rows, 1), 0)
    reports = {r.id: r for r in timeline.reports}
    keys: list[Patch | Line2D] = [*_side_legend(views.network, {r.colour for r in timeline.reports})]
    if any(reports[p.report].disputed_by for p in timeline.periods):
        keys.append(Patch(facecolor="white", edgecolor=MUTED, hatch="////", label="disputed in the articles"))
    if points:
        keys.append(Line2D([], [], marker="D", color=MUTED, linestyle="none", label="other report (entry, claim)"))
    ax.legend(handles=keys, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    figure.draw_without_rendering()  # settle the layout so text can be measured against the bars
    y = 0.0
    ticks: list[tuple[float, str]] = []
    for place in timeline.places:
        top = y
        periods = sorted((p for p in timeline.periods if p.place == place), key=lambda p: (p.lane, p.start))
        for period in periods:
            left, right = x(period.start), x(period.end)
            disputed = bool(reports[period.report].disputed_by)
            ax.broken_barh([(left, right - left)], (y + period.lane + 0.12, 0.76), facecolors=period.colour,
                           edgecolors="white", linewidth=0.8, alpha=0.55 if period.open else 1.0,
                           hatch="////" if disputed else None, zorder=2)
        for run in _runs(periods):
            disputers = sorted({d for period in run for d in reports[period.report].disputed_by})
            _bar_label(ax, run, periods, y, x, f"disputed by {', '.join(disputers)}" if disputers else "")
        y += lanes.get(place, 0)
        marks = [r for r in points if r.place == place]
        for report in marks:
            at = x(report.when)
            ax.plot(at, y + 0.5, "D", color=report.colour, markersize=6, markeredgecolor=INK, zorder=3)
            ax.text(at + 0.3, y + 0.5, report.kind + (f": {report.new_controller}" if report.new_controller else "")
                    + ("" if report.date else f" (undated; reported {report.reported_on})"),
                    va="center", ha="left", fontsize=7.5, color=INK, zorder=3, path_effects=_HALO)
        y += 1 if marks else 0
        ticks.append(((top + y) / 2, place))
        ax.axhline(y, color="#d9dde2", linewidth=0.8, zorder=1)
    ax.set_yticks([t for t, _ in ticks], [label for _, label in ticks], fontsize=9, fontweight="bold")
    step = next((d for d in (1, 2, 3, 7, 14, 30, 61, 91, 182, 365) if span_days / d <= 12), 730)
    days = range(0, span_days + 1, step)
    ax.set_xticks(list(days), [_tick(start + timedelta(days=d)) for d in days])
    years = sorted({str(start.year), str(end.year)})
    ax.set_xlabel("–".join(years), fontsize=8, color=MUTED)
    ax.grid(axis="x", color="#e6e8eb", zorder=0)
    ax.tick_params(axis="x", labelsize=8, colors=MUTED)
    ax.tick_params(axis="y", length=0)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    _caption(figure, f"{source}: each bar runs from a reported change of control to the next report for the "
                     "place; stacked bars disagree; faded bars are still open. The sources of each bar: "
                     "kg report, or kg query control-changes.")
    return figure


def _runs(periods: list[Period]) -> list[list[Period]]:
    """Consecutive bars of one lane held by the same controller, to label once."""
    runs: list[list[Period]] = []
    for period in periods:
        last = runs[-1][-1] if runs else None
        if last is not None and last.lane == period.lane and last.controller == period.controller \
                and last.end == period.start:
            runs[-1].append(period)
        else:
            runs.append([period])
    return runs


def _tick(day: date) -> str:
    return day.strftime("%d %b")


def _bar_label(ax: Axes, run: list[Period], periods: list[Period], top: float, x: Callable[[str], float],
               note: str) -> None:
    """The controller's name inside its bar; if it does not fit, beside the bar where the lane
    is free; otherwise none (the colour and the legend still tell the side)."""
    first, last = run[0], run[-1]
    left, right = x(first.start), x(last.end)
    row = top + first.lane + 0.5
    bar = ax.transData.transform([(left, row), (right, row)])
    width = bar[1][0] - bar[0][0]
    lane = [p for p in periods if p.lane == first.lane]
    free_right = not any(day_of(p.start) >= day_of(last.end) for p in lane)
    free_left = not any(day_of(p.end) <= day_of(first.start) for p in lane)
    text = ax.text(left, row, f" {first.controller}", va="center", ha="left", fontsize=8, color="white", zorder=3)
    if text.get_window_extent().width <= width - 2:
        return
    text.remove()
    if free_right:
        ax.text(right, row, f" {first.controller}" + (f" ({note})" if note else ""), va="center", ha="left", fontsize=7.5, color=INK, zorder=3,
                path_effects=_HALO)
    elif free_left:
        ax.text(left, row, f"{first.controller} ", va="center", ha="right", fontsize=7.5, color=INK, zorder=3,
                path_effects=_HALO)
