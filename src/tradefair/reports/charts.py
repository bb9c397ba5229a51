"""Charts drawn on the server as SVG: nothing to load from the internet, readable without
JavaScript, and printed as they are shown."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b3261e", "#1f4e9c", "#2e7d32", "#a05a00", "#6a1b9a", "#00838f", "#5b6576"]


def bar_chart(
    items: list[tuple[str, Decimal | int, str]], *, title: str, colour: str = PALETTE[1], width: int = 560
) -> SafeString:
    """Horizontal bars, one per (label, value, value as shown), longest first as given."""
    if not items:
        return mark_safe("")
    bar_height, gap, label_width, value_width = 20, 8, 200, 130
    plot = width - label_width - value_width
    top = max((Decimal(value) for _label, value, _shown in items), default=Decimal(0)) or Decimal(1)
    height = len(items) * (bar_height + gap) + gap
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, (label, value, shown) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = float(Decimal(value) / top) * plot
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="12" fill="#1d2430">{escape(short)}<title>{escape(label)}</title></text>'
            f'<rect x="{label_width}" y="{y}" width="{max(length, 1):.1f}" height="{bar_height}" '
            f'rx="3" fill="{colour}"/>'
            f'<text x="{label_width + max(length, 1) + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'fill="#5b6576">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def split_bar(parts: list[tuple[str, Decimal | int, str]], *, title: str, width: int = 560) -> SafeString:
    """One bar split into shares (for example signed against intended)."""
    total = sum((Decimal(value) for _label, value, _shown in parts), Decimal(0))
    if not total:
        return mark_safe("")
    x, height = 0.0, 54
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    legend_x = 0
    for index, (label, value, shown) in enumerate(parts):
        length = float(Decimal(value) / total) * width
        colour = PALETTE[index % len(PALETTE)]
        out.append(f'<rect x="{x:.1f}" y="0" width="{length:.1f}" height="24" fill="{colour}"/>')
        out.append(
            f'<rect x="{legend_x}" y="34" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="45" font-size="12" fill="#1d2430">{escape(label)}: {escape(shown)}</text>'
        )
        x += length
        legend_x += width // max(1, len(parts))
    out.append("</svg>")
    return mark_safe("".join(out))
