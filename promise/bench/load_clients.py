"""Concurrent REST clients creating, updating and cancelling leases.

Each client owns the leases it created and works on them one request at
a time, so the last answer a client got for a lease is the state the
database must hold at the end. A request whose outcome is unknown (5xx,
timeout) leaves both the old and the new state possible; the ledger
keeps both.
"""
import collections
import datetime
import random
import threading
import time

import requests

ABSENT = None
BASE = datetime.datetime(2031, 6, 1)
_FMT = '%Y-%m-%d %H:%M'
_ANSWER_FMT = '%Y-%m-%dT%H:%M:%S.%f'
# Every instance asked for is 4 vCPU / 8 GiB / 20 GB.
UNIT = {'vcpus': 4, 'memory_mb': 8192, 'disk_gb': 20}


def _state(lease_body):
    """What the database must show for a lease the API answered with."""
    res = lease_body['reservations'][0]
    return (datetime.datetime.strptime(lease_body['start_date'],
                                       _ANSWER_FMT),
            datetime.datetime.strptime(lease_body['end_date'], _ANSWER_FMT),
            res['id'], res['amount'])


class Ledger:
    """Every answer, and per lease name the states it may be in."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = collections.defaultdict(list)   # op -> [(s, code)]
        # name -> list of possible states (ABSENT or _state tuples)
        self.expected = {}
        self.errors = collections.Counter()   # 'code error_name' -> n

    def record(self, op, seconds, code, error_name=None):
        with self.lock:
            self.samples[op].append((seconds, code))
            if error_name:
                self.errors['%s %s %s' % (op, code, error_name)] += 1

    def expect(self, name, *states):
        with self.lock:
            self.expected[name] = list(states)


class Client(threading.Thread):
    def __init__(self, url, ledger, index, deadline, span_hours, seed,
                 timeout=120):
        super().__init__(name='client-%d' % index, daemon=True)
        self.url = url + '/v1/leases'
        self.ledger = ledger
        self.index = index
        self.deadline = deadline
        self.span = span_hours
        self.rng = random.Random(seed * 1000 + index)
        self.timeout = timeout
        self.session = requests.Session()
        self.live = {}      # name -> (lease id, state)
        self.count = 0
        self.errors = []

    def _window(self):
        start = BASE + datetime.timedelta(hours=self.rng.randrange(self.span))
        end = start + datetime.timedelta(hours=self.rng.randrange(1, 49))
        return start.strftime(_FMT), end.strftime(_FMT)

    def _call(self, op, method, url, body=None):
        t0 = time.perf_counter()
        try:
            resp = self.session.request(method, url, json=body,
                                        timeout=self.timeout)
            code = resp.status_code
        except requests.RequestException as exc:
            resp, code = None, 'error:%s' % type(exc).__name__
        seconds = time.perf_counter() - t0
        error_name = None
        if resp is not None and code >= 400:
            try:
                error_name = resp.json().get('error_name')
            except ValueError:
                error_name = 'not JSON'
        self.ledger.record(op, seconds, code, error_name)
        return code, resp

    def create(self):
        self.count += 1
        name = 'load-%d-%d' % (self.index, self.count)
        start, end = self._window()
        amount = self.rng.choice([1, 2, 3])
        body = {'name': name, 'start_date': start, 'end_date': end,
                'reservations': [dict(UNIT, resource_type='virtual:instance',
                                      amount=amount, affinity=None)]}
        code, resp = self._call('create', 'POST', self.url, body)
        if code == 201:
            lease = resp.json()['lease']
            state = _state(lease)
            self.live[name] = (lease['id'], state)
            self.ledger.expect(name, state)
        elif isinstance(code, int) and code < 500:
            self.ledger.expect(name, ABSENT)
        else:
            # Unknown outcome: the lease may or may not have been made.
            self.ledger.expect(name, ABSENT, ('requested', start, end,
                                              amount))

    def update(self):
        name = self.rng.choice(sorted(self.live))
        lease_id, old = self.live[name]
        if self.rng.random() < 0.5:
            start, end = self._window()
            body = {'start_date': start, 'end_date': end}
            op = 'update_dates'
        else:
            amount = self.rng.choice([1, 2, 3, 4])
            body = {'reservations': [{'id': old[2], 'amount': amount}]}
            op = 'update_amount'
        code, resp = self._call(op, 'PUT', '%s/%s' % (self.url, lease_id),
                                body)
        if code == 200:
            state = _state(resp.json()['lease'])
            self.live[name] = (lease_id, state)
            self.ledger.expect(name, state)
        elif not isinstance(code, int) or code >= 500:
            # Either outcome is possible; the lease leaves this client's
            # hands so that its final state stays one of the two.
            del self.live[name]
            self.ledger.expect(name, old, ('updated', body))

    def delete(self):
        name = self.rng.choice(sorted(self.live))
        lease_id, old = self.live.pop(name)
        code, _ = self._call('delete', 'DELETE',
                             '%s/%s' % (self.url, lease_id))
        if code == 204:
            self.ledger.expect(name, ABSENT)
        elif isinstance(code, int) and code < 500:
            self.live[name] = (lease_id, old)
        else:
            self.ledger.expect(name, old, ABSENT)

    def run(self):
        try:
            while time.monotonic() < self.deadline:
                draw = self.rng.random()
                if not self.live or draw < 0.5:
                    self.create()
                elif draw < 0.8:
                    self.update()
                else:
                    self.delete()
        except Exception as exc:  # reported, never swallowed
            self.errors.append(repr(exc))
        finally:
            self.session.close()


def run(url, clients, seconds, span_hours, seed=20261121):
    """Run ``clients`` threads for ``seconds``; returns (ledger, elapsed,
    client errors)."""
    ledger = Ledger()
    deadline = time.monotonic() + seconds
    threads = [Client(url, ledger, i, deadline, span_hours, seed)
               for i in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    return ledger, elapsed, [e for t in threads for e in t.errors]
