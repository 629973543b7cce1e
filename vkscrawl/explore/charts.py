"""Plain SVG charts, written as text: the report needs two shapes (stacked columns, labelled
horizontal bars), which are a few lines each, not a charting library.

Every mark carries its numbers twice: a ``<title>`` (the tooltip a reader sees) and ``data-*``
attributes (what a script or a test reads).
"""

from __future__ import annotations

from html import escape

#: One colour per kind of the taxonomy (17 kinds, vkscrawl/digest/kinds.py), and a few spare for
#: kinds added later; beyond those, colours repeat.
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac", "#2f4b7c", "#a05195", "#d45087", "#665191",
           "#003f5c", "#ffa600", "#8cd17d", "#86bcb6", "#b6992d", "#499894"]


def _attrs(data: dict) -> str:
    return "".join(f' data-{k}="{escape(str(v))}"' for k, v in data.items())


def colours(keys: list[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def stacked_columns(chart: str, columns: list[str], series: list[str],
                    counts: dict[tuple[str, str], int], colour: dict[str, str],
                    height: int = 280) -> str:
    """One column per ``columns`` entry (e.g. months), stacked by ``series`` (e.g. kinds)."""
    width = max(8, min(28, 900 // max(1, len(columns))))
    top = max([sum(counts.get((c, s), 0) for s in series) for c in columns] + [1])
    scale = (height - 70) / top
    parts = [f'<svg class="chart" data-chart="{chart}" xmlns="http://www.w3.org/2000/svg" '
             f'width="{len(columns) * width + 60}" height="{height}" role="img">']
    parts.append(f'<text x="0" y="12" class="axis">{top}</text>'
                 f'<line x1="40" y1="{height - 60}" x2="{len(columns) * width + 50}" '
                 f'y2="{height - 60}" stroke="#999"/>')
    for i, column in enumerate(columns):
        x, y = 45 + i * width, height - 60
        total = sum(counts.get((column, s), 0) for s in series)
        parts.append(f'<g{_attrs({"column": column, "total": total})}>'
                     f'<title>{escape(column)}: {total}</title>')
        for s in series:
            n = counts.get((column, s), 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{width - 2}" height="{h:.1f}" '
                         f'fill="{colour[s]}"{_attrs({"column": column, "series": s, "count": n})}>'
                         f'<title>{escape(column)}, {escape(s)}: {n}</title></rect>')
        parts.append("</g>")
        if len(columns) <= 24 or i % max(1, len(columns) // 12) == 0:
            parts.append(f'<text x="{x}" y="{height - 50}" class="axis" '
                         f'transform="rotate(45 {x} {height - 50})">{escape(column)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def legend(colour: dict[str, str]) -> str:
    return '<p class="legend">' + " ".join(
        f'<span><i style="background:{c}"></i>{escape(k)}</span>' for k, c in colour.items()
    ) + "</p>"


def bars(chart: str, rows: list[tuple[str, float, dict]], unit: str = "",
         colour: str = "#4e79a7", row_height: int = 18, label_width: int = 260) -> str:
    """Horizontal bars: (label, value, data attributes) per row, in the order given."""
    top = max([value for _, value, _ in rows] + [1])
    width = 420
    height = row_height * len(rows) + 4
    parts = [f'<svg class="chart" data-chart="{chart}" xmlns="http://www.w3.org/2000/svg" '
             f'width="{label_width + width + 60}" height="{height}" role="img">']
    for i, (label, value, data) in enumerate(rows):
        y = i * row_height
        w = max(1.0, value / top * width) if value else 0
        text = f"{label}: {value:g}{unit}"
        parts.append(f'<g{_attrs(data)}><title>{escape(text)}</title>'
                     f'<text x="{label_width - 6}" y="{y + row_height - 5}" text-anchor="end" '
                     f'class="label">{escape(label)}</text>'
                     f'<rect x="{label_width}" y="{y + 2}" width="{w:.1f}" '
                     f'height="{row_height - 4}" fill="{data.get("colour", colour)}"/>'
                     f'<text x="{label_width + w + 4}" y="{y + row_height - 5}" '
                     f'class="value">{value:g}{unit}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
