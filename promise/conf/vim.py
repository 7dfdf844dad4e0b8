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
]

simulated_group = cfg.OptGroup('simulated', title='Simulated VIM driver')

simulated_opts = [
    cfg.StrOpt('topology_file',
               help='YAML file describing the simulated data centre: '
                    'server types, racks, hosts and flavors. When unset, '
                    'the mini NFV data centre shipped in '
                    'etc/promise/topology/mini-nfv-dc.yaml is used.'),
]


def register_opts(conf):
    conf.register_group(vim_group)
    conf.register_opts(vim_opts, group=vim_group)
    conf.register_group(simulated_group)
    conf.register_opts(simulated_opts, group=simulated_group)


def list_opts():
    return {vim_group: vim_opts, simulated_group: simulated_opts}
