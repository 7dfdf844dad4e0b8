"""The sandbox's own tools: the INI stand-ins edit files as DevStack's
helpers do, and the configuration check rejects what a service would."""
import os

import fixtures
import testtools

from promise.tests.unit.devstack import conf_check
from promise.tests.unit.devstack import ini_tool


class IniToolTest(testtools.TestCase):

    def test_iniset_adds_sections_and_options_as_devstack_does(self):
        lines = ini_tool.iniset([], 'DEFAULT', 'debug', 'True')
        lines = ini_tool.iniset(lines, 'DEFAULT', 'state_path', '/a')
        lines = ini_tool.iniset(lines, 'api', 'workers', '2')
        # A new option goes right under its header; a new section at the
        # end, after an empty line.
        self.assertEqual(['', '[DEFAULT]', 'state_path = /a', 'debug = True',
                          '', '[api]', 'workers = 2'], lines)

    def test_iniset_replaces_within_the_section_only(self):
        lines = ['[a]', 'x = 1', '[b]', 'x = 1']
        lines = ini_tool.iniset(lines, 'b', 'x', '  two   words ')
        self.assertEqual(['[a]', 'x = 1', '[b]', 'x = two words'], lines)

    def test_iniadd_keeps_values_in_order(self):
        lines = ['[f]', 'available = a']
        lines = ini_tool.iniadd(lines, 'f', 'available', ['b', 'c'])
        self.assertEqual(['[f]', 'available = a', 'available = b',
                          'available = c'], lines)
        self.assertEqual(['a', 'b', 'c'],
                         ini_tool.values(lines, 'f', 'available'))

    def test_inicomment(self):
        lines = ini_tool.inicomment(['[a]', 'x = 1', 'xy = 2'], 'a', 'x')
        self.assertEqual(['[a]', '#x = 1', 'xy = 2'], lines)


class ConfCheckTest(testtools.TestCase):

    def _load(self, text):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'promise.conf')
        with open(path, 'w') as f:
            f.write(text)

        def register(conf):
            conf_check.register_namespaces(
                conf, conf_check.promise_namespaces())

        return conf_check.load(path, register)

    def test_accepts_registered_options(self):
        loaded = self._load('[DEFAULT]\nauth_strategy = noauth\n'
                            '[api]\nworkers = 3\n')
        self.assertEqual(3, loaded.conf.api.workers)

    def test_lists_every_unknown_section_option_and_bad_value(self):
        exc = self.assertRaises(conf_check.Problems, self._load, (
            '[DEFAULT]\nauth_strategy = sometimes\nno_such_option = 1\n'
            '[api]\nworkers = 0\nport = http\n'
            '[oslo_messaging]\ntransport_url = rabbit://\n'
            '[keystone_authtoken]\nauth_type = password\nusername = x\n'
            'user_name = x\n'))
        message = str(exc)
        for expected in (
                '[DEFAULT] auth_strategy: ',
                '[DEFAULT] no_such_option is not an option',
                '[api] workers: ',
                '[api] port: ',
                '[oslo_messaging] is not a section',
                '[keystone_authtoken] auth: ',
                '[keystone_authtoken] user_name is not an option'):
            self.assertIn(expected, message)
