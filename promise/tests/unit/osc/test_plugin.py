import argparse
import sys
import types
from unittest import mock

import testtools

from promise.osc import plugin


class _EntryPoint:
    def __init__(self, name, module):
        self.name = name
        self.module = module


class TestPluginAlongsideBlazarclient(testtools.TestCase):
    """python-blazarclient registers the same ``reservation`` plugin."""

    def setUp(self):
        super().setUp()
        plugin._other_plugins.cache_clear()
        self.addCleanup(plugin._other_plugins.cache_clear)
        self.other = types.ModuleType('other_reservation_plugin')
        self.other.make_client = mock.Mock(return_value='other-client')
        self.other.build_option_parser = lambda parser: (
            parser.add_argument('--os-reservation-api-version') and parser)
        modules = mock.patch.dict(sys.modules,
                                  {'other_reservation_plugin': self.other})
        modules.start()
        self.addCleanup(modules.stop)

    def _installed(self, *modules):
        eps = [_EntryPoint('reservation', plugin.__name__),
               _EntryPoint('compute', 'openstackclient.compute.client')]
        eps += [_EntryPoint('reservation', m) for m in modules]
        patcher = mock.patch.object(plugin.metadata, 'entry_points',
                                    return_value=eps)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _instance(self):
        instance = mock.Mock(spec=['_api_version', 'interface',
                                   'region_name', 'session',
                                   'get_endpoint_for_service_type'])
        instance._api_version = {'reservation': '1'}
        instance.interface = 'public'
        instance.region_name = None
        instance.get_endpoint_for_service_type.return_value = (
            'http://127.0.0.1:1234/v1')
        return instance

    def test_alone_it_adds_the_option_and_serves_its_client(self):
        self._installed()
        parser = plugin.build_option_parser(argparse.ArgumentParser())
        self.assertEqual('1', parser.parse_args([]).os_reservation_api_version)
        instance = self._instance()
        client = plugin.make_client(instance)
        self.assertIs(client, plugin.promise_client(instance))
        self.assertEqual('http://127.0.0.1:1234/v1',
                         client.adapter.endpoint_override)

    def test_both_plugins_build_one_parser_in_either_order(self):
        self._installed('other_reservation_plugin')
        for order in ((plugin, self.other), (self.other, plugin)):
            parser = argparse.ArgumentParser()
            for module in order:
                parser = module.build_option_parser(parser)
            # argparse refuses a second --os-reservation-api-version.
            self.assertIsNone(parser.parse_args([]).os_reservation_api_version)

    def test_each_command_family_gets_its_own_client(self):
        self._installed('other_reservation_plugin')
        instance = self._instance()
        self.assertEqual('other-client', plugin.make_client(instance))
        self.other.make_client.assert_called_once_with(instance)
        ours = plugin.promise_client(instance)
        self.assertIsNot(ours, 'other-client')
        self.assertIs(ours, plugin.promise_client(instance))

    def test_a_broken_other_plugin_is_passed_over(self):
        self._installed('no_such_plugin_module')
        instance = self._instance()
        self.assertIs(plugin.promise_client(instance),
                      plugin.make_client(instance))
