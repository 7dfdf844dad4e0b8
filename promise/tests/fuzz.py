"""Fuzz the API from its OpenAPI document (schemathesis on hypothesis).

Requests are generated per operation, valid and invalid ones by turns,
from a fixed seed, so that a run is repeated exactly; every answer is
checked: no 5xx, a documented status code and content type, a body of the
documented schema. A failure does not stop the run: the report lists each
one with a curl command that repeats it.

``python -m promise.tests.fuzz --requests 5000 --seed 1`` starts a
standalone ``promise-server`` on a free loopback port with a temporary
state directory, fuzzes it and writes a JSON report (``tox -e fuzz``).
"""
import argparse
import collections
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import hypothesis
from hypothesis import errors as hypothesis_errors
import requests
import schemathesis
from schemathesis import checks as st_checks
from schemathesis.core import failures as st_failures
from schemathesis.generation import modes
from schemathesis.specs.openapi import checks as openapi_checks

from promise.api import openapi_spec

CHECKS = [st_checks.not_a_server_error,
          openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance,
          openapi_checks.response_schema_conformance]
_MODES = (modes.GenerationMode.POSITIVE, modes.GenerationMode.NEGATIVE)
# Rounds over every operation: operations whose inputs are few (no
# parameters, no body) are exhausted early, the others get more.
_MAX_ROUNDS = 20


class Recorder:
    def __init__(self):
        self.requests = 0
        self.statuses = collections.Counter()
        self.per_operation = collections.defaultdict(collections.Counter)
        self.failures = {}
        self.seconds = collections.Counter()

    def record(self, case, response, mode):
        self.requests += 1
        label = case.operation.label
        self.statuses[str(response.status_code)] += 1
        self.per_operation[label][str(response.status_code)] += 1
        self.seconds[label] += response.elapsed
        try:
            case.validate_response(response, checks=CHECKS)
        except (st_failures.FailureGroup, st_failures.Failure,
                AssertionError) as exc:
            for failure in _failures(exc):
                key = (label, type(failure).__name__, response.status_code,
                       getattr(failure, 'title', ''))
                if key in self.failures:
                    self.failures[key]['count'] += 1
                    continue
                self.failures[key] = {
                    'operation': label, 'mode': str(mode),
                    'status': response.status_code,
                    'check': type(failure).__name__,
                    'title': getattr(failure, 'title', ''),
                    'message': str(getattr(failure, 'message', failure))[
                        :2000],
                    'response': response.text[:1000],
                    'curl': case.as_curl_command(), 'count': 1}

    def transport_error(self, case, exc):
        """The server broke the exchange (dropped connection, malformed
        answer): a failure as grave as a 5xx."""
        self.requests += 1
        self.statuses['error'] += 1
        label = case.operation.label
        self.per_operation[label]['error'] += 1
        key = (label, type(exc).__name__)
        if key in self.failures:
            self.failures[key]['count'] += 1
            return
        self.failures[key] = {
            'operation': label, 'status': None,
            'check': 'transport', 'title': type(exc).__name__,
            'message': str(exc)[:2000], 'response': '',
            'curl': case.as_curl_command(), 'count': 1}

    def report(self, seed, wanted, elapsed):
        return {'seed': seed, 'requests_wanted': wanted,
                'requests': self.requests,
                'seconds': round(elapsed, 1),
                'status_histogram': dict(sorted(self.statuses.items())),
                'server_errors': sum(n for s, n in self.statuses.items()
                                     if s.startswith('5') or s == 'error'),
                'failures': list(self.failures.values()),
                'operations': {k: dict(sorted(v.items())) for k, v in
                               sorted(self.per_operation.items())},
                'server_seconds': {k: round(v, 2) for k, v in
                                   self.seconds.most_common()}}


def _failures(exc):
    if isinstance(exc, st_failures.FailureGroup):
        return list(exc.exceptions)
    return [exc]


EXISTING = 'existing'


def _collection(path):
    """The list route whose items fill the path's first parameter."""
    return path.split('/{', 1)[0]


def _path_parameter(path):
    return path.split('{', 1)[1].split('}', 1)[0]


def _existing_ids(fetch, path):
    body = fetch(_collection(path)) or {}
    for value in body.values():
        if isinstance(value, list):
            return sorted(item['id'] for item in value
                          if isinstance(item, dict) and 'id' in item)
    return []


