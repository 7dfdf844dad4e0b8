import testtools

from promise.notifications import signing


class TestSigning(testtools.TestCase):

    def test_known_vector(self):
        # RFC 4231 test case 2.
        value = signing.sign('Jefe', b'what do ya want for nothing?')
        self.assertEqual(
            'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b'
            '964ec3843', value)

    def test_receiver_detects_changes(self):
        body = b'{"event_type": "lease.start"}'
        header = signing.sign('s3cret-s3cret-s3cret', body)
        self.assertTrue(signing.verify('s3cret-s3cret-s3cret', body, header))
        self.assertFalse(signing.verify('another-secret-value', body,
                                        header))
        self.assertFalse(signing.verify('s3cret-s3cret-s3cret',
                                        body + b' ', header))
        self.assertFalse(signing.verify('s3cret-s3cret-s3cret', body,
                                        header.replace('sha256=', 'sha1=')))
        self.assertFalse(signing.verify('s3cret-s3cret-s3cret', body, None))
