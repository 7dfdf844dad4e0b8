import sqlalchemy as sa

from promise.conf import CONF
from promise.db import models
from promise.enforcement import base

LEASES = models.Lease.__table__


class MaxLeasesPerProject(base.EnforcementFilter):
    def check(self, context, session, lease, lease_id=None):
        limit = CONF.reservation.max_leases_per_project
        if not limit or lease_id is not None:
            return
        count = session.execute(
            sa.select(sa.func.count()).select_from(LEASES).where(
                LEASES.c.project_id == lease['project_id'],
                LEASES.c.end_date > lease['now'],
                LEASES.c.status.notin_(['TERMINATED', 'ERROR']))).scalar()
        if count >= limit:
            raise base.ProjectQuotaExceeded(
                reason='Project %s already holds %d leases, the most '
                       'allowed ([reservation] max_leases_per_project).'
                       % (lease['project_id'], count))
