"""An unreachable database is a 503, whichever process found out."""
import socket
from unittest import mock

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import engines
import oslo_messaging as messaging
import sqlalchemy as sa

from promise import exceptions
from promise.api.middleware import fault
from promise.db import api as db_api  # noqa: F401  (registers the rule)
from promise.manager import rpcapi
from promise.tests import base


class TestUnreachable(base.TestCase):

    def test_newer_libpq_refusal_is_a_connection_error(self):
        # Nothing listens on that port: libpq >= 14 says "connection to
        # server at ... failed", which oslo.db alone does not recognise.
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        url = 'postgresql+psycopg2://u@127.0.0.1:%d/x' % port
        engine = engines.create_engine(url, max_retries=0)
        self.addCleanup(engine.dispose)
        with self.assertRaises(db_exc.DBConnectionError):
            with engine.connect() as conn:
                conn.execute(sa.text('SELECT 1'))

    def test_manager_without_database_is_503(self):
        client = rpcapi.ManagerAPI()
        remote = messaging.RemoteError('DBConnectionError', 'refused', '')
        prepared = mock.Mock(**{'call.side_effect': remote})
        with mock.patch.object(client._client, 'prepare',
                               return_value=prepared), \
                mock.patch('promise.rpc.reply_channel_ready',
                           return_value=True):
            exc = self.assertRaises(exceptions.ServiceUnavailable,
                                    client.ping, None)
        self.assertIn('database is unreachable', exc.message)
        # Other remote errors stay what they are.
        prepared.call.side_effect = messaging.RemoteError('KeyError', 'x',
                                                          '')
        with mock.patch.object(client._client, 'prepare',
                               return_value=prepared), \
                mock.patch('promise.rpc.reply_channel_ready',
                           return_value=True):
            self.assertRaises(messaging.RemoteError, client.ping, None)

    def test_api_reading_without_database_is_503(self):
        import webob

        def app(environ, start_response):
            raise db_exc.DBConnectionError(RuntimeError('refused'))
        resp = webob.Request.blank('/v1/leases').get_response(
            fault.FaultWrapper(app))
        self.assertEqual(503, resp.status_int)
        self.assertEqual('ServiceUnavailable', resp.json['error_name'])
