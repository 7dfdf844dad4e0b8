"""Running an admission: one write transaction, compare-and-swap on
generations, bounded retries with jittered backoff."""
from oslo_db import exception as db_exc
from oslo_log import log as logging
import tenacity

from promise import exceptions
from promise.conf import CONF
from promise.db import api as db_api
from promise.manager import world as world_mod

LOG = logging.getLogger(__name__)

RETRYABLE = (world_mod.GenerationConflict, db_exc.DBDeadlock)


TooMuchContention = exceptions.TooMuchContention


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
            with attempt, db_api.writer() as session:
                return work(session)
    except RETRYABLE as exc:
        LOG.warning('Admission gave up after %d attempts: %s',
                    CONF.reservation.admission_retries, exc)
        raise TooMuchContention()
