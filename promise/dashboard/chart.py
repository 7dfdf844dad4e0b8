"""Capacity-and-reservations timeline as an SVG picture, drawn on the
server: no JavaScript and nothing fetched from elsewhere.

The upper part shows the capacity of one resource class over a window as
a stepped line over a light area, and what leases hold of it as stacked
areas (used: started leases; reserved: leases not started yet). Below,
each lease holding capacity in the window is a bar over its own dates.

Pure Python on purpose: it is tested and used without Django.
"""
import dataclasses
import datetime
from xml.sax import saxutils

WIDTH = 960
LEFT, RIGHT, TOP = 80, 50, 64
PLOT_HEIGHT = 260
AXIS_HEIGHT = 40
BAR_HEIGHT, BAR_GAP = 18, 6
MAX_BARS = 24

COLOURS = {'total': '#2f6db5', 'capacity_fill': '#dbe8f7',
           'used': '#d9822b', 'reserved': '#f2c14e', 'grid': '#d8d8d8',
           'text': '#333333', 'now': '#c0392b'}
BAR_COLOURS = {'ACTIVE': '#d9822b', 'PENDING': '#f2c14e',
               'STARTING': '#f2c14e', 'DEGRADED': '#c0392b'}
BAR_DEFAULT = '#9aa5b1'

_STEPS = [datetime.timedelta(hours=h) for h in (1, 2, 3, 6, 12)] + \
    [datetime.timedelta(days=d) for d in (1, 2, 7, 14, 30, 91)]


@dataclasses.dataclass
class Point:
    """The figures in force from ``time`` on."""
    time: datetime.datetime
    total: float
    reserved: float = 0
    used: float = 0


@dataclasses.dataclass
class Bar:
    label: str
    start: datetime.datetime
    end: datetime.datetime
    status: str = ''
    detail: str = ''


def _esc(text):
    return saxutils.escape(str(text))


def _attr(text):
    return saxutils.quoteattr(str(text))