def fuzz(send, total, seed, doc=None, fetch=None):
    """Send about ``total`` generated requests through ``send(case)`` (which
    answers a response) and return the Recorder.

    Valid and invalid requests go by turns; with ``fetch(path)`` (the JSON
    body of a GET), operations on one resource also get valid requests
    naming a resource that exists, so that updates and deletions reach
    real ones rather than only answering 404."""
    schema = schemathesis.openapi.from_dict(doc or openapi_spec.document())
    operations = sorted((op.ok() for op in schema.get_all_operations()),
                        key=lambda op: op.label)
    recorder = Recorder()
    modes_of = {op.label: _MODES + ((EXISTING,) if fetch and '{' in op.path
                                    else ()) for op in operations}
    # (operation, mode) pairs that gave fewer requests than asked: their
    # inputs are exhausted (no parameter to vary, or nothing to make
    # invalid), and asking again only spins the generator.
    exhausted = set()
    for rnd in range(_MAX_ROUNDS):
        pairs = [(i, op, mode) for i, op in enumerate(operations)
                 for mode in modes_of[op.label]
                 if (op.label, mode) not in exhausted]
        left = total - recorder.requests
        if left <= 0 or not pairs:
            break
        share = max(1, -(-left // len(pairs)))
        round_start = recorder.requests
        for index, operation, mode in pairs:
            before = recorder.requests
            run_seed = seed + rnd * 1000 + index * 3 + (
                _MODES.index(mode) if mode in _MODES else 2)
            if mode == EXISTING:
                ids = _existing_ids(fetch, operation.path)
                if ids:
                    fixed = {_path_parameter(operation.path):
                             ids[(rnd + index) % len(ids)]}
                    _fuzz_operation(operation, modes.GenerationMode.POSITIVE,
                                    share, recorder, send, run_seed, fixed)
            else:
                _fuzz_operation(operation, mode, share, recorder, send,
                                run_seed)
                if recorder.requests - before < share:
                    exhausted.add((operation.label, mode))
            if recorder.requests >= total:
                break
        if recorder.requests == round_start:
            break
    return recorder


def _fuzz_operation(operation, mode, examples, recorder, send, seed,
                    path_parameters=None):
    strategy = operation.as_strategy(generation_mode=mode,
                                     path_parameters=path_parameters)

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=examples, database=None, deadline=None,
        derandomize=False, phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(case=strategy)
    def run(case):
        try:
            response = send(case)
        except requests.RequestException as exc:
            recorder.transport_error(case, exc)
        else:
            recorder.record(case, response, mode)

    try:
        run()
    except (hypothesis_errors.Unsatisfiable,
            hypothesis_errors.FailedHealthCheck):
        pass


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _server_command():
    script = os.path.join(os.path.dirname(sys.executable), 'promise-server')
    if os.path.exists(script):
        return [script]
    return [sys.executable, '-c',
            'import sys; from promise.cmd import server; '
            'sys.exit(server.main(sys.argv[1:]))']


class StandaloneServer:
    """promise-server on a free loopback port and a temporary state dir."""

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix='promise-fuzz-')
        port = _free_port()
        conf = os.path.join(self.dir, 'promise.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nlog_dir = %s\n[api]\nhost = 127.0.0.1\n'
                    'port = %d\n' % (self.dir, port))
        self.url = 'http://127.0.0.1:%d' % port
        self.out = open(os.path.join(self.dir, 'server.out'), 'wb')
        self.proc = subprocess.Popen(
            _server_command() + ['--config-file', conf],
            env=dict(os.environ, PROMISE_STATE_DIR=self.dir),
            stdout=self.out, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('promise-server exited: see %s' %
                                   self.dir)
            try:
                if requests.get(self.url + '/v1/leases',
                                timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError('promise-server did not answer in time')

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)
        self.out.close()
        if not exc[0]:
            shutil.rmtree(self.dir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--requests', type=int, default=5000)
    parser.add_argument('--seed', type=int, default=20261121)
    parser.add_argument('--output', default='bench-results/fuzz.json')
    parser.add_argument('--url', help='fuzz this server instead of '
                                      'starting one')
    args = parser.parse_args(argv)
    started = time.monotonic()
    with requests.Session() as session:
        def send(case):
            return case.call(base_url=url, session=session, timeout=60)

        def fetch(path):
            return session.get(url + path, timeout=60).json()

        if args.url:
            url = args.url
            recorder = fuzz(send, args.requests, args.seed, fetch=fetch)
        else:
            with StandaloneServer() as server:
                url = server.url
                recorder = fuzz(send, args.requests, args.seed, fetch=fetch)
    report = recorder.report(args.seed, args.requests,
                             time.monotonic() - started)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)),
                exist_ok=True)
    with open(args.output, 'w') as f:
        json.dump(report, f, indent=1)
    print('%d requests, statuses %s, %d failures; report in %s' % (
        report['requests'], report['status_histogram'],
        len(report['failures']), args.output))
    return 1 if report['failures'] else 0


if __name__ == '__main__':
    sys.exit(main())
