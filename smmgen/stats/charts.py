"""Static SVG charts for the preview site, drawn at build time.

No JavaScript and nothing fetched: each chart is inline SVG with a ``viewBox``
(it scales to the width of a phone), presentation attributes only (the
site's CSP forbids inline styles), a ``<title>`` for screen readers, and every
text escaped. The page puts a table with the same numbers under each chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from ..i18n import weekday_name

WIDTH = 640
ROW = 34
LABEL = 170  # room for the label column of bar charts
PALETTE = 6  # series classes s0 … s5 in site.css


def _svg(height: int, title: str, body: list[str]) -> Any:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(items: Sequence[tuple[str, int]], title: str) -> Any:
    """Horizontal bars, one per (label, value), longest first as given."""
    top = max((v for _, v in items), default=0) or 1
    span = WIDTH - LABEL - 60
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = i * ROW + 4
        length = round(span * value / top)
        body.append(
            f'<text x="{LABEL - 8}" y="{y + 19}" text-anchor="end" class="lbl">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{max(length, 1)}" height="{ROW - 8}" '
            f'class="bar s{i % PALETTE}"></rect>'
            f'<text x="{LABEL + length + 6}" y="{y + 19}" class="val">{value}</text>'
        )
    return _svg(len(items) * ROW + 8, title, body)


def lines(series: Sequence[tuple[str, Sequence[tuple[dt.datetime, int]]]], title: str) -> Any:
    """One line per (name, [(time, value)]), a shared time axis, a legend below."""
    drawn = [(name, sorted(pts)) for name, pts in series]
    if not any(pts for _, pts in drawn):
        return _svg(20, title, [])
    left, right, top, plot_h = 56, WIDTH - 16, 12, 180
    t0 = min(pts[0][0] for _, pts in drawn if pts)
    t1 = max(pts[-1][0] for _, pts in drawn if pts)
    values = [v for _, pts in drawn for _, v in pts]
    v0 = min(0, min(values))
    v1 = max(values) or 1
    stamp = _STAMPS
    if len(stamp) > STAMPS:
        stamp.clear()
    s0 = stamp[t0]
    width_s = (stamp[t1] - s0) or 1.0

    x_scale = (right - left) / width_s
    y_scale = plot_h / ((v1 - v0) or 1)
    bottom = top + plot_h
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{right}" y2="{top + plot_h}" class="axis">'
        "</line>",
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="val">{v1}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="val">{v0}</text>',
        f'<text x="{left}" y="{top + plot_h + 16}" class="val">{t0:%Y-%m-%d}</text>',
        f'<text x="{right}" y="{top + plot_h + 16}" text-anchor="end" class="val">'
        f"{t1:%Y-%m-%d}</text>",
    ]
    legend_y = top + plot_h + 40
    # A post page has one chart, a site thousands: the points are written inline,
    # each distinct time and value formatted once.
    xs = {t: f"{left + x_scale * (stamp[t] - s0):.1f}" for _, pts in drawn for t, _ in pts}
    ys = {v: f"{bottom - y_scale * (v - v0):.1f}" for v in set(values)}
    for i, (name, pts) in enumerate(drawn):
        css = f"s{i % PALETTE}"
        coords = [(xs[t], ys[v]) for t, v in pts]
        body.append(f'<polyline points="{" ".join(map(",".join, coords))}" '
                    f'class="line {css}"></polyline>')  # fmt: skip
        dot = f'" r="3" class="dot {css}"></circle>'
        body.extend([f'<circle cx="{x}" cy="{y}{dot}' for x, y in coords])
        y_text = legend_y + i * 24
        body.append(
            f'<rect x="{left}" y="{y_text - 10}" width="12" height="12" class="bar {css}"></rect>'
            f'<text x="{left + 18}" y="{y_text}" class="lbl">{escape(_short(name, 40))}</text>'
        )
    return _svg(legend_y + len(drawn) * 24, title, body)


class _Stamps(dict[dt.datetime, float]):
    """A time as seconds since the epoch (a night's snapshots share their time)."""

    def __missing__(self, at: dt.datetime) -> float:
        seconds = self[at] = at.timestamp()
        return seconds


# Kept for the whole build, emptied when it grows past STAMPS entries.
_STAMPS = _Stamps()
STAMPS = 100_000


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heat(cells: Sequence[tuple[int, int, float]], title: str) -> Any:
    """A weekday × hour grid; each (weekday, hour, mean) cell darker the higher it is."""
    left, cell_w, cell_h = 48, (WIDTH - 56) / 24, 28
    top = max((m for _, _, m in cells), default=0.0) or 1.0
    body = [
        f'<text x="{left + h * cell_w + cell_w / 2:.1f}" y="14" text-anchor="middle" '
        f'class="val">{h:02d}</text>'
        for h in range(0, 24, 3)
    ]
    for d in range(7):
        name = weekday_name(d, short=True)
        body.append(f'<text x="{left - 6}" y="{20 + d * cell_h + 19}" text-anchor="end" '
                    f'class="lbl">{name}</text>')  # fmt: skip
        body.append(
            f'<rect x="{left}" y="{20 + d * cell_h}" width="{cell_w * 24:.1f}" '
            f'height="{cell_h - 2}" class="cell-empty"></rect>'
        )
    for d, h, mean in cells:
        level = max(0.12, mean / top)
        body.append(
            f'<rect x="{left + h * cell_w:.1f}" y="{20 + d * cell_h}" width="{cell_w - 1:.1f}" '
            f'height="{cell_h - 2}" class="cell" fill-opacity="{level:.2f}">'
            f"<title>{weekday_name(d, short=True)} {h:02d}:00: {mean:.1f}</title></rect>"
        )
    return _svg(20 + 7 * cell_h + 4, title, body)
