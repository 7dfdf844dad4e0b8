import argparse

import testtools

from promise.osc import parsing


class TestKeyValues(testtools.TestCase):
    def test_commas_inside_brackets_and_quotes_stay_in_the_value(self):
        text = ('resource_type=physical:host,min=1,max=2,'
                'hypervisor_properties=[">=", "$vcpus", "8"],'
                'resource_properties=["and", ["=", "$a", "x,y"], '
                '["=", "$b", "z"]]')
        self.assertEqual(
            {'resource_type': 'physical:host', 'min': 1, 'max': 2,
             'hypervisor_properties': '[">=", "$vcpus", "8"]',
             'resource_properties':
                 '["and", ["=", "$a", "x,y"], ["=", "$b", "z"]]'},
            parsing.key_values(text))

    def test_types(self):
        self.assertEqual(
            {'amount': 3, 'affinity': False, 'pool': '123', 'x': None,
             'strategy': 'spread', 'memory_mb': -1},
            parsing.key_values('amount=3,affinity=False,pool=123,x=none,'
                               'strategy=spread,memory_mb=-1'))

    def test_errors(self):
        for text in ('min', 'min=1,min=2', 'a=[1,2', '=3',
                     'a="open'):
            self.assertRaises(argparse.ArgumentTypeError,
                              parsing.key_values, text)

    def test_empty_pairs_are_ignored(self):
        self.assertEqual({'a': 1}, parsing.key_values('a=1,'))


class TestReservationTypes(testtools.TestCase):
    def test_reservation_needs_resource_type(self):
        self.assertRaises(argparse.ArgumentTypeError,
                          parsing.reservation, 'amount=1')
        self.assertEqual(
            {'resource_type': 'capacity', 'pool': 'all', 'cores': 4},
            parsing.reservation('resource_type=capacity,pool=all,cores=4'))

    def test_physical_reservation(self):
        self.assertEqual(
            {'resource_type': 'physical:host', 'min': 1, 'max': 2,
             'resource_properties': '["=", "$rack", "r1"]'},
            parsing.physical_reservation(
                'min=1,max=2,resource_properties=["=", "$rack", "r1"]'))
        self.assertRaises(argparse.ArgumentTypeError,
                          parsing.physical_reservation, 'min=1')

    def test_reservation_update_needs_id(self):
        self.assertRaises(argparse.ArgumentTypeError,
                          parsing.reservation_update, 'amount=2')
        self.assertEqual({'id': '42', 'amount': 2},
                         parsing.reservation_update('id=42,amount=2'))

    def test_class_amount(self):
        self.assertEqual(('VCPU', -8), parsing.class_amount('VCPU=-8'))
        for text in ('VCPU', 'VCPU=x', '=3'):
            self.assertRaises(argparse.ArgumentTypeError,
                              parsing.class_amount, text)
