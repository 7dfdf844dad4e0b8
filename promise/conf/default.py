from oslo_config import cfg

default_opts = [
    cfg.StrOpt('auth_strategy',
               default='keystone',
               choices=[('keystone', 'Validate tokens with keystonemiddleware '
                                     'and build the request context from '
                                     'the headers it sets.'),
                        ('noauth', 'No authentication: a request acts as '
                                   'the user and project named in its '
                                   'X-User-Id / X-Project-Id headers, admin '
                                   'by default. For standalone use and '
                                   'tests only.')],
               help='How API requests are authenticated.'),
    cfg.StrOpt('state_path',
               default='/var/lib/promise',
               help='Directory where Promise keeps its state, such as the '
                    'SQLite database of the standalone server.'),
]


def register_opts(conf):
    conf.register_opts(default_opts)


def list_opts():
    return {'DEFAULT': default_opts}
