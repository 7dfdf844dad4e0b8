"""The worked example of the draft on policy-based placement.

55 type-1 servers of the mini NFV DC (etc/promise/topology): 53 at 100 %
(four large.3 each), server-a at 62.5 % (two large.3 and large.2.X1),
server-b at 37.5 % (large.2.X2, large.2.Y, large.2.Z); X1 and X2 form
one HA group.
"""

from promise import placement
from promise.vim import topology

# Policy 1 as the draft's prose states it: at most one active type-1
# server below 50 %.  (The draft's one-line Datalog flags every type-1
# server below 50 %, which its own example, server-b at 37.5 % with no
# violation, contradicts.)
POLICY_1 = """
// servers of type 1 in use below 50 % overall utilization
underused(server) :- nova:node(server, "type1"),
                     server_utilization(server, overall_util),
                     gt(overall_util, 0), lt(overall_util, 50)
error(server) :- underused(server), underused(other), neq(server, other)
"""

# Policy 2 as the draft writes it, with its two slips fixed: the groups
# must be equal (not different) and the two VMs distinct.
POLICY_2 = """
error(vm1) :- anti_affinity_group(vm1, grp1), anti_affinity_group(vm2, grp2),
              equal(grp1, grp2), neq(vm1, vm2),
              vm_host_mapping(vm1, server1), vm_host_mapping(vm2, server2),
              equal(server1, server2)
"""

SERVER_A = "server-a"
SERVER_B = "server-b"


def policies():
    return placement.PolicySet([
        placement.Policy("policy1", POLICY_1),
        placement.Policy("policy2", POLICY_2, hard=True)])


def flavors():
    return {f.name: f for f in topology.load().flavors}


def data_centre(full_servers=53):
    """The example's DC before the large.3 is deleted."""
    topo = topology.load()
    type1 = [placement.Server.from_host(h) for h in topo.hosts
             if h.properties["server_type"] == "type1"]
    sizes = {name: placement.flavor_size(f)
             for name, f in flavors().items()}
    names = [f"server-{i:02d}" for i in range(1, full_servers + 1)]
    names += [SERVER_A, SERVER_B]
    servers = [placement.Server(name, server.server_type, server.capacity)
               for name, server in zip(names, type1)]
    vms = []
    for name in names[:full_servers]:
        vms += [placement.Vm(f"{name}.large.3.{k}", name, sizes["large.3"],
                             "large.3") for k in range(4)]

    def vm(name, host, flavor):
        return placement.Vm(name, host, sizes[flavor], flavor)

    vms += [vm("large.3.A1", SERVER_A, "large.3"),
            vm("large.3.A2", SERVER_A, "large.3"),
            vm("large.2.X1", SERVER_A, "large.2"),
            vm("large.2.X2", SERVER_B, "large.2"),
            vm("large.2.Y", SERVER_B, "large.2"),
            vm("large.2.Z", SERVER_B, "large.2")]
    return placement.DataCentre(
        servers, vms, {"ha-group": ["large.2.X1", "large.2.X2"]},
        flavors=flavors())


def after_deletion(full_servers=53):
    """One large.3 of server-a deleted: Policy 1 fires."""
    return data_centre(full_servers).without(["large.3.A2"])