def axis_max(value, max_ticks=5):
    """(top, step) of a value axis from 0 holding ``value``: the step is
    the smallest of 1, 2, 5 x 10^n (amounts are whole: 1 at least)
    giving at most ``max_ticks`` steps."""
    step = 1
    for exponent in range(0, 16):
        for mantissa in (1, 2, 5):
            step = mantissa * 10 ** exponent
            if step * max_ticks >= value:
                return step * max(1, -(-value // step)), step
    return step * max_ticks, step


def time_step(span, max_ticks=8):
    for step in _STEPS:
        if span / step <= max_ticks:
            return step
    return _STEPS[-1]


def _ticks(start, end):
    step = time_step(end - start)
    if step >= datetime.timedelta(days=1):
        first = start.replace(hour=0, minute=0, second=0, microsecond=0)
        fmt = '%Y-%m-%d'
    else:
        first = start.replace(minute=0, second=0, microsecond=0)
        fmt = '%m-%d %H:%M'
    while first < start:
        first += step
    tick = first
    while tick <= end:
        yield tick, tick.strftime(fmt)
        tick += step


def _format_amount(value):
    if value >= 10000:
        return '{:,.0f}'.format(value)
    return ('%g' % value)


class _Scale:
    def __init__(self, start, end, ymax, ystep):
        self.start, self.end = start, end
        self.ymax, self.ystep = ymax, ystep
        self.span = (end - start).total_seconds() or 1
        self.width = WIDTH - LEFT - RIGHT

    def x(self, when):
        when = min(max(when, self.start), self.end)
        return round(LEFT + self.width *
                     (when - self.start).total_seconds() / self.span, 1)

    def y(self, value):
        return round(TOP + PLOT_HEIGHT * (1 - value / self.ymax), 1)


def _segments(points, end):
    """(start, end, point) for each point, each lasting to the next."""
    for i, point in enumerate(points):
        until = points[i + 1].time if i + 1 < len(points) else end
        yield point.time, until, point


def _step_path(scale, segments, top, bottom=lambda p: 0):
    """A closed path between two stepped series of values."""
    upper, lower = [], []
    for start, until, point in segments:
        x0, x1 = scale.x(start), scale.x(until)
        upper += ['%s,%s' % (x0, scale.y(top(point))),
                  '%s,%s' % (x1, scale.y(top(point)))]
        lower += ['%s,%s' % (x0, scale.y(bottom(point))),
                  '%s,%s' % (x1, scale.y(bottom(point)))]
    return 'M%sZ' % ' L'.join(upper + lower[::-1])


def _step_line(scale, segments, value):
    coords = []
    for start, until, point in segments:
        coords += ['%s,%s' % (scale.x(start), scale.y(value(point))),
                   '%s,%s' % (scale.x(until), scale.y(value(point)))]
    return 'M' + ' L'.join(coords)


def render(title, resource_class, start, end, points, bars=(), now=None):
    """The SVG document (a string) of one timeline.

    ``points`` are the capacity figures (Point) in time order, from the
    start of the window; ``bars`` the leases (Bar) to show below.
    """
    points = sorted((p for p in points if p.time < end),
                    key=lambda p: p.time)
    bars = sorted((b for b in bars if b.end > start and b.start < end),
                  key=lambda b: (b.start, b.label))
    shown, hidden = bars[:MAX_BARS], len(bars) - MAX_BARS
    bar_rows = len(shown) + (1 if hidden > 0 else 0)
    bars_top = TOP + PLOT_HEIGHT + AXIS_HEIGHT + 24
    height = bars_top + max(bar_rows, 1) * (BAR_HEIGHT + BAR_GAP) + 16
    peak = max([max(p.total, p.reserved + p.used) for p in points] or [0])
    top, step = axis_max(peak * 1.1)
    scale = _Scale(start, end, top, step)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" class="promise-timeline"'
           ' role="img" width="%d" height="%d" viewBox="0 0 %d %d"'
           ' font-family="Helvetica, Arial, sans-serif" font-size="12">'
           % (WIDTH, height, WIDTH, height),
           '<title>%s</title>' % _esc(title),
           '<desc>%s from %s to %s: capacity, used and reserved amounts, '
           'and the leases holding them.</desc>' % (
               _esc(resource_class), start.strftime('%Y-%m-%d %H:%M'),
               end.strftime('%Y-%m-%d %H:%M')),
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           '<text x="%d" y="22" font-size="16" font-weight="bold" fill="%s">'
           '%s</text>' % (LEFT, COLOURS['text'], _esc(title))]
    out += _legend()
    out += _grid(scale)
    if points:
        segments = list(_segments(points, end))
        out.append('<path class="capacity-area" d="%s" fill="%s"/>' % (
            _step_path(scale, segments, lambda p: p.total),
            COLOURS['capacity_fill']))
        out.append('<path class="used-area" d="%s" fill="%s"/>' % (
            _step_path(scale, segments, lambda p: p.used), COLOURS['used']))
        out.append('<path class="reserved-area" d="%s" fill="%s"/>' % (
            _step_path(scale, segments, lambda p: p.used + p.reserved,
                       lambda p: p.used), COLOURS['reserved']))
        out.append('<path class="capacity-line" d="%s" fill="none" '
                   'stroke="%s" stroke-width="2"/>' % (
                       _step_line(scale, segments, lambda p: p.total),
                       COLOURS['total']))
        for _, _, point in segments:
            out.append('<circle class="breakpoint" cx="%s" cy="%s" r="2.5" '
                       'fill="%s"><title>%s: total %s, used %s, reserved %s'
                       '</title></circle>' % (
                           scale.x(point.time), scale.y(point.total),
                           COLOURS['total'],
                           point.time.strftime('%Y-%m-%d %H:%M'),
                           _format_amount(point.total),
                           _format_amount(point.used),
                           _format_amount(point.reserved)))
    else:
        out.append('<text x="%d" y="%d" fill="%s">No capacity in this scope '
                   'and window.</text>' % (LEFT + 20, TOP + PLOT_HEIGHT // 2,
                                            COLOURS['text']))
    if now is not None and start < now < end:
        x = scale.x(now)
        out.append('<line class="now" x1="%s" y1="%d" x2="%s" y2="%d" '
                   'stroke="%s" stroke-dasharray="4 3"/><text x="%s" y="%d" '
                   'fill="%s" text-anchor="middle">now</text>' % (
                       x, TOP, x, height - 8, COLOURS['now'], x, TOP - 4,
                       COLOURS['now']))
    out += _bars(scale, shown, hidden, bars_top)
    out.append('</svg>')
    return '\n'.join(out)


def _legend():
    items = [('capacity', COLOURS['total']), ('used', COLOURS['used']),
             ('reserved', COLOURS['reserved'])]
    out, x = [], LEFT
    for label, colour in items:
        out.append('<rect x="%d" y="34" width="14" height="10" fill="%s"/>'
                   '<text x="%d" y="43" fill="%s">%s</text>' % (
                       x, colour, x + 18, COLOURS['text'], label))
        x += 30 + 7 * len(label) + 18
    return out


def _grid(scale):
    out = []
    for i in range(round(scale.ymax / scale.ystep) + 1):
        value = scale.ystep * i
        y = scale.y(value)
        out.append('<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s"/>'
                   '<text x="%d" y="%s" text-anchor="end" fill="%s">%s'
                   '</text>' % (LEFT, y, WIDTH - RIGHT, y, COLOURS['grid'],
                                LEFT - 6, y + 4, COLOURS['text'],
                                _format_amount(value)))
    axis_y = TOP + PLOT_HEIGHT
    for tick, label in _ticks(scale.start, scale.end):
        x = scale.x(tick)
        out.append('<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="%s"/>'
                   '<text class="tick" x="%s" y="%d" text-anchor="middle" '
                   'fill="%s">%s</text>' % (
                       x, TOP, x, axis_y + 4, COLOURS['grid'], x,
                       axis_y + 18, COLOURS['text'], _esc(label)))
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>' % (
        LEFT, axis_y, WIDTH - RIGHT, axis_y, COLOURS['text']))
    return out


