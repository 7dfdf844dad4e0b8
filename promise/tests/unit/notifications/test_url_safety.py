"""Callback URLs: only public addresses, unless the operator allows."""
import socket

import testtools

from promise.notifications import url_safety


def resolver(*addresses):
    def resolve(host, port, type=None):
        return [(socket.AF_INET6 if ':' in a else socket.AF_INET,
                 socket.SOCK_STREAM, 6, '', (a, port)) for a in addresses]
    return resolve


def unresolvable(host, port, type=None):
    raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')


class TestURLSafety(testtools.TestCase):

    def refused(self, url, resolve, allow=()):
        return str(self.assertRaises(url_safety.UnsafeURL, url_safety.check,
                                     url, allow, resolve))

    def test_public_address_is_called(self):
        target = url_safety.check('https://hooks.example.net/x?a=1', (),
                                  resolver('1.1.1.1', '8.8.8.8',
                                           '1.1.1.1'))
        self.assertEqual(('https', 'hooks.example.net', 443),
                         (target.scheme, target.host, target.port))
        self.assertEqual(['1.1.1.1', '8.8.8.8'], target.addresses)

    def test_every_kind_of_inside_address_is_refused(self):
        for address, why in (('127.0.0.1', 'loopback'),
                             ('::1', 'loopback'),
                             ('169.254.169.254', 'metadata'),
                             ('169.254.10.1', 'link-local'),
                             ('fe80::1', 'link-local'),
                             ('10.0.0.5', 'private'),
                             ('192.168.1.1', 'private'),
                             ('172.16.0.1', 'private'),
                             ('fd00::1', 'private'),
                             ('224.0.0.1', 'multicast'),
                             ('0.0.0.0', 'unspecified'),
                             ('100.64.0.1', 'not a public address'),
                             # Documentation ranges count as private.
                             ('203.0.113.9', 'private'),
                             ('::ffff:127.0.0.1', 'loopback')):
            message = self.refused('http://h.example/', resolver(address))
            self.assertIn(why, message, address)
            self.assertIn('callback_allow_list', message)

    def test_one_bad_address_among_good_ones_is_enough(self):
        self.refused('http://h.example/',
                     resolver('8.8.8.8', '127.0.0.1'))

    def test_allow_list_by_network_and_by_name(self):
        url_safety.check('http://127.0.0.1:8080/', ['127.0.0.0/8'],
                         resolver('127.0.0.1'))
        url_safety.check('http://hooks.internal/', ['Hooks.Internal'],
                         resolver('10.1.2.3'))
        self.refused('http://other.internal/', resolver('10.1.2.3'),
                     ['hooks.internal', '127.0.0.0/8'])

    def test_malformed_urls(self):
        good = resolver('8.8.8.8')
        for url, why in (('ftp://h.example/', 'only http and https'),
                         ('file:///etc/passwd', 'only http and https'),
                         ('http:///path', 'no host'),
                         ('http://u:p@h.example/', 'credentials'),
                         ('http://h.example:99999/', 'not a valid URL'),
                         ('http://h.example/#x', 'fragment'),
                         ('http://h.example/' + 'a' * 2048, '2048')):
            self.assertIn(why, self.refused(url, good), url)

    def test_unresolvable_host(self):
        self.assertIn('does not resolve',
                      self.refused('http://nowhere.invalid/', unresolvable))

    def test_literal_addresses_need_no_dns(self):
        self.refused('http://[::1]:80/', socket.getaddrinfo)
        self.refused('http://169.254.169.254/latest/meta-data/',
                     socket.getaddrinfo)
        target = url_safety.check('http://127.0.0.1:9/', ['127.0.0.1/32'])
        self.assertEqual(['127.0.0.1'], target.addresses)
