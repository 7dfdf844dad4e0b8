"""Running an admission: one write transaction, compare-and-swap on
generations, bounded retries with jittered backoff."""
import contextlib
import threading

from oslo_db import exception as db_exc
from oslo_log import log as logging
import tenacity

from promise import exceptions
from promise.conf import CONF
from promise.db import api as db_api
from promise.manager import world as world_mod

LOG = logging.getLogger(__name__)

# SQLite has one writer at a time and fails, rather than waits, when a
# reading transaction tries to write after another one did: writers of
# this process take turns instead.
_SQLITE_WRITERS = threading.Lock()

RETRYABLE = (world_mod.GenerationConflict, db_exc.DBDeadlock)


class TooMuchContention(exceptions.Conflict):
    msg_fmt = ('Too many concurrent changes to the same hosts; the request '
               'was not applied. Retry it.')


@contextlib.contextmanager
def _turn():
    if db_api.get_engine().dialect.name == 'sqlite':
        with _SQLITE_WRITERS:
            yield
    else:
        yield


def run(work):
    """Call ``work(session)`` in a write transaction until it commits
    without a generation conflict."""
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(RETRYABLE),
        stop=tenacity.stop_after_attempt(CONF.reservation.admission_retries),
        wait=tenacity.wait_random_exponential(multiplier=0.005, max=0.25),
        reraise=True)
    try:
        for attempt in retrying:
            with attempt, _turn(), db_api.writer() as session:
                return work(session)
    except RETRYABLE as exc:
        LOG.warning('Admission gave up after %d attempts: %s',
                    CONF.reservation.admission_retries, exc)
        raise TooMuchContention()
