import warnings

import testtools

from promise import quiet_warnings


class TestQuietWarnings(testtools.TestCase):
    def test_only_eventlets_deprecation_is_silenced(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            quiet_warnings.install()
            warnings.warn('\nEventlet is deprecated. It is currently being '
                          'maintained in bugfix mode', DeprecationWarning)
            warnings.warn('Something else is deprecated', DeprecationWarning)
        self.assertEqual(['Something else is deprecated'],
                         [str(w.message) for w in caught])
