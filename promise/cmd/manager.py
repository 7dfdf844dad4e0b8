"""promise-manager: the RPC server that owns reservations."""
import socket

from promise.cmd import common
from promise.manager import service as manager_service


def main(argv=None):
    from oslo_service import service
    conf = common.prepare_service(argv)
    server = manager_service.ManagerService(host=socket.gethostname())
    launcher = service.launch(conf, server, workers=conf.manager.workers,
                              restart_method='mutate')
    launcher.wait()
