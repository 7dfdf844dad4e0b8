from oslo_config import cfg

vim_group = cfg.OptGroup('vim', title='Virtual infrastructure manager')

vim_opts = [
    cfg.StrOpt('driver',
               default='simulated',
               help='VIM driver, by its name in the promise.vim.drivers '
                    'entry point namespace. "simulated" reads a topology '
                    'file and needs no cloud.'),
    cfg.StrOpt('register_hosts',
               default='initial',
               choices=[('initial', 'Register every host the VIM reports '
                                    'when no host is registered yet (first '
                                    'start); later, hosts are registered '
                                    'through the os-hosts API, as with '
                                    'Blazar.'),
                        ('always', 'Register, at every manager start, the '
                                   'hosts the VIM reports that are not '
                                   'registered.'),
                        ('never', 'Only the os-hosts API registers hosts.')],
               help='Which hosts the manager registers by itself.'),
    cfg.IntOpt('sync_interval',
               default=60,
               min=1,
               help='Seconds between two polls of every provider\'s '
                    'hypervisors and compute services into host '
                    'inventories and states. Driver events (a service '
                    'going down, an instance becoming ACTIVE) are applied '
                    'as they come; the poll catches what no event told.'),
]

instances_group = cfg.OptGroup('instances', title='Instances booted '
                                                  'through Promise')

instances_opts = [
    cfg.StrOpt('preemptible_action',
               default='delete',
               choices=[('delete', 'Delete the preemptible instance.'),
                        ('shelve', 'Shelve and offload it: it keeps its '
                                   'disk and can be unshelved later.'),
                        ('migrate', 'Live-migrate it to a host with room '
                                    'now; deleted when none has.')],
               help='What happens to a preemptible instance when the '
                    'reservation whose capacity it uses starts.'),
    cfg.IntOpt('preemptible_grace_period',
               default=60,
               min=0,
               help='Seconds between the instance.preempt.warning '
                    'notification and the eviction of a preemptible '
                    'instance.'),
    cfg.IntOpt('boot_grace_period',
               default=600,
               min=0,
               help='Seconds an instance may stay INITIALIZED, with no '
                    'server recorded for it, before the periodic VIM poll '
                    'looks for its server; an instance the VIM has no '
                    'server for after that is put in ERROR and its '
                    'capacity freed. Within the period a boot may still '
                    'be in flight and is left alone.'),
]

simulated_group = cfg.OptGroup('simulated', title='Simulated VIM driver')

simulated_opts = [
    cfg.StrOpt('topology_file',
               help='YAML file describing the simulated data centre: '
                    'server types, racks, hosts and flavors. When unset, '
                    'the mini NFV data centre shipped in '
                    'etc/promise/topology/mini-nfv-dc.yaml is used.'),
    cfg.FloatOpt('boot_delay',
                 default=0.2,
                 min=0,
                 help='Seconds a simulated server takes to boot before '
                      'instance.create.end (or .error) is emitted.'),
    cfg.FloatOpt('delete_delay',
                 default=0.1,
                 min=0,
                 help='Seconds a simulated server takes to be deleted '
                      'before instance.delete.end is emitted.'),
    cfg.FloatOpt('migrate_delay',
                 default=0.2,
                 min=0,
                 help='Seconds a simulated live migration or shelve '
                      'offload takes before its end event is emitted.'),
    cfg.FloatOpt('boot_failure_rate',
                 default=0.0,
                 min=0.0,
                 max=1.0,
                 help='Probability that a simulated boot ends in ERROR, to '
                      'exercise failure handling.'),
    cfg.IntOpt('seed',
               help='Seed of the random generator that decides which '
                    'simulated boots fail; unset, every run differs.'),
    cfg.ListOpt('failing_hosts',
                default=[],
                help='Hosts on which every simulated boot and migration '
                     'fails (a broken hypervisor that still reports up).'),
]


def register_opts(conf):
    conf.register_group(vim_group)
    conf.register_opts(vim_opts, group=vim_group)
    conf.register_group(simulated_group)
    conf.register_opts(simulated_opts, group=simulated_group)
    conf.register_group(instances_group)
    conf.register_opts(instances_opts, group=instances_group)


def list_opts():
    return {vim_group: vim_opts, simulated_group: simulated_opts,
            instances_group: instances_opts}
