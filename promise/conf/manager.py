from oslo_config import cfg

manager_group = cfg.OptGroup('manager', title='Manager service options')

manager_opts = [
    cfg.StrOpt('topic',
               default='promise.manager',
               help='oslo.messaging topic the manager listens on.'),
    cfg.IntOpt('event_interval',
               default=10,
               min=1,
               help='Seconds between two scans for due lease events '
                    '(start, end, before_end).'),
    cfg.IntOpt('event_claim_timeout',
               default=600,
               min=10,
               help='Seconds after which a lease event claimed by a manager '
                    'that never finished it (it died) is run again by '
                    'another one.'),
    cfg.IntOpt('heal_interval',
               default=30,
               min=1,
               help='Seconds between two checks for freed capacity that '
                    'reservations missing resources (their lease '
                    'DEGRADED) can take back. A check that finds capacity '
                    'unchanged since the last attempt does nothing; a lease '
                    'deleted or shortened, or a downtime cancelled, '
                    'triggers one at once on the manager that did it.'),
    cfg.IntOpt('workers',
               default=1,
               min=1,
               help='Number of promise-manager processes to start. Several '
                    'managers may run on several nodes at once: each event '
                    'is claimed in the database by exactly one of them.'),
]


def register_opts(conf):
    conf.register_group(manager_group)
    conf.register_opts(manager_opts, group=manager_group)


def list_opts():
    return {manager_group: manager_opts}
