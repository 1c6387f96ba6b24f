"""Charts. The web page draws server-rendered SVG (no JavaScript library, nothing to
download, the same picture with scripts off and in print); the DOCX gets a PNG drawn by matplotlib."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str


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

    fig, ax = plt.subplots(figsize=(6.3, 0.32 * len(bars) + 0.9), dpi=150)
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
