from oslo_config import cfg

reservation_group = cfg.OptGroup('reservation',
                                 title='Reservation and admission options')

reservation_opts = [
    cfg.StrOpt('placement_strategy',
               default='pack',
               choices=[('pack', 'Fill the fullest hosts first, keeping '
                                 'whole hosts free for later.'),
                        ('spread', 'Put each instance on the host with the '
                                   'most room left.')],
               help='How virtual:instance reservations choose hosts when '
                    'several fit.'),
    cfg.StrOpt('default_pool',
               default='all',
               help='Pool that capacity reservations draw from when they '
                    'name none.'),
    cfg.IntOpt('admission_retries',
               default=20,
               min=1,
               help='How many times an admission is retried when another '
                    'one changed the same hosts concurrently.'),
    cfg.IntOpt('search_horizon_days',
               default=366,
               min=1,
               help='How far after the requested start the earliest-window '
                    'search looks, in days.'),
    cfg.IntOpt('max_lease_duration',
               default=0,
               min=0,
               help='Longest lease allowed, in seconds; 0 for no limit. '
                    'Administrators are exempt.'),
    cfg.IntOpt('max_future_start',
               default=0,
               min=0,
               help='How far ahead a lease may start, in seconds; 0 for no '
                    'limit. Administrators are exempt.'),
    cfg.IntOpt('max_leases_per_project',
               default=0,
               min=0,
               help='Most leases a project may hold that have not ended; 0 '
                    'for no limit. Administrators are exempt.'),
    cfg.ListOpt('enforcement_filters',
                default=['max_lease_duration', 'max_future_start',
                         'max_leases_per_project'],
                help='Usage enforcement filters (entry points in '
                     'promise.enforcement.filters) run on lease create '
                     'and update.'),
    cfg.IntOpt('before_end_default',
               default=0,
               min=0,
               help='When a lease gives no before_end_date, an event runs '
                    'this many seconds before its end; 0 for none.'),
]


def register_opts(conf):
    conf.register_group(reservation_group)
    conf.register_opts(reservation_opts, group=reservation_group)


def list_opts():
    return {reservation_group: reservation_opts}
