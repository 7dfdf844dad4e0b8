"""Server utilization from a Prometheus server (node_exporter metrics, or
any PromQL giving percent per hypervisor host)."""
import requests

from promise.conf import CONF
from promise.measurements import base


class MeasurementError(Exception):
    pass


class PrometheusSource(base.MeasurementSource):
    def __init__(self, vim_driver=None, url=None, query=None, timeout=10):
        super().__init__(vim_driver)
        self.url = (url or CONF.placement.prometheus_url or '').rstrip('/')
        self.query = query or CONF.placement.prometheus_server_query
        self.timeout = timeout
        if not self.url:
            raise MeasurementError('[placement] prometheus_url is not set')

    def sample(self):
        try:
            resp = requests.get(self.url + '/api/v1/query',
                                params={'query': self.query},
                                timeout=self.timeout)
            resp.raise_for_status()
            body = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise MeasurementError('Prometheus query failed: %s' % exc)
        if body.get('status') != 'success':
            raise MeasurementError('Prometheus answered %s: %s' % (
                body.get('status'), body.get('error')))
        servers = {}
        for item in body.get('data', {}).get('result', []):
            instance = item.get('metric', {}).get('instance', '')
            # node_exporter labels are host:port.
            host = instance.rsplit(':', 1)[0] if ':' in instance \
                else instance
            try:
                servers[host] = float(item['value'][1])
            except (KeyError, IndexError, TypeError, ValueError):
                continue
        return base.Sample(servers=servers)
