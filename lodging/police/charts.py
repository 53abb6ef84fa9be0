"""Geometry of the server-drawn SVG bar charts of the statistics page: charts without
any JavaScript library or CDN."""

CHART_ROWS = 40
CHART_ROW_HEIGHT = 22


def svg_number(value: float) -> str:
    """An SVG attribute number: always a decimal point, never the locale's comma."""
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(rows) -> dict:
    """Bars of arrivals and guest-nights per row (label, arrivals, nights). Every
    attribute is a string, so no template can localise it (Vietnamese writes 60,0, which
    a browser reads as 0)."""
    rows = rows[:CHART_ROWS]
    top_arrivals = max((a for _k, a, _n in rows), default=0) or 1
    top_nights = max((n for _k, _a, n in rows), default=0) or 1
    bars = []
    for index, (label, arrivals, nights) in enumerate(rows):
        arrivals_width = 200 * arrivals / top_arrivals
        bars.append({"label": str(label), "arrivals": arrivals, "nights": nights,
                     "y": svg_number(index * CHART_ROW_HEIGHT),
                     "arrivals_width": svg_number(arrivals_width),
                     "nights_width": svg_number(200 * nights / top_nights),
                     "count_x": svg_number(205 + arrivals_width)})
    return {"bars": bars, "height": svg_number(max(len(bars), 1) * CHART_ROW_HEIGHT)}
