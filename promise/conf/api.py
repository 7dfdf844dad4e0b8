from oslo_config import cfg

api_group = cfg.OptGroup('api', title='API service options')

api_opts = [
    cfg.HostAddressOpt('host',
                       default='127.0.0.1',
                       help='Address the promise-api server listens on.'),
    cfg.PortOpt('port',
                default=1234,
                help='TCP port the promise-api server listens on. 1234 is '
                     'the port Blazar uses, so clients configured for '
                     'Blazar find Promise at the same place.'),
    cfg.IntOpt('workers',
               default=2,
               min=1,
               help='Number of promise-api worker processes.'),
    cfg.IntOpt('threads',
               default=8,
               min=1,
               help='Threads per promise-api worker; each serves one '
                    'request at a time.'),
    cfg.IntOpt('max_limit',
               default=1000,
               min=1,
               help='Largest number of items a list request returns, '
                    'whatever limit it asks for.'),
    cfg.IntOpt('rpc_response_timeout',
               default=30,
               min=1,
               help='Seconds the API waits for the manager to answer a '
                    'request before answering 503.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