def _bars(scale, bars, hidden, top):
    out = ['<text x="%d" y="%d" font-weight="bold" fill="%s">Leases</text>'
           % (LEFT, top - 8, COLOURS['text'])]
    if not bars:
        out.append('<text x="%d" y="%d" fill="%s">No lease holds capacity '
                   'here in this window.</text>' % (
                       LEFT, top + BAR_HEIGHT - 4, COLOURS['text']))
        return out
    for i, bar in enumerate(bars):
        y = top + i * (BAR_HEIGHT + BAR_GAP)
        x0, x1 = scale.x(bar.start), scale.x(bar.end)
        tip = '%s: %s to %s %s' % (
            bar.label, bar.start.strftime('%Y-%m-%d %H:%M'),
            bar.end.strftime('%Y-%m-%d %H:%M'), bar.detail)
        out.append('<g class="lease-bar"><title>%s</title>'
                   '<rect x="%s" y="%d" width="%s" height="%d" rx="3" '
                   'fill="%s"/>' % (
                       _esc(tip.strip()), x0, y, max(x1 - x0, 2),
                       BAR_HEIGHT, BAR_COLOURS.get(bar.status, BAR_DEFAULT)))
        # The name sits in the bar when it fits, else after it, else
        # before it.
        label = bar.label if len(bar.label) <= 40 else bar.label[:39] + '…'
        text_width = 7 * len(label) + 8
        if x1 - x0 >= text_width:
            tx, anchor = x0 + 4, 'start'
        elif x1 + text_width <= WIDTH - RIGHT:
            tx, anchor = x1 + 4, 'start'
        else:
            tx, anchor = x0 - 4, 'end'
        out.append('<text x="%s" y="%d" text-anchor="%s" fill="%s">%s'
                   '</text></g>' % (tx, y + BAR_HEIGHT - 5, anchor,
                                    COLOURS['text'], _esc(label)))
        out.append('<text x="%d" y="%d" text-anchor="end" fill="%s" '
                   'font-size="10">%s</text>' % (
                       LEFT - 6, y + BAR_HEIGHT - 5, COLOURS['text'],
                       _esc(bar.status)))
    if hidden > 0:
        y = top + len(bars) * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT - 5
        out.append('<text x="%d" y="%d" fill="%s">and %d more</text>' % (
            LEFT, y, COLOURS['text'], hidden))
    return out
