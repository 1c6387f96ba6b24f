"""Charts. The web page draws server-rendered SVG (no JavaScript library, nothing to
download, the same picture with scripts off and in print); the DOCX gets a PNG drawn by matplotlib."""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str


def bars_for(figures: list[dict[str, Any]], reader: Any) -> list[Bar]:
    """One bar per figure; a value hidden as "< 3" is drawn as an empty bar (its length would tell it)."""
    from giapranh.reports.selectors import shown_value

    bars = []
    for figure in figures:
        value = int(figure["value"])
        shown = shown_value(value, about_persons=figure["about_persons"], user=reader)
        bars.append(Bar(figure["label"], value if shown == str(value) else 0, shown))
    return bars


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 640) -> SafeString:
    """A horizontal bar chart as inline SVG (labels escaped)."""
    row, label_w, pad = 22, 300, 8
    height = row * len(bars) + 40
    top = max((b.value for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}" class="chart">',
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = 30 + index * row
        length = int((width - label_w - 60) * bar.value / top)
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(bar.label[:48])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{length}" height="{row - pad}" fill="#1f5f8b"/>')
        parts.append(f'<text x="{label_w + length + 4}" y="{y + 14}" font-size="12">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def bar_chart_png(bars: list[Bar], *, title: str) -> bytes:
    """The same chart as a PNG for the DOCX (matplotlib, no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(6.3, 0.2 * len(bars) + 0.8), dpi=150)
    labels = [b.label for b in reversed(bars)]
    values = [b.value for b in reversed(bars)]
    ax.barh(labels, values, color="#1f5f8b")
    for y, (value, bar) in enumerate(zip(values, reversed(bars), strict=True)):
        ax.text(value, y, f" {bar.shown}", va="center", fontsize=7)
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def pairs_chart_svg(pairs: list[tuple[str, int]], *, title: str) -> SafeString:
    """A bar chart of (label, count) pairs (counts of cases, never of persons)."""
    return bar_chart_svg([Bar(label, value, str(value)) for label, value in pairs], title=title)


def map_svg(
    communes: list[tuple[float, float, str]], points: list[tuple[float, float, str]], *, title: str,
    width: int = 640, height: int = 420,
) -> SafeString:
    """The scope's communes (centroids, named) and the incidents and accidents with coordinates.

    Drawn server-side from coordinates shipped with the project (the units' centroids):
    no tile server. The SVG is what pages without scripts and print show; map.js turns
    it into a Leaflet map (served from our static files) with the same points, from the
    data given here, which are exactly the points of the SVG (the caller's visible records).
    """
    svg = _map_svg(communes, points, title=title, width=width, height=height)
    if not svg:
        return svg
    data = {
        "communes": [[lat, lon, name] for lat, lon, name in communes],
        "points": [[lat, lon, kind] for lat, lon, kind in points],
        "labels": {"title": title, "commune": _("commune"), "incident": _("incident"), "accident": _("traffic accident")},
    }
    html = render_to_string("reports/partials/_map.html", {"svg": svg, "map_data": json.dumps(data, ensure_ascii=False)})
    return mark_safe(html)  # noqa: S308 — a rendered template: its values are escaped by the template


def _map_svg(
    communes: list[tuple[float, float, str]], points: list[tuple[float, float, str]], *, title: str,
    width: int, height: int,
) -> SafeString:
    """The SVG drawing of map_svg (an equirectangular projection: exact enough over the few kilometres of a cluster)."""
    every = [(lat, lon) for lat, lon, _ in communes] + [(lat, lon) for lat, lon, _ in points]
    if not every:
        return mark_safe("")  # noqa: S308 — empty
    lats, lons = [p[0] for p in every], [p[1] for p in every]
    pad = 0.01
    south, north, west, east = min(lats) - pad, max(lats) + pad, min(lons) - pad, max(lons) + pad
    scale_x = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * scale_x, north - south) or 1
    size = min(width, height) - 40

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return 20 + (lon - west) * scale_x / span * size, 30 + (north - lat) / span * size

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(title)}" class="map" data-testid="map">',
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for lat, lon, kind in points:
        x, y = xy(lat, lon)
        colour = "#b22222" if kind == "incident" else "#e69500"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" fill-opacity="0.7" class="{kind}"/>')
    for lat, lon, name in communes:
        x, y = xy(lat, lon)
        parts.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#1f5f8b"/>')
        parts.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="11">{escape(name)}</text>')
    legend_y = height - 8
    parts.append(f'<circle cx="10" cy="{legend_y - 4}" r="4" fill="#b22222"/><text x="18" y="{legend_y}" font-size="11">{escape(_("incident"))}</text>')
    parts.append(f'<circle cx="110" cy="{legend_y - 4}" r="4" fill="#e69500"/><text x="118" y="{legend_y}" font-size="11">{escape(_("traffic accident"))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
