from oslo_config import cfg

placement_group = cfg.OptGroup(
    'placement', title='Policy-based placement',
    help='Datalog placement policies, the measurement collector, audits '
         'and action plans.')

placement_opts = [
    cfg.IntOpt('evaluation_interval', default=60, min=0,
               help='Seconds between two evaluations of every placement '
                    'policy by the manager; violations that appear or '
                    'clear are notified (placement.violation.*). 0 '
                    'evaluates only on events.'),
    cfg.StrOpt('measurement_source', default='allocation',
               help='Where server and VM utilization samples come from, '
                    'by name in the promise.measurement.sources entry '
                    'point namespace: "allocation" (the flavors of the '
                    'VMs on each server, from the VIM driver: the '
                    'placement draft\'s maximum-usage reading), '
                    '"simulated" (the simulated '
                    'driver\'s load model) or "prometheus".'),
    cfg.IntOpt('measurement_interval', default=30, min=1,
               help='Seconds a utilization sample serves before the next '
                    'evaluation takes a new one; a VM booted, deleted or '
                    'moved makes the next evaluation sample at once.'),
    cfg.IntOpt('measurement_window', default=300, min=1,
               help='Seconds of samples averaged into the average overall '
                    'utilization that policies read '
                    '(server_utilization).'),
    cfg.FloatOpt('audit_time_limit', default=10.0, min=0.1,
                 help='Seconds the solver may spend on one audit.'),
    cfg.IntOpt('migration_timeout', default=600, min=1,
               help='Seconds an action plan waits for one live migration '
                    'to finish before it stops with the move FAILED.'),
    cfg.StrOpt('prometheus_url',
               help='Base URL of the Prometheus server the "prometheus" '
                    'measurement source queries, e.g. '
                    'http://127.0.0.1:9090.'),
    cfg.StrOpt('prometheus_server_query',
               default='100 * (1 - avg by (instance) '
                       '(rate(node_cpu_seconds_total{mode="idle"}[5m])))',
               help='PromQL giving each server\'s utilization in percent; '
                    'the "instance" label (host part) must be the '
                    'hypervisor host name.'),
]


def register_opts(conf):
    conf.register_group(placement_group)
    conf.register_opts(placement_opts, group=placement_group)


def list_opts():
    return {placement_group: placement_opts}
