"""Load a data-centre topology file (YAML) into hosts and flavors."""
import os
import sys

import yaml

from promise.vim import base

DEFAULT_NAME = 'mini-nfv-dc.yaml'


class TopologyError(ValueError):
    pass


def default_path():
    """The shipped mini NFV DC, installed or in a source checkout."""
    candidates = [
        os.path.join(sys.prefix, 'etc', 'promise', 'topology', DEFAULT_NAME),
        os.path.join(os.path.dirname(__file__), '..', '..', 'etc',
                     'promise', 'topology', DEFAULT_NAME),
        os.path.join('/etc/promise/topology', DEFAULT_NAME),
    ]
    for path in candidates:
        if os.path.exists(path):
            return os.path.abspath(path)
    raise TopologyError('the default topology %s is not installed; set '
                        '[simulated] topology_file' % DEFAULT_NAME)


def load(path=None):
    path = path or default_path()
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as exc:
        raise TopologyError('cannot read topology %s: %s' % (path, exc))
    if not isinstance(data, dict):
        raise TopologyError('topology %s is not a mapping' % path)
    return Topology(data)


class Topology:
    def __init__(self, data):
        self.name = data.get('name', 'simulated')
        self.zone = data.get('availability_zone', 'nova')
        self.hypervisor_type = data.get('hypervisor_type', 'QEMU')
        self.server_types = data.get('server_types') or {}
        self.ratios = data.get('allocation_ratios') or {}
        self.hosts = self._explicit_hosts(data.get('hosts') or [])
        self.hosts += self._generated_hosts(data.get('generate'),
                                            data.get('racks') or {},
                                            start=len(self.hosts))
        names = [h.hypervisor_hostname for h in self.hosts]
        if len(set(names)) != len(names):
            raise TopologyError('host names must be unique')
        self.flavors = [
            base.FlavorInfo(name=name, vcpus=int(f['vcpus']),
                            ram=int(f['ram']), disk=int(f.get('disk', 0)))
            for name, f in (data.get('flavors') or {}).items()]

    def _host(self, name, server_type, rack=None, extra=None):
        if server_type not in self.server_types:
            raise TopologyError('host %s has unknown server type %s'
                                % (name, server_type))
        spec = self.server_types[server_type]
        props = {'server_type': server_type}
        if spec.get('vendor'):
            props['vendor'] = spec['vendor']
        if rack:
            props['rack'] = rack
        props.update(extra or {})
        return base.HostInfo(
            hypervisor_hostname=name, vcpus=int(spec['vcpus']),
            memory_mb=int(spec['memory_mb']),
            local_gb=int(spec.get('local_gb', 0)),
            hypervisor_type=self.hypervisor_type, hypervisor_version=1,
            service_name=name, availability_zone=self.zone,
            properties=props, allocation_ratios=dict(self.ratios))

    def _explicit_hosts(self, hosts):
        return [self._host(h['name'], h['server_type'], h.get('rack'),
                           h.get('properties'))
                for h in hosts]

    def _generated_hosts(self, generate, racks, start):
        if not generate:
            return []
        per_rack = int(racks.get('hosts_per_rack', 0)) or None
        rack_fmt = racks.get('name_format', 'rack-{rack:02d}')
        fmt = generate.get('name_format', 'compute-{index:03d}')
        hosts = []
        index = start
        for group in generate.get('groups', []):
            for _ in range(int(group['count'])):
                index += 1
                rack = (rack_fmt.format(rack=(index - 1) // per_rack + 1)
                        if per_rack else None)
                hosts.append(self._host(fmt.format(index=index),
                                        group['server_type'], rack))
        return hosts
