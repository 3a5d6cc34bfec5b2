"""Small server-rendered SVG charts (no JavaScript, nothing inline that the CSP forbids):
grouped bars and lines. Every chart has a <title> and a <desc>, and the page shows the same
figures as a table next to it (the text alternative)."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f6f5c", "#6aa88f", "#c9a227", "#2f5d8a", "#a0522d", "#7a7a7a")
WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 44, 34, 12, 46


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def _legend(series, y: int) -> str:
    parts, x = [], LEFT
    for index, (label, *_rest) in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{escape(label)}</text>'
        )
        x += 22 + 7 * len(str(label))
    return "".join(parts)


def bars(
    *, title: str, categories: list[str], series: list[tuple[str, list]], height: int = 220
) -> SafeString:
    """Grouped bars: one group per category, one bar per series (None draws no bar)."""
    values = [float(v) for _l, vs in series for v in vs if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    group_w = plot_w / max(1, len(categories))
    bar_w = max(2.0, (group_w - 8) / max(1, len(series)))
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(title)}: {escape(', '.join(label for label, _v in series))}</desc>",
    ]
    for tick in (0, 0.5, 1):
        y = TOP + plot_h * (1 - tick)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(top * tick)}</text>'
        )
    for ci, category in enumerate(categories):
        x0 = LEFT + ci * group_w + 4
        for si, (label, vs) in enumerate(series):
            value = vs[ci]
            if value is None:
                continue
            h = plot_h * float(value) / top
            x = x0 + si * bar_w
            out.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[si % len(PALETTE)]}">'
                f"<title>{escape(label)} {escape(category)}: {_fmt(value)}</title></rect>"
            )
        out.append(
            f'<text x="{x0 + (group_w - 8) / 2:.1f}" y="{TOP + plot_h + 14}" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    out.append(_legend(series, height - 18))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def lines(
    *,
    title: str,
    categories: list[str],
    series: list[tuple[str, list]],
    low: float,
    high: float,
    height: int = 200,
) -> SafeString:
    """Lines over the categories; a None value breaks the line (a hidden figure)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    step = plot_w / max(1, len(categories) - 1) if len(categories) > 1 else 0

    def point(ci: int, value) -> tuple[float, float]:
        y = TOP + plot_h * (1 - (float(value) - low) / (high - low))
        return LEFT + ci * step, y

    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(title)}: {escape(', '.join(label for label, _v in series))}</desc>",
    ]
    for tick in (low, (low + high) / 2, high):
        _x, y = point(0, tick)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>'
        )
    for ci, category in enumerate(categories):
        x, _y = point(ci, low)
        out.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">'
            f"{escape(category)}</text>"
        )
    for si, (label, vs) in enumerate(series):
        color = PALETTE[si % len(PALETTE)]
        segment: list[str] = []
        segments = []
        for ci, value in enumerate(vs):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            x, y = point(ci, value)
            segment.append(f"{x:.1f},{y:.1f}")
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}">'
                f"<title>{escape(label)} {escape(categories[ci])}: {_fmt(value)}</title></circle>"
            )
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                out.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" '
                    f'stroke-width="2.5"/>'
                )
    out.append(_legend(series, height - 18))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _fmt(value) -> str:
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number:.1f}".replace(".", ",")
