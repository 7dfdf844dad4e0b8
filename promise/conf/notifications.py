from oslo_config import cfg

notifications_group = cfg.OptGroup(
    'notifications', title='Notifications and webhook subscriptions')

notifications_opts = [
    cfg.FloatOpt('scan_interval',
                 default=1.0,
                 min=0.1,
                 help='Seconds between two scans of the outbox for events '
                      'to publish, and of the deliveries that are due.'),
    cfg.IntOpt('max_attempts',
               default=10,
               min=1,
               help='Attempts made to deliver an event to a webhook before '
                    'the delivery is marked dead.'),
    cfg.FloatOpt('backoff_base',
                 default=5.0,
                 min=0.1,
                 help='Seconds to wait after the first failed delivery; the '
                      'wait doubles with each further failure, plus a '
                      'random jitter of up to this value.'),
    cfg.FloatOpt('backoff_max',
                 default=3600.0,
                 min=1.0,
                 help='Longest wait between two delivery attempts, in '
                      'seconds.'),
    cfg.FloatOpt('request_timeout',
                 default=5.0,
                 min=0.1,
                 help='Seconds a webhook receiver has to accept the '
                      'connection, and again to answer.'),
    cfg.IntOpt('claim_timeout',
               default=60,
               min=1,
               help='Seconds a manager holds a delivery it is making, or '
                    'an event it is sending to the message bus. A '
                    'delivery or send held by a manager that died is made '
                    'again by any manager once this has passed. Never '
                    'less than twice request_timeout plus one second for '
                    'deliveries; keep it above the time bus_retry '
                    'attempts to reach the broker can take.'),
    cfg.IntOpt('max_payload_bytes',
               default=65536,
               min=1024,
               help='Largest webhook body, in bytes. A larger event is sent '
                    'without the data of its payload, marked '
                    '"payload_truncated"; the receiver reads the resource '
                    'from the API instead.'),
    cfg.ListOpt('callback_allow_list',
                default=[],
                help='Networks (CIDR) and host names that webhook URLs may '
                     'point to even though they are loopback, link-local, '
                     'private or otherwise not public. Empty: only public '
                     'addresses are called.'),
    cfg.IntOpt('delivery_workers',
               default=4,
               min=1,
               help='Threads per manager making webhook deliveries; the '
                    'deliveries of one subscription are made one after '
                    'the other, in event order.'),
    cfg.IntOpt('max_subscriptions_per_project',
               default=50,
               min=0,
               help='Most subscriptions a project may hold; 0 for no '
                    'limit.'),
    cfg.IntOpt('bus_retry',
               default=2,
               min=0,
               help='Times the manager tries again to reach the message '
                    'bus when sending an event there, before it gives up '
                    'and leaves the event in the outbox for a later turn. '
                    'Sending to the bus never holds up webhook '
                    'deliveries.'),
    cfg.FloatOpt('bus_retry_interval',
                 default=5.0,
                 min=0.1,
                 help='Seconds the manager waits, after the message bus '
                      'could not be reached, before it tries to send the '
                      'events waiting in the outbox again.'),
    cfg.IntOpt('retention_days',
               default=14,
               min=1,
               help='Days after which published events and finished '
                    'deliveries (delivered or dead) are purged.'),
]


def register_opts(conf):
    conf.register_group(notifications_group)
    conf.register_opts(notifications_opts, group=notifications_group)


def list_opts():
    return {notifications_group: notifications_opts}
