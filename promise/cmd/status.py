"""promise-status: upgrade checks (oslo.upgradecheck)."""
import sys

from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck

from promise.conf import CONF
from promise.db import migration
from promise.i18n import _


class Checks(upgradecheck.UpgradeCommands):

    def _check_schema(self):
        try:
            current = migration.current()
        except Exception as exc:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _('Cannot read the database: %s') % exc)
        head = migration.head()
        if current != head:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _('The schema is at %(cur)s, the code needs %(head)s: run '
                  '"promise-db-manage upgrade head".')
                % {'cur': current or 'nothing', 'head': head})
        return upgradecheck.Result(upgradecheck.Code.SUCCESS)

    _upgrade_checks = (
        (_('Database schema'), _check_schema),
        (_('Policy file'), (common_checks.check_policy_json,
                            {'conf': CONF})),
    )


def main():
    return upgradecheck.main(CONF, project='promise',
                             upgrade_command=Checks())


if __name__ == '__main__':
    sys.exit(main())
