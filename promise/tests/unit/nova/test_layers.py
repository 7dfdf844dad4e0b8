"""What promise.nova may load inside nova-scheduler."""
import subprocess
import sys

import testtools

CHECK = """
import sys
import promise.nova.calendar, promise.nova.client, promise.nova.conf
import promise.nova.plan
bad = sorted(m for m in sys.modules if m.split('.')[0] in
             ('oslo_messaging', 'sqlalchemy', 'oslo_db', 'pecan') or
             m.startswith(('promise.db', 'promise.manager', 'promise.api',
                           'promise.rpc', 'promise.conf')))
print(' '.join(bad))
"""


class TestLayers(testtools.TestCase):
    def test_no_messaging_or_database(self):
        out = subprocess.run([sys.executable, '-c', CHECK],
                             capture_output=True, text=True, check=True)
        self.assertEqual('', out.stdout.strip())

    def test_options_for_the_generator(self):
        from promise.nova import conf
        (group, opts), = conf.list_opts()
        names = {o.dest for o in opts}
        self.assertEqual('promise', group.name)
        self.assertTrue({'cache_ttl', 'fail_mode', 'auth_type',
                         'endpoint_override', 'service_type',
                         'timeout'} <= names)
