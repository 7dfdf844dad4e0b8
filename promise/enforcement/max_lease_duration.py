from promise.conf import CONF
from promise.enforcement import base


class MaxLeaseDuration(base.EnforcementFilter):
    def check(self, context, session, lease, lease_id=None):
        limit = CONF.reservation.max_lease_duration
        if not limit:
            return
        length = (lease['end_date'] - lease['start_date']).total_seconds()
        if length > limit:
            raise base.LimitExceeded(
                reason='Lease duration of %d s exceeds the maximum of %d s '
                       '([reservation] max_lease_duration).' % (length,
                                                                limit))
