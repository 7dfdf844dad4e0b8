"""Which database errors mean "the database cannot be reached".

Callers map them to 503 instead of 500. oslo.db turns most of them into
``DBConnectionError``, but its PostgreSQL rule knows only the message of
libpq before version 14 ("could not connect to server"); newer libpq says
"connection to server at ... failed", which is taught to oslo.db here.
"""
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import exc_filters
import sqlalchemy as sa

# Names of the exceptions that say so, as they cross RPC (by class name).
NAMES = frozenset(['DBConnectionError'])


@exc_filters.filters('postgresql', sa.exc.OperationalError,
                     r'.*connection to server .* failed')
def _libpq_connection_error(error, match, engine_name, is_disconnect):
    raise db_exc.DBConnectionError(error)
