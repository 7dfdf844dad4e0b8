"""The timeline picture of the dashboard (pure Python, no Django)."""
import datetime
from xml.etree import ElementTree

import testtools

from promise.dashboard import chart

NS = {'s': 'http://www.w3.org/2000/svg'}
T0 = datetime.datetime(2031, 1, 5)


def _hours(n):
    return T0 + datetime.timedelta(hours=n)


class TestChart(testtools.TestCase):

    def render(self, points, bars=(), now=None, days=2):
        svg = chart.render('VCPU of pool all', 'VCPU', T0,
                           T0 + datetime.timedelta(days=days), points,
                           bars, now=now)
        return svg, ElementTree.fromstring(svg)

    def test_well_formed_with_areas_line_and_bars(self):
        svg, root = self.render(
            [chart.Point(T0, 100, 0, 0), chart.Point(_hours(8), 100, 40, 10),
             chart.Point(_hours(32), 80, 0, 0)],
            [chart.Bar('vnf-<a>', _hours(8), _hours(32), 'PENDING'),
             chart.Bar('old', _hours(-48), _hours(-24), 'ACTIVE')],
            now=_hours(4))
        self.assertEqual('{http://www.w3.org/2000/svg}svg', root.tag)
        self.assertEqual('VCPU of pool all', root.find('s:title', NS).text)
        for cls in ('capacity-area', 'used-area', 'reserved-area',
                    'capacity-line'):
            self.assertEqual(1, len(root.findall(
                ".//s:path[@class='%s']" % cls, NS)), cls)
        bars = root.findall(".//s:g[@class='lease-bar']", NS)
        # The lease that ended before the window is not drawn; the name is
        # escaped, not markup.
        self.assertEqual(['vnf-<a>'], [b.find('s:text', NS).text
                                       for b in bars])
        self.assertIn('vnf-&lt;a&gt;', svg)
        self.assertEqual(1, len(root.findall(".//s:line[@class='now']",
                                             NS)))

    def test_geometry(self):
        _, root = self.render(
            [chart.Point(T0, 100, 0, 0), chart.Point(_hours(24), 100, 50, 0)],
            [chart.Bar('x', _hours(24), _hours(48), 'PENDING')])
        # 100 * 1.1 on an axis of 50-wide steps: the top is 150. The
        # second day starts mid-width.
        line = root.find(".//s:path[@class='capacity-line']", NS).get('d')
        mid_x = chart.LEFT + (chart.WIDTH - chart.LEFT - chart.RIGHT) / 2
        y100 = round(chart.TOP + chart.PLOT_HEIGHT * (1 - 100 / 150), 1)
        self.assertTrue(
            line.startswith('M%s,%s' % (float(chart.LEFT), y100)), line)
        self.assertEqual(['0', '50', '100', '150'], [
            t.text for t in root.findall(".//s:text[@text-anchor='end']",
                                         NS)][:4])
        rect = root.find(".//s:g[@class='lease-bar']/s:rect", NS)
        self.assertEqual(mid_x, float(rect.get('x')))
        self.assertEqual(chart.WIDTH - chart.RIGHT - mid_x,
                         float(rect.get('width')))
        reserved = root.find(".//s:path[@class='reserved-area']", NS).get('d')
        y50 = round(chart.TOP + chart.PLOT_HEIGHT * (1 - 50 / 150), 1)
        self.assertIn('%s,%s' % (mid_x, y50), reserved)

    def test_empty(self):
        svg, root = self.render([], [])
        self.assertIn('No capacity in this scope', svg)
        self.assertIn('No lease holds capacity', svg)
        self.assertEqual([], root.findall(".//s:path", NS))

    def test_many_bars_are_summed_up(self):
        bars = [chart.Bar('l%02d' % i, _hours(i), _hours(i + 2))
                for i in range(chart.MAX_BARS + 5)]
        svg, root = self.render([chart.Point(T0, 10)], bars)
        self.assertEqual(chart.MAX_BARS, len(root.findall(
            ".//s:g[@class='lease-bar']", NS)))
        self.assertIn('and 5 more', svg)

    def test_ticks_and_scale(self):
        self.assertEqual(
            [(1, 1), (2, 1), (5, 1), (25, 5), (150, 50), (10000, 2000)],
            [chart.axis_max(v) for v in (0, 1.5, 4.4, 22, 110, 8448)])
        _, root = self.render([chart.Point(T0, 10)], days=7)
        ticks = [t.text for t in root.findall(".//s:text[@class='tick']",
                                              NS)]
        self.assertEqual('2031-01-05', ticks[0])
        self.assertLessEqual(len(ticks), 9)
