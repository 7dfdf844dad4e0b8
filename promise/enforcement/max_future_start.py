from promise.conf import CONF
from promise.enforcement import base


class MaxFutureStart(base.EnforcementFilter):
    def check(self, context, session, lease, lease_id=None):
        limit = CONF.reservation.max_future_start
        if not limit:
            return
        ahead = (lease['start_date'] - lease['now']).total_seconds()
        if ahead > limit:
            raise base.LimitExceeded(
                reason='Leases may start at most %d s ahead ([reservation] '
                       'max_future_start); this one starts %d s ahead.'
                       % (limit, ahead))
